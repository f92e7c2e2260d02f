package io.streamlearn.app;

import io.streamlearn.topology.StoredStateMismatchException;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What happens when a stream thread dies. A failure the next thread may not meet (a transaction the
 * broker refused while a broker was away: {@code InvalidTxnStateException}, a fenced producer) is
 * logged as one WARN line naming each exception of the chain and its message, and the thread is
 * replaced: its tasks resume from their last commit, so nothing is lost or repeated, and an
 * operator sees what happened without a stack trace at ERROR. Stored state that does not fit the
 * spec would fail in every thread: the client stops instead, with the message at ERROR.
 *
 * <p>Kafka Streams logs the replacement itself at ERROR with the stack trace
 * ({@code KafkaStreams}: "Replacing thread in the streams uncaught exception handler"); the
 * application's Log4j configuration drops that one message.
 */
final class StreamThreadFailureHandler implements StreamsUncaughtExceptionHandler {

    private static final Logger LOG = LoggerFactory.getLogger(StreamThreadFailureHandler.class);
    /** Beyond this many causes the chain is cut: a line, not a stack trace. */
    private static final int MAX_CAUSES = 8;

    @Override
    public StreamThreadExceptionResponse handle(Throwable exception) {
        for (Throwable t = exception; t != null; t = t.getCause()) {
            if (t instanceof StoredStateMismatchException) {
                LOG.error("stopping: {}", t.getMessage());
                return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
            }
        }
        LOG.warn("stream thread failed; replacing it: {}", describe(exception));
        return StreamThreadExceptionResponse.REPLACE_THREAD;
    }

    /**
     * The exception and its causes on one line, {@code StreamsException: message; caused by
     * InvalidTxnStateException: message}; a message that only repeats its cause is left out.
     */
    static String describe(Throwable exception) {
        StringBuilder line = new StringBuilder();
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Throwable t = exception; t != null && seen.add(t); t = t.getCause()) {
            if (seen.size() > MAX_CAUSES) {
                line.append("; ...");
                break;
            }
            if (t != exception) {
                line.append("; caused by ");
            }
            line.append(t.getClass().getSimpleName());
            String message = t.getMessage();
            if (message != null && !message.isBlank() && (t.getCause() == null || !message.equals(t.getCause().toString()))) {
                line.append(": ").append(message.strip().replaceAll("\\s*\\R\\s*", " "));
            }
        }
        return line.toString();
    }
}
