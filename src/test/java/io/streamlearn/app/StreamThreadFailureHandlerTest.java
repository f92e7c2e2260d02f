package io.streamlearn.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamlearn.topology.StoredStateMismatchException;
import io.streamlearn.topology.store.ChunkedValues;
import io.streamlearn.topology.store.DamagedValueException;
import java.nio.charset.StandardCharsets;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.errors.InvalidTxnStateException;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.errors.ProcessorStateException;
import org.apache.kafka.streams.errors.StreamsException;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.ConfigurationFactory;
import org.apache.logging.log4j.core.config.ConfigurationSource;
import org.apache.logging.log4j.core.config.Property;
import org.junit.jupiter.api.Test;
import org.rocksdb.RocksDBException;
import org.rocksdb.Status;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class StreamThreadFailureHandlerTest {

    private final StreamThreadFailureHandler handler = new StreamThreadFailureHandler();

    @Test
    void aFailedCommitReplacesTheThread() {
        StreamsException e = new StreamsException("Error encountered trying to commit a transaction [stream-thread [t1]]",
                new InvalidTxnStateException("The producer attempted a transactional operation in an invalid state."));
        assertThat(handler.handle(e)).isEqualTo(StreamThreadExceptionResponse.REPLACE_THREAD);
    }

    @Test
    void storedStateThatDoesNotFitStopsTheClient() {
        StreamsException e = new StreamsException(new StoredStateMismatchException("p", new IllegalArgumentException("3 learners, 2 stored")));
        assertThat(handler.handle(e)).isEqualTo(StreamThreadExceptionResponse.SHUTDOWN_CLIENT);
    }

    /**
     * A damaged value met after the store opened (its check at start-up passed, so the changelog or
     * the running process holds it) stops the client.
     */
    @Test
    void aDamagedValueAfterStartUpStopsTheClient() {
        StreamsException e = new StreamsException("failed to initialize processor p-learn", damaged("p//learner/ridge"));
        assertThat(handler.handle(e)).isEqualTo(StreamThreadExceptionResponse.SHUTDOWN_CLIENT);
    }

    /** A RocksDB store that cannot be opened (here: a truncated file) is damaged local state: replaced, wiped, restored. */
    @Test
    void aStoreRocksDbReportsCorruptIsRestoredByReplacingTheThread() {
        StreamsException e = new StreamsException(new ProcessorStateException("Error opening store streamlearn-p-state at"
                + " location /state/app/0_0/rocksdb/streamlearn-p-state", new RocksDBException("Sst file size mismatch",
                new Status(Status.Code.Corruption, Status.SubCode.None, "Sst file size mismatch"))));
        assertThat(handler.handle(e)).isEqualTo(StreamThreadExceptionResponse.REPLACE_THREAD);
    }

    private static DamagedValueException damaged(String key) {
        KeyValueStore<Bytes, byte[]> store = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore("streamlearn-p"),
                Serdes.Bytes(), Serdes.ByteArray()).withLoggingDisabled().build();
        store.init(new MockProcessorContext<>().getStateStoreContext(), store);
        Bytes k = Bytes.wrap(key.getBytes(StandardCharsets.UTF_8));
        store.put(k, new byte[] {9});
        try {
            new ChunkedValues(store, 100).get(k);
        } catch (DamagedValueException e) {
            return e;
        }
        throw new AssertionError("not refused");
    }

    @Test
    void theChainIsOneLineOfNamesAndMessages() {
        StreamsException e = new StreamsException("Error encountered trying to commit\na transaction",
                new InvalidTxnStateException("The producer attempted a transactional operation in an invalid state."));
        assertThat(StreamThreadFailureHandler.describe(e)).isEqualTo("StreamsException: Error encountered trying to commit"
                + " a transaction; caused by InvalidTxnStateException: The producer attempted a transactional operation in"
                + " an invalid state.");
    }

    @Test
    void aMessageThatRepeatsItsCauseIsLeftOut() {
        StreamsException e = new StreamsException(new IllegalStateException("boom"));
        assertThat(StreamThreadFailureHandler.describe(e)).isEqualTo("StreamsException; caused by IllegalStateException: boom");
    }

    @Test
    void aCyclicChainEnds() {
        IllegalStateException a = new IllegalStateException("a");
        IllegalArgumentException b = new IllegalArgumentException("b", a);
        a.initCause(b);
        assertThat(StreamThreadFailureHandler.describe(a))
                .isEqualTo("IllegalStateException: a; caused by IllegalArgumentException: b");
    }

    /** Kafka Streams' own ERROR line with the stack trace is dropped; its other messages are not. */
    @ParameterizedTest
    @ValueSource(strings = {"log4j2.properties", "log4j2-test.xml"})
    void theLogConfigurationDropsKafkaStreamsReplacementError(String resource) throws Exception {
        URI uri = getClass().getClassLoader().getResource(resource).toURI();
        LoggerContext context = new LoggerContext("handler-test-" + resource);
        Configuration config = ConfigurationFactory.getInstance().getConfiguration(context, ConfigurationSource.fromUri(uri));
        List<String> lines = new ArrayList<>();
        AbstractAppender capture = new AbstractAppender("capture", null, null, true, Property.EMPTY_ARRAY) {
            @Override
            public void append(LogEvent event) {
                lines.add(event.getLevel() + " " + event.getMessage().getFormattedMessage());
            }
        };
        capture.start();
        context.start(config);
        try {
            context.getConfiguration().getRootLogger().addAppender(capture, null, null);
            context.updateLoggers();
            org.apache.logging.log4j.Logger kafkaStreams = context.getLogger(KafkaStreams.class.getName());
            kafkaStreams.error("Replacing thread in the streams uncaught exception handler", new IllegalStateException("x"));
            kafkaStreams.error("another message of Kafka Streams");
        } finally {
            context.stop();
        }
        assertThat(lines).containsExactly("ERROR another message of Kafka Streams");
    }
}
