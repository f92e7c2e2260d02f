package io.streamlearn.record;

import java.util.Arrays;

/**
 * A feature record read by {@link RecordReader#read(byte[], ParsedRecord)} into buffers that are
 * reused from one record to the next: the features array is the same for every record, and the
 * label's text is not kept. Valid until the next read; copy what you keep. Not thread-safe.
 */
public final class ParsedRecord {

    final double[] features;
    String id;
    double label = Double.NaN;
    boolean hasTimestamp;
    long timestamp;

    /** @param dimension the schema's dimension */
    public ParsedRecord(int dimension) {
        this.features = new double[dimension];
    }

    void clear() {
        id = null;
        label = Double.NaN;
        hasTimestamp = false;
        timestamp = 0;
    }

    /** The record's id; null when it had none (the caller's default applies). */
    public String id() {
        return id;
    }

    /** Dense features in the schema's order, all finite: the reused buffer. */
    public double[] features() {
        return features;
    }

    /** Target value or class index; NaN when unlabeled. */
    public double label() {
        return label;
    }

    public boolean labeled() {
        return !Double.isNaN(label);
    }

    public boolean hasTimestamp() {
        return hasTimestamp;
    }

    /** The record's timestamp (epoch ms); meaningful when {@link #hasTimestamp()}. */
    public long timestamp() {
        return timestamp;
    }

    @Override
    public String toString() {
        return "ParsedRecord[id=" + id + ", features=" + Arrays.toString(features) + ", label=" + label
                + (hasTimestamp ? ", timestamp=" + timestamp : "") + "]";
    }
}
