package io.streamlearn.app;

import io.streamlearn.testing.PredictionLog;
import io.streamlearn.testing.KafkaTestSupport;
import static org.assertj.core.api.Assertions.assertThat;

import io.streamlearn.cli.PipelineSpecs;
import io.streamlearn.feed.FeedProducer;
import io.streamlearn.feed.dataset.Dataset;
import io.streamlearn.feed.dataset.Datasets;
import io.streamlearn.feed.dataset.FeatureRecordJson;
import io.streamlearn.topology.PipelineDefinition;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * The application as {@code run} starts it (the demo topology of topologies/demo.yaml, settings
 * resolved from flags) against a broker in a container (Testcontainers' KafkaContainer on the
 * apache/kafka image): friedman1 records in, one exactly-once prediction per record out, and every
 * learner's loss falling. Skipped without Docker or the image.
 */
class ContainerKafkaIT {

    private static final int RECORDS = 6_000;
    private static final int WINDOW = 1_000;

    private static Optional<String> unavailable;
    private static KafkaContainer kafka;

    @TempDir
    Path stateDir;

    @BeforeAll
    static void startKafka() {
        unavailable = ContainerSupport.unavailable(ContainerKafkaIT.class, ContainerSupport.KAFKA_IMAGE);
        if (unavailable.isPresent()) {
            return;
        }
        kafka = new KafkaContainer(DockerImageName.parse(ContainerSupport.KAFKA_IMAGE));
        kafka.start();
    }

    @BeforeEach
    void requireDocker() {
        ContainerSupport.assumeAvailable(unavailable);
    }

    @AfterAll
    static void stopKafka() {
        if (kafka != null) {
            kafka.stop();
        }
    }

    @Test
    void demoTopologyLearnsFromRecordsOnAContainerizedBroker() throws Exception {
        List<PipelineDefinition> pipelines = PipelineSpecs.read(List.of(Path.of("topologies", "demo.yaml")));
        PipelineDefinition demo = pipelines.get(0);
        AppSettings settings = AppSettings.resolve(null, Map.of(), Map.of(
                StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.getBootstrapServers(),
                StreamsConfig.APPLICATION_ID_CONFIG, "streamlearn-container-it",
                StreamsConfig.STATE_DIR_CONFIG, stateDir.toString()));

        try (StreamlearnApp app = StreamlearnApp.start(pipelines, settings, 0);
             KafkaConsumer<byte[], byte[]> predictions =
                     KafkaTestSupport.committedReader(kafka.getBootstrapServers(), "container-it-reader")) {
            assertThat(app.awaitRunning(Duration.ofSeconds(60))).isTrue();
            assertThat(ContainerSupport.get("http://localhost:" + app.httpPort() + "/health"))
                    .startsWith("200 {\"state\":\"RUNNING\",\"rebalancing\":false,");

            produceFriedman(demo.input().name());
            predictions.subscribe(List.of(demo.output().name()));
            List<ConsumerRecord<byte[], byte[]>> out = KafkaTestSupport.read(predictions, RECORDS, Duration.ofSeconds(120));
            out.addAll(KafkaTestSupport.readAll(predictions, Duration.ofSeconds(2)));

            assertThat(out).hasSize(RECORDS);
            PredictionLog log = PredictionLog.of(out);
            assertThat(log.repeatedIds()).as("one prediction per record").isEmpty();
            // holdoutFraction 0.1: about 5,400 train records; the bound is 4.6 sigma below
            assertThat(log.trainCount()).isGreaterThan(5_300);
            // learning: the late loss is well under the early one (measured 0.06 to 0.18 of it) or, for a
            // learner on a standardized target (the MLP), which starts near the mean, under the label variance
            int n = log.trainCount();
            for (String learner : demo.learnerNames()) {
                assertThat(log.trainLoss(learner, n - WINDOW, n))
                        .as("%s: prequential loss of the last %d train records vs the first", learner, WINDOW)
                        .isLessThan(0.3 * Math.max(log.trainLoss(learner, 0, WINDOW), log.labelVariance(0, WINDOW)));
            }
        }
    }

    private static void produceFriedman(String topic) {
        Dataset friedman = Datasets.open("friedman1", 7);
        try (KafkaProducer<byte[], byte[]> producer = FeedProducer.open(kafka.getBootstrapServers())) {
            for (int i = 0; i < RECORDS; i++) {
                producer.send(new ProducerRecord<>(topic, null, FeatureRecordJson.encode(friedman.next(), null)));
            }
        }
    }
}
