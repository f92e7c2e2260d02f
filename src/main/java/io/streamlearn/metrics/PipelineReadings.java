package io.streamlearn.metrics;

import io.streamlearn.pipeline.LabelOutcome;
import io.streamlearn.pipeline.Split;
import java.util.List;
import java.util.function.DoubleConsumer;

/**
 * What {@link PipelineMetrics} reads from one pipeline. Every method may be called from any thread
 * (a scrape): counts are updated by the stream thread in thread-safe adders, learner readings are an
 * immutable snapshot the stream thread publishes.
 */
public interface PipelineReadings {

    String pipeline();

    /** The learners, in output order; fixed for the pipeline's life. */
    List<String> learnerNames();

    /** Whether the pipeline classifies (then accuracies are exported). */
    boolean classification();

    /** Records processed (not dead-lettered) that went to {@code split}. */
    long records(Split split);

    /** The {@code reason} label of every dead-letter cause, fixed for the pipeline's life. */
    List<String> rejectReasons();

    /** Records dead-lettered for the reason labelled {@code reason}. */
    long rejected(String reason);

    /** Optimizer steps the learner took in this process. */
    long modelUpdates(int learnerIndex);

    /** Steps of the learner whose gradient was clipped, in this process. */
    long clippedSteps(int learnerIndex);

    /**
     * Drifts the learner's detector has reported, as of the last snapshot: stored with the learning
     * state, so it survives restarts (0 for a learner without drift detection).
     */
    long driftDetections(int learnerIndex);

    /** The learners at the last snapshot, in output order; empty before the first. */
    List<? extends LearnerReading> learners();

    /**
     * The labels of the learner's regularization-path members (its λ values, {@code lambda} metric
     * label), fixed for the pipeline's life; empty when the learner is not a path.
     */
    default List<String> pathLabels(int learnerIndex) {
        return List.of();
    }

    /** The penalties ({@code l1} and/or {@code l2}) the learner's path varies; empty when it is not a path. */
    default List<String> pathPenalties(int learnerIndex) {
        return List.of();
    }

    /** Makes the stream thread report each update's duration to {@code timer}. */
    void timeUpdatesWith(UpdateTimer timer);

    /** Whether the pipeline keeps one model set per record key ({@code scope: key}). */
    default boolean perKey() {
        return false;
    }

    /** {@code scope: key}: keys with a model set (in memory or in the store). */
    default long keys() {
        return 0;
    }

    /** {@code scope: key}: keys whose model set is in memory. */
    default long cachedKeys() {
        return 0;
    }

    /** {@code scope: key}: keys written to the store and dropped from memory over maxKeys. */
    default long keysEvicted() {
        return 0;
    }

    /** {@code scope: key}: keys deleted after keyTtl without a record. */
    default long keysExpired() {
        return 0;
    }

    /** Whether the pipeline takes delayed labels from a label topic ({@code labels:}). */
    default boolean delayedLabels() {
        return false;
    }

    /** Delayed labels (and records awaiting one) by outcome, in this process. */
    default long labels(LabelOutcome outcome) {
        return 0;
    }

    /** Makes the stream thread report each joined label's delay (features to label, in seconds) to {@code delays}. */
    default void recordLabelDelaysWith(DoubleConsumer delays) {
    }

    /** Whether the pipeline is trained data-parallel ({@code parallel: {every: N}}). */
    default boolean parallel() {
        return false;
    }

    /** Data-parallel: the newest merged generation this instance's replicas adopted; 0 before the first. */
    default long parallelGeneration() {
        return 0;
    }

    /**
     * A raw-event pipeline's numeric and categorical fields (their names in features,
     * {@code device/os}), fixed for the pipeline's life: the {@code field} label of
     * {@code streamlearn_missing_total}; empty for feature records.
     */
    default List<String> missingFields() {
        return List.of();
    }

    /** The one-hot categorical fields among {@link #missingFields()}: those with a vocabulary and {@code <other>}. */
    default List<String> vocabularyFields() {
        return List.of();
    }

    /** Values in the field's one-hot vocabulary, as of the last snapshot (summed over keys for {@code scope: key}). */
    default long vocabularySize(String field) {
        return 0;
    }

    /** Learned events whose field was null or absent, as of the last snapshot (stored with the encoder's state). */
    default long missingTotal(String field) {
        return 0;
    }

    /** Learned events whose one-hot field's value fell in {@code <other>}, as of the last snapshot. */
    default long otherTotal(String field) {
        return 0;
    }
}
