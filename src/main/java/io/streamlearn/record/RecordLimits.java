package io.streamlearn.record;

/**
 * Size limits a record must keep to; a record over one is rejected as
 * {@link RejectReason#TOO_LARGE} (nesting: {@link RejectReason#INVALID_RECORD}).
 *
 * <p>Why a magnitude limit: a finite value such as 1e308 passes a finiteness check, but its square
 * (a squared error, a running variance, AdamW's second moment) overflows to infinity. The learners
 * refuse such a step one by one ({@code TrainResult.rejected}), which would leave some models
 * trained on the record and others not, and the record would already have moved the scaler and a
 * mini-batch; a record is therefore refused whole, before anything learns from it. At 1e15 the
 * square of a value, times 10^5 features, stays below 1e36, far from the 1.8e308 of a double,
 * and epoch milliseconds (1.8e12) still pass.
 *
 * @param maxValueBytes largest accepted record value in bytes (a JSON value, a CSV line)
 * @param maxFeatures largest accepted number of features in one record
 * @param maxIdLength longest accepted id, in chars
 * @param maxDepth deepest accepted JSON nesting (the record object is depth 1, its features array 2)
 * @param maxAbsValue largest accepted magnitude of a feature or a numeric label
 */
public record RecordLimits(int maxValueBytes, int maxFeatures, int maxIdLength, int maxDepth, double maxAbsValue) {

    /** 1 MiB, the broker's default message size. */
    public static final int DEFAULT_MAX_VALUE_BYTES = 1 << 20;
    public static final int DEFAULT_MAX_FEATURES = 100_000;
    public static final int DEFAULT_MAX_ID_LENGTH = 256;
    public static final int DEFAULT_MAX_DEPTH = 16;
    public static final double DEFAULT_MAX_ABS_VALUE = 1e15;

    public static final RecordLimits DEFAULT = new RecordLimits(
            DEFAULT_MAX_VALUE_BYTES, DEFAULT_MAX_FEATURES, DEFAULT_MAX_ID_LENGTH, DEFAULT_MAX_DEPTH, DEFAULT_MAX_ABS_VALUE);

    public RecordLimits {
        if (maxValueBytes < 1 || maxFeatures < 1 || maxIdLength < 1 || maxDepth < 2) {
            throw new IllegalArgumentException("limits must be >= 1 (depth >= 2): " + maxValueBytes + ", "
                    + maxFeatures + ", " + maxIdLength + ", " + maxDepth);
        }
        if (!(maxAbsValue > 0) || Double.isInfinite(maxAbsValue)) {
            throw new IllegalArgumentException("maxAbsValue must be positive and finite: " + maxAbsValue);
        }
    }

    /** The given size limits with the default magnitude limit. */
    public RecordLimits(int maxValueBytes, int maxFeatures, int maxIdLength, int maxDepth) {
        this(maxValueBytes, maxFeatures, maxIdLength, maxDepth, DEFAULT_MAX_ABS_VALUE);
    }

    public RecordLimits withMaxValueBytes(int bytes) {
        return new RecordLimits(bytes, maxFeatures, maxIdLength, maxDepth, maxAbsValue);
    }

    public RecordLimits withMaxFeatures(int features) {
        return new RecordLimits(maxValueBytes, features, maxIdLength, maxDepth, maxAbsValue);
    }

    public RecordLimits withMaxIdLength(int length) {
        return new RecordLimits(maxValueBytes, maxFeatures, length, maxDepth, maxAbsValue);
    }

    public RecordLimits withMaxDepth(int depth) {
        return new RecordLimits(maxValueBytes, maxFeatures, maxIdLength, depth, maxAbsValue);
    }

    public RecordLimits withMaxAbsValue(double magnitude) {
        return new RecordLimits(maxValueBytes, maxFeatures, maxIdLength, maxDepth, magnitude);
    }

    /**
     * Refuses a value that is empty or a tombstone ({@link RejectReason#NOT_JSON}), over
     * {@link #maxValueBytes()} ({@link RejectReason#TOO_LARGE}) or not UTF-8 text (a zero byte in
     * its first two: UTF-16 or binary), before any of it is parsed.
     */
    void checkValue(byte[] value) throws RecordRejectedException {
        if (value == null || value.length == 0) {
            throw new RecordRejectedException(RejectReason.NOT_JSON, "empty value");
        }
        if (value.length > maxValueBytes) {
            throw new RecordRejectedException(RejectReason.TOO_LARGE, "value of " + value.length
                    + " bytes is over the limit of " + maxValueBytes);
        }
        if (value[0] == 0 || (value.length > 1 && value[1] == 0)) {
            throw new RecordRejectedException(RejectReason.NOT_JSON, "not UTF-8 text (zero byte at the start)");
        }
    }
}
