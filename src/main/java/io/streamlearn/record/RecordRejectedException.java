package io.streamlearn.record;

/** A record that cannot be used, with the reason it is dead-lettered. */
public final class RecordRejectedException extends Exception {

    private final RejectReason reason;

    public RecordRejectedException(RejectReason reason, String message) {
        super(message, null, false, false);
        this.reason = reason;
    }

    public RejectReason reason() {
        return reason;
    }

    /** The text of the {@code streamlearn.error} header: {@code reason: message}. */
    public String headerText() {
        return reason.label() + ": " + getMessage();
    }
}
