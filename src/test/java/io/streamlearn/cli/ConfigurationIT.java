package io.streamlearn.cli;

import io.streamlearn.testing.StreamlearnJar;
import io.streamlearn.testing.TestKitBroker;
import io.streamlearn.testing.KafkaTestSupport;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.streamlearn.feed.dataset.Dataset;
import io.streamlearn.feed.dataset.Datasets;
import io.streamlearn.feed.dataset.FeatureRecordJson;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.security.auth.SecurityProtocol;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Configuration as a user meets it, through {@code java -jar target/streamlearn.jar run}: a spec that
 * does not validate is refused with every error by path before anything touches Kafka, and
 * security settings pass through {@code --config} to a broker with a SASL_PLAINTEXT listener with
 * nothing else changed, and the password never reaches the log, even at INFO for Kafka and DEBUG
 * for streamlearn.
 */
class ConfigurationIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String USER = "plain-user1";
    private static final String PASSWORD = "plain-user1-secret";

    @TempDir
    Path dir;

    @Test
    void aBadSpecIsRefusedWithEveryErrorByPathBeforeKafkaIsTouched() throws Exception {
        Path bad = dir.resolve("bad.yaml");
        Files.writeString(bad, """
                name: bad
                input: bad.features
                task: regression
                features: {dimension: 0}
                evaluation: {holdoutFraction: 1.5}
                learners:
                  - {name: mlp, type: mlp, hidden: [8], dropout: 1.5, optimizer: {name: adamw, learningRate: -1}}
                  - {name: ridge, type: linear, l2: -1}
                """);
        Path worse = dir.resolve("worse.yaml");
        Files.writeString(worse, "name: worse\ninput: w\ntask: sideways\nlearners: []\n");
        long start = System.nanoTime();
        // port 1 on localhost: nothing listens, a client would retry for a minute
        Process run = new ProcessBuilder(command("run", "--topology", bad.toString(), worse.toString(),
                "--bootstrap-servers", "localhost:1", "--http-port", "-1", "--state-dir", dir.resolve("state").toString()))
                .redirectErrorStream(true).redirectOutput(dir.resolve("bad.log").toFile()).start();
        assertThat(run.waitFor(30, TimeUnit.SECONDS)).as("exits by itself").isTrue();
        double seconds = (System.nanoTime() - start) / 1e9;
        String out = Files.readString(dir.resolve("bad.log"));
        assertThat(run.exitValue()).as(out).isEqualTo(2);
        assertThat(out).contains("bad.yaml: features.dimension", "bad.yaml: evaluation.holdoutFraction",
                "bad.yaml: learners[0].dropout", "bad.yaml: learners[0].optimizer.learningRate", "bad.yaml: learners[1].l2",
                "worse.yaml: task", "worse.yaml: learners");
        assertThat(out).doesNotContain("localhost:1", "Connection", "AdminClient");
        assertThat(Files.exists(dir.resolve("state"))).as("no state directory made").isFalse();
        assertThat(seconds).as("refused at once, not after connection retries").isLessThan(15);
    }

    @Test
    void saslSettingsPassThroughConfigAndThePasswordNeverReachesTheLog() throws Exception {
        try (KafkaClusterTestKit cluster = saslBroker()) {
            String bootstrap = cluster.bootstrapServers();
            Path config = dir.resolve("client.properties");
            Files.writeString(config, String.join("\n",
                    "security.protocol=SASL_PLAINTEXT",
                    "sasl.mechanism=PLAIN",
                    "sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required username=\""
                            + USER + "\" password=\"" + PASSWORD + "\";",
                    "consumer.session.timeout.ms=6000", ""));
            Path spec = dir.resolve("secure.yaml");
            Files.writeString(spec, """
                    name: secure
                    input: secure.features
                    output: secure.predictions
                    task: regression
                    features: {dimension: 10}
                    learners:
                      - {name: ridge, type: linear, l2: 0.01}
                    """);
            List<String> cmd = new ArrayList<>(command("run", "--topology", spec.toString(), "--bootstrap-servers", bootstrap,
                    "--config", config.toString(), "--state-dir", dir.resolve("state").toString(),
                    "--application-id", "secure-app", "--http-port", "-1"));
            cmd.add(1, StreamlearnJar.verboseLogging(dir));
            Path log = dir.resolve("secure.log");
            Process app = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            try {
                Properties client = saslClient(bootstrap);
                Dataset friedman = Datasets.open("friedman1", 1);
                try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(client, new ByteArraySerializer(),
                        new ByteArraySerializer())) {
                    for (int i = 0; i < 500; i++) {
                        producer.send(new ProducerRecord<>("secure.features", FeatureRecordJson.encode(friedman.next(), null)));
                    }
                }
                client.put(ConsumerConfig.GROUP_ID_CONFIG, "secure-reader");
                client.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
                client.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
                try (KafkaConsumer<byte[], byte[]> predictions = new KafkaConsumer<>(client, new ByteArrayDeserializer(),
                        new ByteArrayDeserializer())) {
                    predictions.subscribe(List.of("secure.predictions"));
                    List<ConsumerRecord<byte[], byte[]>> out = KafkaTestSupport.read(predictions, 500, Duration.ofSeconds(120));
                    assertThat(out).as("predictions over SASL (log %s)", log).hasSize(500);
                    JsonNode last = JSON.readTree(out.get(499).value());
                    assertThat(last.get("pipeline").asText()).isEqualTo("secure");
                }
            } finally {
                app.destroy();
                app.waitFor(60, TimeUnit.SECONDS);
            }
            String text = Files.readString(log, StandardCharsets.UTF_8);
            // the log is not empty: Kafka's client configs were logged (with the JAAS config hidden)
            assertThat(text).contains("sasl.jaas.config = [hidden]", "security.protocol = SASL_PLAINTEXT");
            assertThat(text).doesNotContain(PASSWORD);
        }
    }

    private static KafkaClusterTestKit saslBroker() throws Exception {
        KafkaClusterTestKit cluster = TestKitBroker.start(SecurityProtocol.SASL_PLAINTEXT);
        try (Admin admin = Admin.create(saslClient(cluster.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic("secure.features", 1, (short) 1))).all().get();
        }
        return cluster;
    }

    private static Properties saslClient(String bootstrap) {
        Properties p = new Properties();
        p.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "SASL_PLAINTEXT");
        p.put(SaslConfigs.SASL_MECHANISM, "PLAIN");
        p.put(SaslConfigs.SASL_JAAS_CONFIG, "org.apache.kafka.common.security.plain.PlainLoginModule required username=\""
                + USER + "\" password=\"" + PASSWORD + "\";");
        return p;
    }

    private static List<String> command(String... args) {
        return StreamlearnJar.command("384m", args);
    }
}
