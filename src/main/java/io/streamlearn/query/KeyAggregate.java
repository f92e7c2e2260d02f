package io.streamlearn.query;

import io.streamlearn.eval.LearnerStats;
import io.streamlearn.learn.OnlineModel;
import io.streamlearn.pipeline.LearnerSlot;
import io.streamlearn.pipeline.LearningPipeline;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Every learner's readings summed over the keys of a {@code scope: key} pipeline, for metrics whose
 * labels never name a key: losses, accuracies, norms and gradient norms as the mean over the keys
 * that have a value (NaN when none has), counts (updates, weights, nonzero weights, clipped steps)
 * as sums; a raw-event pipeline's encoder counts ({@link FieldCounts}) as sums. Filled by the thread that owns the keys, then handed over as a {@link #copy}; merged
 * across tasks.
 *
 * <p>Kept incrementally (docs/DESIGN.md, "Per-key aggregates"): the owner of the keys keeps each
 * key's {@link KeyReading} as it last {@link #add added} it, and when a key changes it
 * {@link #remove removes} the old reading and adds the new one; a key that leaves memory is
 * removed. The sums are then those of a recomputation over the keys, up to the rounding of the
 * additions and subtractions (the counts and totals exactly).
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

    /**
     * One key's readings, learner after learner, as an aggregate adds them: what the owner keeps to
     * take them out again (flat arrays: a few hundred bytes a key).
     */
    public static final class KeyReading {
        private final double[] means;
        private final long[] totals;
        /** The key's encoder counts; null for feature records. */
        private final FieldCounts fields;

        private KeyReading(double[] means, long[] totals, FieldCounts fields) {
            this.means = means;
            this.totals = totals;
            this.fields = fields;
        }
    }

    /**
     * The readings of {@code p}'s learners now, in learner order; call on the thread that owns
     * {@code p}. Reads what the metrics take, not the whole {@link PipelineMonitor.LearnerSnapshot}.
     */
    public static KeyReading readingOf(LearningPipeline p) {
        List<LearnerSlot> slots = p.slots();
        double[] means = new double[slots.size() * MEANS];
        long[] totals = new long[slots.size() * SUMS];
        for (int i = 0; i < slots.size(); i++) {
            LearnerSlot slot = slots.get(i);
            OnlineModel m = slot.model();
            LearnerStats s = slot.stats();
            System.arraycopy(new double[] {s.prequentialLoss(), s.trainLoss(), s.holdoutLoss(), s.gap(),
                s.prequentialAccuracy(), s.trainAccuracy(), s.holdoutAccuracy(), m.weightsL1(), m.weightsL2(),
                m.lastGradientNorm()}, 0, means, i * MEANS, MEANS);
            System.arraycopy(new long[] {s.updates(), s.rejectedSteps(), m.nonZeroWeights(), m.weightCount(),
                m.clippedSteps()}, 0, totals, i * SUMS, SUMS);
        }
        return new KeyReading(means, totals, p.events() == null ? null : FieldCounts.of(p));
    }

    /** Adds one key's pipeline as it is now; call on the thread that owns it. */
    public void add(LearningPipeline p) {
        add(readingOf(p));
    }

    /** Adds one key's readings. */
    public void add(KeyReading reading) {
        apply(reading, 1);
    }

    /** Takes out one key's readings, as {@link #add(KeyReading)} added them. */
    public void remove(KeyReading reading) {
        apply(reading, -1);
    }

    private void apply(KeyReading reading, int sign) {
        keys += sign;
        if (reading.fields != null) {
            fields = fields == null ? reading.fields : fields.plus(reading.fields, sign);
        }
        for (int i = 0; i < learners.size(); i++) {
            for (int f = 0; f < MEANS; f++) {
                double v = reading.means[i * MEANS + f];
                if (!Double.isNaN(v)) {
                    sums[i][f] += sign * v;
                    counts[i][f] += sign;
                }
            }
            for (int f = 0; f < SUMS; f++) {
                totals[i][f] += sign * reading.totals[i * SUMS + f];
            }
        }
    }

    /** Empties the aggregate, as new. */
    public void clear() {
        keys = 0;
        fields = null;
        for (int i = 0; i < learners.size(); i++) {
            Arrays.fill(sums[i], 0.0);
            Arrays.fill(counts[i], 0);
            Arrays.fill(totals[i], 0);
        }
    }

    /** A copy that no longer changes with this one: what the owner hands to other threads. */
    public KeyAggregate copy() {
        KeyAggregate copy = new KeyAggregate(learners);
        copy.addAll(this);
        return copy;
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
