package io.streamlearn.record;

/**
 * Size limits a record must keep to; a record over one is rejected as
 * {@link RejectReason#TOO_LARGE} (nesting: {@link RejectReason#INVALID_RECORD}).
 *
 * @param maxValueBytes largest accepted record value in bytes (a JSON value, a CSV line)
 * @param maxFeatures largest accepted number of features in one record
 * @param maxIdLength longest accepted id, in chars
 * @param maxDepth deepest accepted JSON nesting (the record object is depth 1, its features array 2)
 */
public record RecordLimits(int maxValueBytes, int maxFeatures, int maxIdLength, int maxDepth) {

    /** 1 MiB, the broker's default message size. */
    public static final int DEFAULT_MAX_VALUE_BYTES = 1 << 20;
    public static final int DEFAULT_MAX_FEATURES = 100_000;
    public static final int DEFAULT_MAX_ID_LENGTH = 256;
    public static final int DEFAULT_MAX_DEPTH = 16;

    public static final RecordLimits DEFAULT = new RecordLimits(
            DEFAULT_MAX_VALUE_BYTES, DEFAULT_MAX_FEATURES, DEFAULT_MAX_ID_LENGTH, DEFAULT_MAX_DEPTH);

    public RecordLimits {
        if (maxValueBytes < 1 || maxFeatures < 1 || maxIdLength < 1 || maxDepth < 2) {
            throw new IllegalArgumentException("limits must be >= 1 (depth >= 2): " + maxValueBytes + ", "
                    + maxFeatures + ", " + maxIdLength + ", " + maxDepth);
        }
    }

    public RecordLimits withMaxValueBytes(int bytes) {
        return new RecordLimits(bytes, maxFeatures, maxIdLength, maxDepth);
    }

    public RecordLimits withMaxFeatures(int features) {
        return new RecordLimits(maxValueBytes, features, maxIdLength, maxDepth);
    }

    public RecordLimits withMaxIdLength(int length) {
        return new RecordLimits(maxValueBytes, maxFeatures, length, maxDepth);
    }

    public RecordLimits withMaxDepth(int depth) {
        return new RecordLimits(maxValueBytes, maxFeatures, maxIdLength, depth);
    }
}
