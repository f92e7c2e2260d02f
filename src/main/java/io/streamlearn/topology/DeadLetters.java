package io.streamlearn.topology;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Dead letters: the input's original bytes with a {@code streamlearn.error} header. An original
 * longer than the producer could write is cut, and {@code streamlearn.truncated} gives its length:
 * under exactly-once a write the producer refuses aborts the whole transaction, so the record
 * would be retried forever instead of dead-lettered.
 */
public final class DeadLetters {

    /** Why the record was dead-lettered: {@code <reason>: <message>}. */
    public static final String ERROR_HEADER = "streamlearn.error";
    /** The original value's length in bytes (decimal text), on a dead letter whose value was cut. */
    public static final String TRUNCATED_HEADER = "streamlearn.truncated";

    private DeadLetters() {}

    /** The input's headers plus the error header; the input's own headers are not modified. */
    static Headers headers(Headers input, String error, byte[] original, int maxBytes) {
        Headers headers = new RecordHeaders(input.toArray());
        headers.remove(ERROR_HEADER);
        headers.remove(TRUNCATED_HEADER);
        headers.add(ERROR_HEADER, error.getBytes(StandardCharsets.UTF_8));
        if (original != null && original.length > maxBytes) {
            headers.add(TRUNCATED_HEADER, Integer.toString(original.length).getBytes(StandardCharsets.UTF_8));
        }
        return headers;
    }

    /** The value to write: the original, or its first {@code maxBytes} bytes. */
    static byte[] value(byte[] original, int maxBytes) {
        return original == null || original.length <= maxBytes ? original : Arrays.copyOf(original, maxBytes);
    }
}
