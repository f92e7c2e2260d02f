package io.streamlearn.cli.bench;

import io.streamlearn.app.AppSettings;
import io.streamlearn.app.TopicProvisioner;
import io.streamlearn.feed.FeedProducer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.streams.StreamsConfig;

/**
 * The Kafka clients of a bench on one broker: the measured applications' settings (streamlearn's
 * defaults, then {@code --config}, alike for every application), the producer of the input, the
 * read_committed reader of the predictions and the admin client; these three connect with
 * {@code --config}'s connection settings ({@link AppSettings#connection()}: security, SASL/TLS) too.
 */
final class BenchClients {

    private final String bootstrap;
    private final Path config;
    private final Properties connection;

    BenchClients(String bootstrap, Path config) throws IOException {
        this.bootstrap = bootstrap;
        this.config = config;
        this.connection = settings("bench", Path.of("."), 1).connection();
    }

    /** A measured application's settings, {@code streamThreads} over {@code --config}'s. */
    AppSettings settings(String applicationId, Path stateDir, int streamThreads) throws IOException {
        return AppSettings.resolve(config, Map.of(), Map.of(
                StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                StreamsConfig.APPLICATION_ID_CONFIG, applicationId,
                StreamsConfig.STATE_DIR_CONFIG, stateDir.toString(),
                StreamsConfig.NUM_STREAM_THREADS_CONFIG, Integer.toString(streamThreads)));
    }

    /** A Streams setting as every measured application resolves it: Kafka Streams' defaults, streamlearn's, {@code --config}. */
    static String streamsProperty(Path config, String key) throws IOException {
        AppSettings settings = new BenchClients("localhost:9092", config).settings("bench", Path.of("."), 1);
        return String.valueOf(new StreamsConfig(settings.kafka()).values().get(key));
    }

    /** Creates the input and output topics with {@code partitions} partitions, as every application gets them. */
    void ensureTopics(List<String> topics, int partitions, Path stateDir) throws Exception {
        AppSettings settings = settings("streamlearn-bench", stateDir, 1);
        try (Admin admin = Admin.create(settings.kafka())) {
            TopicProvisioner.ensure(admin, topics, partitions, settings.topicReplication());
        }
    }

    KafkaProducer<byte[], byte[]> producer() {
        Properties p = FeedProducer.properties(bootstrap);
        p.putAll(connection);
        return FeedProducer.open(p);
    }

    /** A reader of committed records from the earliest offset, in a consumer group of its own. */
    KafkaConsumer<byte[], byte[]> committedReader(String name) {
        Properties p = withConnection();
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "bench-reader-" + name.hashCode() + "-" + System.nanoTime());
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "10000");
        return new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    Admin admin() {
        return Admin.create(withConnection());
    }

    private Properties withConnection() {
        Properties copy = new Properties();
        copy.putAll(connection);
        return copy;
    }
}
