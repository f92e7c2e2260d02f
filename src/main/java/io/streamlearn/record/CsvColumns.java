package io.streamlearn.record;

/**
 * The columns of a CSV file that are not features: the label's, and optionally the record id's and
 * the record key's (the same column may be both). Every other column is a feature.
 *
 * @param label the label column (an empty cell: an unlabeled record)
 * @param id the column whose value is the record's id; null for {@code <file name>-<row>}
 * @param key the column whose value is the record's Kafka key; null for none
 */
public record CsvColumns(String label, String id, String key) {

    public CsvColumns {
        if (label == null) {
            throw new IllegalArgumentException("a CSV needs a label column");
        }
    }

    /** Only a label column: every other column is a feature. */
    public static CsvColumns labelOnly(String label) {
        return new CsvColumns(label, null, null);
    }

    /** Whether the column is the label, the id or the key column. */
    public boolean notAFeature(String column) {
        return column.equals(label) || column.equals(id) || column.equals(key);
    }
}
