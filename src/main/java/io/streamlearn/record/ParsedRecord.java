package io.streamlearn.record;

import io.streamlearn.vector.FeatureVector;

/**
 * A feature record read by {@link RecordReader#read(byte[], ParsedRecord)} into buffers that are
 * reused from one record to the next: the features array (and the {@link FeatureVector} that wraps
 * it, or the sparse one of a {@link RecordSchema#sparseFeatures() sparse schema}) and the id's chars
 * are the same for every record, the label's text is not kept, and the tokenizer that read it is
 * reset onto the next record. Valid until the next read; copy what you keep. Not thread-safe.
 */
public final class ParsedRecord {

    /** The values the reader writes, in the schema's order. */
    final double[] features;
    /** {@link #features}, wrapped once: no copy. */
    private final FeatureVector dense;
    /** The nonzeros of {@link #features}, for a sparse schema; made by the first such record, then reused. */
    private FeatureVector sparse;
    /** What {@link #features()} returns for the current record: {@link #dense} or {@link #sparse}. */
    private FeatureVector vector;
    final Id id = new Id();
    final JsonTokens tokens = new JsonTokens();
    double label = Double.NaN;
    boolean hasTimestamp;
    long timestamp;

    /** @param dimension the schema's dimension */
    public ParsedRecord(int dimension) {
        this.features = new double[dimension];
        this.dense = FeatureVector.dense(features);
        this.vector = dense;
    }

    void clear() {
        vector = dense;
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

    /**
     * The features, all finite, width the schema's dimension: the reused buffer wrapped as a dense
     * vector, or (a {@link RecordSchema#sparseFeatures() sparse schema}) their nonzero columns in a
     * reused sparse vector.
     */
    public FeatureVector features() {
        return vector;
    }

    /** Holds the features read as their nonzero columns; allocates only while the sparse vector grows. */
    void gatherNonZeros() {
        if (sparse == null) {
            sparse = FeatureVector.sparse(features.length, 16);
        }
        sparse.clear();
        for (int j = 0; j < features.length; j++) {
            if (features[j] != 0.0) {
                sparse.add(j, features[j]);
            }
        }
        sparse.finish();
        vector = sparse;
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
        return "ParsedRecord[id=" + id() + ", features=" + vector + ", label=" + label
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
