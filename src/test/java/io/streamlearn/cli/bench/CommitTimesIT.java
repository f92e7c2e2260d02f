package io.streamlearn.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamlearn.testing.KafkaTestSupport;
import io.streamlearn.app.TopicProvisioner;
import io.streamlearn.broker.EmbeddedKafka;
import io.streamlearn.feed.FeedProducer;
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
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
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
            try (KafkaProducer<byte[], byte[]> producer = FeedProducer.open(broker.bootstrapServers());
                 KafkaStreams streams = new KafkaStreams(
                         StreamlearnTopology.passThrough(Topic.ofBytes("ct.in"), Topic.ofBytes("ct.out")), p);
                 KafkaConsumer<byte[], byte[]> reader =
                         KafkaTestSupport.committedReader(broker.bootstrapServers(), "commit-times-reader")) {
                for (int i = 0; i < 100; i++) {
                    producer.send(new ProducerRecord<>("ct.in", ("r" + i).getBytes()));
                }
                producer.flush();
                CommitTimes before = CommitTimes.read(streams.metrics());
                streams.start();
                reader.subscribe(List.of("ct.out"));
                assertThat(KafkaTestSupport.read(reader, 100, Duration.ofSeconds(60))).hasSize(100);
                CommitTimes after = CommitTimes.read(streams.metrics()).since(before);
                // read_committed saw the records, so at least one transaction was committed with its offsets
                assertThat(after.commits()).isGreaterThanOrEqualTo(1);
                assertThat(after.sendOffsetsNanos()).isPositive();
                assertThat(after.commitTransactionNanos()).isPositive();
            }
        }
    }
}
