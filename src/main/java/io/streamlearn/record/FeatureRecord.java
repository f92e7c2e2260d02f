package io.streamlearn.record;

/**
 * A validated feature record, ready for the learners: dense features in the spec's order (named
 * features resolved, missing names 0), the label as a number (the class index for classification;
 * NaN when the record has no label).
 *
 * @param id the record's id, or {@code <topic>-<partition>-<offset>} when it had none
 * @param features dense features, length = the schema's dimension; all finite
 * @param label target value or class index; NaN for an unlabeled record
 * @param timestamp the record's own timestamp; null when absent
 */
public record FeatureRecord(String id, double[] features, double label, Long timestamp) {

    public boolean labeled() {
        return !Double.isNaN(label);
    }
}
