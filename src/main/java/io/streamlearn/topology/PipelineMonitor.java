package io.streamlearn.topology;

import io.streamlearn.eval.LearnerStats;
import io.streamlearn.eval.LearningPipeline;
import io.streamlearn.eval.Split;
import io.streamlearn.learn.OnlineModel;
import io.streamlearn.record.RejectReason;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * What one pipeline has done, for the HTTP server, the demo table and the metrics: record counts
 * by outcome, dead letters by reason (updated per record by the stream thread, read by any thread),
 * and a snapshot of every learner's evaluation, published by the processor about once a second.
 */
public final class PipelineMonitor {

    /** One learner's state at a snapshot. */
    public record LearnerSnapshot(String learner, LearnerStats stats, long nonZeroWeights, long weightCount,
                                  double weightsL1, double weightsL2, double lastGradientNorm, long clippedSteps) {

        /** Every learner of {@code p}, in output order; call on the thread that owns {@code p}. */
        public static List<LearnerSnapshot> of(LearningPipeline p) {
            List<LearnerSnapshot> snapshot = new ArrayList<>();
            for (String name : p.learnerNames()) {
                OnlineModel m = p.model(name);
                snapshot.add(new LearnerSnapshot(name, p.stats(name), m.nonZeroWeights(), m.weightCount(),
                        m.weightsL1(), m.weightsL2(), m.lastGradientNorm(), m.clippedSteps()));
            }
            return List.copyOf(snapshot);
        }
    }

    private final String pipeline;
    private final Map<Split, LongAdder> records = new EnumMap<>(Split.class);
    private final Map<RejectReason, LongAdder> rejected = new EnumMap<>(RejectReason.class);
    private volatile List<LearnerSnapshot> learners = List.of();
    private volatile PipelineState.SaveCost saveCost;

    public PipelineMonitor(String pipeline) {
        this.pipeline = pipeline;
        for (Split s : Split.values()) {
            records.put(s, new LongAdder());
        }
        for (RejectReason r : RejectReason.values()) {
            rejected.put(r, new LongAdder());
        }
    }

    public String pipeline() {
        return pipeline;
    }

    void recordProcessed(Split split) {
        records.get(split).increment();
    }

    void recordRejected(RejectReason reason) {
        rejected.get(reason).increment();
    }

    /** Takes a snapshot of every learner; called on the stream thread that owns {@code p}. */
    void publish(LearningPipeline p, PipelineState.SaveCost cost) {
        learners = LearnerSnapshot.of(p);
        saveCost = cost;
    }

    /** Records processed (not dead-lettered) that went to {@code split}, since this process started. */
    public long records(Split split) {
        return records.get(split).sum();
    }

    /** Records processed (not dead-lettered), all splits. */
    public long processed() {
        long n = 0;
        for (LongAdder a : records.values()) {
            n += a.sum();
        }
        return n;
    }

    /** Records dead-lettered for {@code reason}, since this process started. */
    public long rejected(RejectReason reason) {
        return rejected.get(reason).sum();
    }

    public long rejected() {
        long n = 0;
        for (LongAdder a : rejected.values()) {
            n += a.sum();
        }
        return n;
    }

    /** The learners at the last snapshot, in output order; empty before the first. */
    public List<LearnerSnapshot> learners() {
        return learners;
    }

    /** Time and bytes spent writing state at commits; null before the first snapshot. */
    public PipelineState.SaveCost saveCost() {
        return saveCost;
    }
}
