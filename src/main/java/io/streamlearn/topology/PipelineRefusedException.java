package io.streamlearn.topology;

/**
 * A pipeline that cannot run on the topics it found at start, with what is wrong and what to
 * change: a data-parallel learner whose rate, scaled for the input's partition count, would be
 * unstable, or a merged-generations topic whose partition count is not the input's. {@code run}
 * prints the message and exits 2, as for a spec that does not validate.
 */
public final class PipelineRefusedException extends IllegalArgumentException {

    public PipelineRefusedException(String message, Throwable cause) {
        super(message, cause);
    }

    public PipelineRefusedException(String message) {
        super(message);
    }
}
