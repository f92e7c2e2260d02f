package io.streamlearn.query;

import io.streamlearn.eval.LearnerStats;
import io.streamlearn.pipeline.LearningPipeline;
import java.util.ArrayList;
import java.util.List;

/**
 * Every learner's readings summed over the keys of a {@code scope: key} pipeline, for metrics whose
 * labels never name a key: losses, accuracies, norms and gradient norms as the mean over the keys
 * that have a value (NaN when none has), counts (updates, weights, nonzero weights, clipped steps)
 * as sums; a raw-event pipeline's encoder counts ({@link FieldCounts}) as sums. Filled by the thread
 * that owns the keys, then handed over; merged across tasks.
 */
public final class KeyAggregate {

    private static final int MEANS = 10;
    private static final int SUMS = 5;

    private final List<String> learners;
    private final double[][] sums;
    private final long[][] counts;
    private final long[][] totals;
    private long keys;
    /** The keys' encoder counts summed; null for feature records and before a key. */
    private FieldCounts fields;

    public KeyAggregate(List<String> learners) {
        this.learners = List.copyOf(learners);
        this.sums = new double[learners.size()][MEANS];
        this.counts = new long[learners.size()][MEANS];
        this.totals = new long[learners.size()][SUMS];
    }

    /** Adds one key's pipeline; call on the thread that owns it. */
    public void add(LearningPipeline p) {
        keys++;
        if (p.events() != null) {
            fields = plus(fields, FieldCounts.of(p));
        }
        List<PipelineMonitor.LearnerSnapshot> snapshot = PipelineMonitor.LearnerSnapshot.of(p);
        for (int i = 0; i < learners.size(); i++) {
            PipelineMonitor.LearnerSnapshot l = snapshot.get(i);
            LearnerStats s = l.stats();
            double[] v = {s.prequentialLoss(), s.trainLoss(), s.holdoutLoss(), s.gap(), s.prequentialAccuracy(),
                s.trainAccuracy(), s.holdoutAccuracy(), l.weightsL1(), l.weightsL2(), l.lastGradientNorm()};
            for (int f = 0; f < MEANS; f++) {
                if (!Double.isNaN(v[f])) {
                    sums[i][f] += v[f];
                    counts[i][f]++;
                }
            }
            long[] t = {s.updates(), s.rejectedSteps(), l.nonZeroWeights(), l.weightCount(), l.clippedSteps()};
            for (int f = 0; f < SUMS; f++) {
                totals[i][f] += t[f];
            }
        }
    }

    /** Adds another aggregate of the same learners. */
    public void addAll(KeyAggregate other) {
        keys += other.keys;
        if (other.fields != null) {
            fields = plus(fields, other.fields);
        }
        for (int i = 0; i < learners.size(); i++) {
            for (int f = 0; f < MEANS; f++) {
                sums[i][f] += other.sums[i][f];
                counts[i][f] += other.counts[i][f];
            }
            for (int f = 0; f < SUMS; f++) {
                totals[i][f] += other.totals[i][f];
            }
        }
    }

    private static FieldCounts plus(FieldCounts a, FieldCounts b) {
        return a == null ? b : a.plus(b);
    }

    /** The encoder counts of the keys added, summed; null for feature records or when no key was added. */
    public FieldCounts fieldCounts() {
        return fields;
    }

    /** Keys added. */
    public long keys() {
        return keys;
    }

    /** Every learner's means and sums, in learner order; empty when no key was added. */
    public List<PipelineMonitor.LearnerSnapshot> snapshots() {
        List<PipelineMonitor.LearnerSnapshot> out = new ArrayList<>();
        if (keys == 0) {
            return out;
        }
        for (int i = 0; i < learners.size(); i++) {
            double[] m = new double[MEANS];
            for (int f = 0; f < MEANS; f++) {
                m[f] = counts[i][f] == 0 ? Double.NaN : sums[i][f] / counts[i][f];
            }
            long[] t = totals[i];
            out.add(new PipelineMonitor.LearnerSnapshot(learners.get(i),
                    new LearnerStats(m[0], m[1], m[2], m[3], m[4], m[5], m[6], t[0], t[1]), t[2], t[3], m[7], m[8], m[9],
                    t[4]));
        }
        return out;
    }
}
