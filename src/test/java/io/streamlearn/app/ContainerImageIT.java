package io.streamlearn.app;

import io.streamlearn.testing.PredictionLog;
import io.streamlearn.testing.KafkaTestSupport;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.containers.startupcheck.OneShotStartupCheckStrategy;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * The application's own image (Dockerfile) on a Docker network with a broker container: one
 * container runs {@code run} with the demo topology the image carries, another {@code produce}s
 * friedman1 records, and the predictions are read from the host. Skipped without Docker or the
 * images (docker/build-images.sh builds them).
 */
class ContainerImageIT {

    private static final int RECORDS = 3_000;
    private static final int WINDOW = 500;
    private static final String BROKER = "kafka:19092";

    private static Network network;
    private static Optional<String> unavailable;
    private static KafkaContainer kafka;
    private static GenericContainer<?> app;

    @BeforeAll
    static void startStack() {
        unavailable = ContainerSupport.unavailable(ContainerImageIT.class, ContainerSupport.KAFKA_IMAGE,
                ContainerSupport.STREAMLEARN_IMAGE);
        if (unavailable.isPresent()) {
            return;
        }
        network = Network.newNetwork();
        // a listener for the other containers, advertised under the network alias "kafka"
        kafka = new KafkaContainer(DockerImageName.parse(ContainerSupport.KAFKA_IMAGE))
                .withNetwork(network).withListener(BROKER);
        kafka.start();
        app = new GenericContainer<>(DockerImageName.parse(ContainerSupport.STREAMLEARN_IMAGE))
                .withNetwork(network)
                .withCommand("run", "--topology", "/app/topologies/demo.yaml", "--bootstrap-servers", BROKER,
                        "--http-port", "8080")
                .withEnv("JAVA_TOOL_OPTIONS", "-Xmx512m")
                .withExposedPorts(8080)
                .waitingFor(Wait.forHttp("/health").forStatusCode(200).withStartupTimeout(Duration.ofSeconds(90)));
        app.start();
    }

    @BeforeEach
    void requireDocker() {
        ContainerSupport.assumeAvailable(unavailable);
    }

    @AfterAll
    static void stopStack() {
        if (app != null) {
            app.stop();
        }
        if (kafka != null) {
            kafka.stop();
        }
        if (network != null) {
            network.close();
        }
    }

    @Test
    void imagePredictsWhatTheImageProduces() throws Exception {
        assertThat(ContainerSupport.get("http://" + app.getHost() + ":" + app.getMappedPort(8080) + "/health"))
                .startsWith("200 {\"state\":\"RUNNING\",\"rebalancing\":false,");

        try (GenericContainer<?> producer = new GenericContainer<>(DockerImageName.parse(ContainerSupport.STREAMLEARN_IMAGE))
                .withNetwork(network)
                .withCommand("produce", "--bootstrap-servers", BROKER, "--topic", "demo.features",
                        "--dataset", "friedman1", "--rate", "0", "--records", String.valueOf(RECORDS))
                .withStartupCheckStrategy(new OneShotStartupCheckStrategy().withTimeout(Duration.ofSeconds(90)))) {
            producer.start(); // returns once the producer exited with status 0
        }

        try (KafkaConsumer<byte[], byte[]> predictions =
                     KafkaTestSupport.committedReader(kafka.getBootstrapServers(), "image-it-reader")) {
            predictions.subscribe(List.of("demo.predictions"));
            List<ConsumerRecord<byte[], byte[]>> out = KafkaTestSupport.read(predictions, RECORDS, Duration.ofSeconds(120));
            out.addAll(KafkaTestSupport.readAll(predictions, Duration.ofSeconds(2)));

            assertThat(out).hasSize(RECORDS);
            PredictionLog log = PredictionLog.of(out);
            assertThat(log.repeatedIds()).as("one prediction per record").isEmpty();
            // holdoutFraction 0.1: about 2,700 train records; the bound is 4.3 sigma below
            assertThat(log.trainCount()).isGreaterThan(2_600);
            // learning: the late loss is well under the early one (measured 0.05 to 0.10 of it for the linear
            // learners) or, for the MLP, which learns on a standardized target and so starts near the mean,
            // under the cost of predicting the mean (measured: 4.9 late, against a label variance near 25)
            int n = log.trainCount();
            for (String learner : List.of("ridge", "lasso", "elasticnet", "mlp")) {
                assertThat(log.trainLoss(learner, n - WINDOW, n))
                        .as("%s: prequential loss of the last %d train records vs the first, or the label variance", learner, WINDOW)
                        .isLessThan(0.3 * Math.max(log.trainLoss(learner, 0, WINDOW), log.labelVariance(0, WINDOW)));
            }
        }
    }
}
