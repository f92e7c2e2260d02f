package io.streamlearn.learn;

/**
 * The outcome of {@link OnlineModel#train}. The common outcomes are shared constants, so the hot
 * path allocates nothing.
 */
public final class TrainResult {

    /** What became of the example. */
    public enum Status {
        /** An optimizer step was taken. */
        STEPPED,
        /** The example was buffered; a mini-batch model steps when its batch is full. */
        BUFFERED,
        /** The step would have made a parameter NaN or infinite, so it was not applied. */
        REJECTED
    }

    public static final TrainResult STEPPED = new TrainResult(Status.STEPPED, null);
    public static final TrainResult BUFFERED = new TrainResult(Status.BUFFERED, null);

    private final Status status;
    private final String reason;

    private TrainResult(Status status, String reason) {
        this.status = status;
        this.reason = reason;
    }

    /** A rejected step, with the reason the caller logs and counts. */
    public static TrainResult rejected(String reason) {
        return new TrainResult(Status.REJECTED, reason);
    }

    public Status status() {
        return status;
    }

    public boolean rejected() {
        return status == Status.REJECTED;
    }

    /** Why the step was rejected; null otherwise. */
    public String reason() {
        return reason;
    }

    @Override
    public String toString() {
        return reason == null ? status.toString() : status + ": " + reason;
    }
}
