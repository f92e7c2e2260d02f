package io.streamlearn.metrics;

import io.streamlearn.eval.LearnerStats;
import java.util.List;
import java.util.Map;

/** One learner's state as of a snapshot published by the thread that owns the learner. */
public interface LearnerReading {

    String learner();

    LearnerStats stats();

    long nonZeroWeights();

    long weightCount();

    double weightsL1();

    double weightsL2();

    /** Total gradient norm before clipping at the last step; NaN when none was taken or tracked. */
    double lastGradientNorm();

    /** Per member of the learner's regularization path, in member order, its losses; empty when not a path. */
    default List<LearnerStats> pathStats() {
        return List.of();
    }

    /** Per member of the learner's path, in member order, its nonzero weights; empty when not a path. */
    default List<Long> pathNonZero() {
        return List.of();
    }

    /** The penalties of the learner's path champion by name; empty when not a path. */
    default Map<String, Double> champion() {
        return Map.of();
    }
}
