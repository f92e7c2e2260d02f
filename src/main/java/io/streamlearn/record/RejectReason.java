package io.streamlearn.record;

/** Why a record was dead-lettered; {@link #label()} is the metric label and the header's prefix. */
public enum RejectReason {
    NOT_JSON("not_json"),
    INVALID_RECORD("invalid_record"),
    WRONG_DIMENSION("wrong_dimension"),
    UNKNOWN_FEATURE("unknown_feature"),
    /** A raw event's field of another JSON type than the spec expects (a string where a number is). */
    WRONG_TYPE("wrong_type"),
    NON_FINITE("non_finite"),
    UNKNOWN_CLASS("unknown_class"),
    TOO_LARGE("too_large"),
    /** Accepted by validation, but a learner's step would have produced a non-finite parameter. */
    NON_FINITE_UPDATE("non_finite_update"),
    /** A record without a key in a pipeline with one model set per key ({@code scope: key}). */
    MISSING_KEY("missing_key");

    private final String label;

    RejectReason(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
