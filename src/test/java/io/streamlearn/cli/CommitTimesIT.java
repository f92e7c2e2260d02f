package io.streamlearn.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamlearn.app.TopicProvisioner;
import io.streamlearn.broker.EmbeddedKafka;
import io.streamlearn.topology.StreamlearnTopology;
import io.streamlearn.topology.Topic;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The metric names {@link CommitTimes} reads are the ones a real exactly-once Kafka Streams client
 * has: against a real broker, the commits of a pass-through are counted and timed.
 */
class CommitTimesIT {

    @TempDir
    Path stateDir;

    @Test
    void readsTheCommitsOfARealExactlyOnceClient() throws Exception {
        try (EmbeddedKafka broker = EmbeddedKafka.start(0, Files.createTempDirectory("commit-times-broker"))) {
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
                TopicProvisioner.ensure(admin, List.of("ct.in", "ct.out"), 1, Optional.empty());
            }
            Properties p = new Properties();
            p.put(StreamsConfig.APPLICATION_ID_CONFIG, "commit-times");
            p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
            p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
            p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, "100");
            p.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
            try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(producerProps(broker),
                         new ByteArraySerializer(), new ByteArraySerializer());
                 KafkaStreams streams = new KafkaStreams(
                         StreamlearnTopology.passThrough(Topic.ofBytes("ct.in"), Topic.ofBytes("ct.out")), p);
                 KafkaConsumer<byte[], byte[]> reader = new KafkaConsumer<>(readerProps(broker),
                         new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
                for (int i = 0; i < 100; i++) {
                    producer.send(new ProducerRecord<>("ct.in", ("r" + i).getBytes()));
                }
                producer.flush();
                CommitTimes before = CommitTimes.read(streams.metrics());
                streams.start();
                reader.subscribe(List.of("ct.out"));
                int seen = 0;
                long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
                while (seen < 100 && System.nanoTime() < deadline) {
                    seen += reader.poll(Duration.ofMillis(100)).count();
                }
                assertThat(seen).isEqualTo(100);
                CommitTimes after = CommitTimes.read(streams.metrics()).since(before);
                // read_committed saw the records, so at least one transaction was committed with its offsets
                assertThat(after.commits()).isGreaterThanOrEqualTo(1);
                assertThat(after.sendOffsetsNanos()).isPositive();
                assertThat(after.commitTransactionNanos()).isPositive();
            }
        }
    }

    private static Properties producerProps(EmbeddedKafka broker) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        return p;
    }

    private static Properties readerProps(EmbeddedKafka broker) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "commit-times-reader");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        return p;
    }
}
