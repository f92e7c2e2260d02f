package io.streamlearn.topology;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/** The headers of a dead letter. */
public final class DeadLetters {

    /** Why the record was dead-lettered: {@code <reason>: <message>}. */
    public static final String ERROR_HEADER = "streamlearn.error";

    private DeadLetters() {}

    /** The input's headers plus the error header; the input's own headers are not modified. */
    static Headers headers(Headers input, String error) {
        Headers headers = new RecordHeaders(input.toArray());
        headers.remove(ERROR_HEADER);
        headers.add(ERROR_HEADER, error.getBytes(StandardCharsets.UTF_8));
        return headers;
    }
}
