package io.streamlearn.record;

import java.util.Arrays;

/**
 * A feature record read by {@link RecordReader#read(byte[], ParsedRecord)} into buffers that are
 * reused from one record to the next: the features array and the id's chars are the same for every
 * record, the label's text is not kept, and the tokenizer that read it is reset onto the next
 * record. Valid until the next read; copy what you keep. Not thread-safe.
 */
public final class ParsedRecord {

    final double[] features;
    final Id id = new Id();
    final JsonTokens tokens = new JsonTokens();
    double label = Double.NaN;
    boolean hasTimestamp;
    long timestamp;

    /** @param dimension the schema's dimension */
    public ParsedRecord(int dimension) {
        this.features = new double[dimension];
    }

    void clear() {
        id.length = -1;
        label = Double.NaN;
        hasTimestamp = false;
        timestamp = 0;
    }

    /**
     * The record's id, a view of the reused buffer (valid until the next read: {@code toString()}
     * to keep it); null when it had none (the caller's default applies).
     */
    public CharSequence id() {
        return id.length < 0 ? null : id;
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
        return "ParsedRecord[id=" + id() + ", features=" + Arrays.toString(features) + ", label=" + label
                + (hasTimestamp ? ", timestamp=" + timestamp : "") + "]";
    }

    /** A record id's chars in a reused buffer; {@link PredictionWriter} writes them as they are. */
    static final class Id implements CharSequence {
        char[] chars = new char[32];
        int length = -1;

        /** Makes room for an id of {@code n} chars and sets the length; returns the buffer to fill. */
        char[] reserve(int n) {
            if (chars.length < n) {
                chars = new char[Math.max(n, 2 * chars.length)];
            }
            length = n;
            return chars;
        }

        @Override
        public int length() {
            return length;
        }

        @Override
        public char charAt(int index) {
            if (index < 0 || index >= length) {
                throw new IndexOutOfBoundsException(index);
            }
            return chars[index];
        }

        @Override
        public CharSequence subSequence(int start, int end) {
            return toString().subSequence(start, end);
        }

        @Override
        public String toString() {
            return new String(chars, 0, length);
        }
    }
}
