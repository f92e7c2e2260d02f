package io.streamlearn.pipeline;

/**
 * What became of a delayed label or of a record awaiting one: the {@code outcome} label of
 * {@code streamlearn_labels_total}, and the prefix of a dead-lettered label's error header.
 */
public enum LabelOutcome {
    /** The label met its pending feature record: scored on the prediction made then, and learned. */
    JOINED("joined"),
    /** A feature record whose label did not come within {@code timeout} (or was evicted over {@code maxPending}). */
    EXPIRED("expired"),
    /** A label whose feature record is not known (not yet come within {@code earlyWait}, expired, or never). */
    UNKNOWN_ID("unknown_id"),
    /** A second label for an id. */
    DUPLICATE("duplicate"),
    /** A label record that cannot be read (not JSON, no id, no or a bad label). */
    INVALID("invalid");

    private final String label;

    LabelOutcome(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
