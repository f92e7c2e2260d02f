package io.streamlearn.metrics;

/** Receives the duration of one model update (an optimizer step) of a pipeline's learner. */
@FunctionalInterface
public interface UpdateTimer {

    /** Records nothing: the state before a registry is bound. */
    UpdateTimer NONE = (learnerIndex, nanos) -> { };

    /** @param learnerIndex the learner's index in {@link PipelineReadings#learnerNames()} */
    void record(int learnerIndex, long nanos);
}
