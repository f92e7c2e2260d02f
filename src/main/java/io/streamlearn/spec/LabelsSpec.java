package io.streamlearn.spec;

import java.time.Duration;

/**
 * Delayed labels of a pipeline ({@code labels:} in the spec): label records {@code {"id", "label"}}
 * on their own topic join the feature record of the same id that was predicted earlier.
 *
 * @param topic topic of the label records
 * @param timeout a pending feature record older than this (stream time) is expired
 * @param maxPending pending feature records (and joined ids remembered for duplicates) kept at most;
 *     beyond it the oldest is expired first
 * @param earlyWait a label that comes before its features waits this long (stream time) for them;
 *     {@link Duration#ZERO}: it is {@code unknown_id} at once
 * @param maxEarly early labels kept at most; beyond it the oldest is {@code unknown_id}
 */
public record LabelsSpec(String topic, Duration timeout, int maxPending, Duration earlyWait, int maxEarly) {

    public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(10);
    public static final int DEFAULT_MAX_PENDING = 1_000_000;
    public static final Duration DEFAULT_EARLY_WAIT = Duration.ofMinutes(1);
    public static final int DEFAULT_MAX_EARLY = 100_000;

    public LabelsSpec {
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive: " + timeout);
        }
        if (earlyWait.isNegative()) {
            throw new IllegalArgumentException("earlyWait must not be negative: " + earlyWait);
        }
        if (maxPending < 1 || maxEarly < 1) {
            throw new IllegalArgumentException("maxPending and maxEarly must be >= 1");
        }
    }

    /** The labels of {@code topic} with every default. */
    public static LabelsSpec of(String topic) {
        return new LabelsSpec(topic, DEFAULT_TIMEOUT, DEFAULT_MAX_PENDING, DEFAULT_EARLY_WAIT, DEFAULT_MAX_EARLY);
    }
}
