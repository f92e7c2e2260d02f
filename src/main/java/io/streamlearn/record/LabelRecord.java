package io.streamlearn.record;

/**
 * A validated label record of a pipeline with delayed labels: the id of the feature record it
 * labels and the label.
 *
 * @param id the id of the feature record it labels
 * @param label target value or class index; finite
 * @param timestamp the record's own {@code timestamp} field; null when absent
 */
public record LabelRecord(String id, double label, Long timestamp) {}
