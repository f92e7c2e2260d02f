package io.streamlearn.app;

import io.streamlearn.topology.StoredStateMismatchException;
import io.streamlearn.topology.store.DamagedValueException;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.rocksdb.RocksDBException;
import org.rocksdb.Status;
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
 * <p>Damaged local state. A stored value that fails its checksum is found when the task's store
 * opens ({@code WorkingCopyStore#init}), and Kafka Streams wipes and restores the task; one that
 * fails later ({@link DamagedValueException} here) came from the changelog or was damaged while
 * running: the client stops, with one ERROR line naming store and key and what to do. A store that
 * RocksDB reports corrupt (a truncated or damaged file: its block checksums, or the file sizes it
 * checks when it opens) is named in one WARN line and the thread replaced: under exactly-once Kafka
 * Streams closes the dead thread's tasks dirty, which deletes their state, and the new thread
 * restores them from their changelogs.
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
            if (t instanceof DamagedValueException damaged) {
                return damaged(damaged);
            }
            if (t instanceof RocksDBException rocks && rocks.getStatus() != null
                    && rocks.getStatus().getCode() == Status.Code.Corruption) {
                LOG.warn("damaged local state, RocksDB reports corruption: {}; the task's local state is wiped and"
                        + " restored from its changelog (replacing the stream thread)", describe(exception));
                return StreamThreadExceptionResponse.REPLACE_THREAD;
            }
        }
        LOG.warn("stream thread failed; replacing it: {}", describe(exception));
        return StreamThreadExceptionResponse.REPLACE_THREAD;
    }

    private StreamThreadExceptionResponse damaged(DamagedValueException e) {
        LOG.error("stopping: {}, in state restored from the changelog or read while running; nothing was decoded"
                + " from it. Reset the application (kafka-streams-application-reset) or use a new --application-id"
                + " to start afresh", e.getMessage());
        return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
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
