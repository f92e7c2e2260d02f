package io.streamlearn.topology;

/**
 * The stored learning state of a pipeline does not fit its spec (another dimension, task or model
 * shape): the application refuses to run rather than drop or misuse what was learned. Start it with
 * a new {@code application.id}, or reset the application, to begin afresh.
 */
public final class StoredStateMismatchException extends RuntimeException {

    public StoredStateMismatchException(String pipeline, RuntimeException cause) {
        super("the stored state of pipeline " + pipeline + " does not fit its spec: " + cause.getMessage()
                + "; use a new application.id (or reset the application) to start afresh", cause);
    }
}
