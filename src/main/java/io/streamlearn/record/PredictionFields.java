package io.streamlearn.record;

import java.util.List;
import java.util.Map;

/**
 * What {@link PredictionWriter} writes a prediction's JSON from: a {@link Prediction}, or a
 * processor's view of the record it is at (nothing copied).
 */
public interface PredictionFields {

    /** The record's id (a reused buffer's view, for a processor: read it, do not keep it). */
    CharSequence id();

    String pipeline();

    /** {@code train}, {@code holdout} or {@code unlabeled}. */
    String split();

    boolean labeled();

    /** Target value or class index; NaN when unlabeled. */
    double label();

    /** Learner names, in output order. */
    List<String> learners();

    /** Learner i's output values; read only. */
    double[] outputView(int learnerIndex);

    long version(int learnerIndex);

    /** Per regularization-path learner, its champion's penalties by name; empty without paths. */
    Map<String, Map<String, Double>> champions();

    boolean hasTimestamp();

    /** The input record's timestamp (epoch ms); meaningful when {@link #hasTimestamp()}. */
    long timestampMillis();
}
