package io.streamlearn.metrics;

import io.streamlearn.eval.LearnerStats;

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
}
