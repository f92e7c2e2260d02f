package io.streamlearn.cli;

import io.streamlearn.testing.StreamlearnJar;
import io.streamlearn.testing.TestKitBroker;
import io.streamlearn.testing.KafkaTestSupport;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.streamlearn.feed.FeedProducer;
import io.streamlearn.testing.TestCertificates;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kafka security as a user configures it, through {@code --config} alone, against a real broker
 * whose only listener the clients are given is secured: TLS with client certificates (mTLS), and
 * SASL_SSL with SCRAM-SHA-512. {@code run} learns (its models take the records), its predictions
 * are read back and bad records reach its dead-letter topic; {@code produce} sends the records;
 * {@code bench} measures both applications; and no secret (the stores' passwords, the SCRAM
 * password in {@code sasl.jaas.config}) appears in any of their logs (Kafka at INFO, streamlearn at
 * DEBUG), in {@code /health}, {@code /api/pipelines}, {@code /models}, {@code /metrics}, or in the
 * bench's results file. The certificates are made by the test ({@link TestCertificates}).
 */
class KafkaSecurityIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int RECORDS = 300;
    private static final int BAD_RECORDS = 7;

    @TempDir
    Path dir;

    @Test
    void mutualTls() throws Exception {
        TestCertificates certificates = TestCertificates.create(dir);
        Map<String, String> security = Map.of(
                "security.protocol", "SSL",
                "ssl.keystore.type", "PKCS12",
                "ssl.keystore.location", certificates.clientKeyStore().toString(),
                "ssl.keystore.password", certificates.keyStorePassword(),
                "ssl.key.password", certificates.keyStorePassword(),
                "ssl.truststore.type", "PKCS12",
                "ssl.truststore.location", certificates.clientTrustStore().toString(),
                "ssl.truststore.password", certificates.trustStorePassword());
        try (TestKitBroker.Secured broker = TestKitBroker.mutualTls(certificates)) {
            Map<String, String> noCertificate = new HashMap<>(security);
            noCertificate.keySet().removeIf(k -> k.startsWith("ssl.key"));
            assertRefused(broker.bootstrapServers(), noCertificate);
            runProduceAndBench(broker.bootstrapServers(), security,
                    List.of(certificates.keyStorePassword(), certificates.trustStorePassword()), "SSL");
        }
    }

    @Test
    void saslSslWithScram() throws Exception {
        TestCertificates certificates = TestCertificates.create(dir);
        String password = "scram-" + UUID.randomUUID();
        Map<String, String> security = Map.of(
                "security.protocol", "SASL_SSL",
                "sasl.mechanism", "SCRAM-SHA-512",
                "sasl.jaas.config", jaas(password),
                "ssl.truststore.type", "PKCS12",
                "ssl.truststore.location", certificates.clientTrustStore().toString(),
                "ssl.truststore.password", certificates.trustStorePassword());
        try (TestKitBroker.Secured broker = TestKitBroker.saslSslScram(certificates, "streamlearn", password)) {
            Map<String, String> wrongPassword = new HashMap<>(security);
            wrongPassword.put("sasl.jaas.config", jaas("not-" + password));
            assertRefused(broker.bootstrapServers(), wrongPassword);
            runProduceAndBench(broker.bootstrapServers(), security, List.of(password, certificates.trustStorePassword()),
                    "SASL_SSL");
        }
    }

    private static String jaas(String password) {
        return "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"streamlearn\" password=\""
                + password + "\";";
    }

    /** The listener is really secured: a client without the client certificate, or with a wrong password, is refused. */
    private static void assertRefused(String bootstrap, Map<String, String> security) {
        Properties p = new Properties();
        p.putAll(security);
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "10000");
        p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "5000");
        try (Admin admin = Admin.create(p)) {
            assertThatThrownBy(() -> admin.describeCluster().nodes().get()).isInstanceOf(ExecutionException.class)
                    .cause().isInstanceOf(AuthenticationException.class);
        }
    }

    private void runProduceAndBench(String bootstrap, Map<String, String> security, List<String> secrets,
                                    String protocol) throws Exception {
        Path config = dir.resolve("client.properties");
        Properties file = new Properties();
        file.putAll(security);
        file.put("consumer.session.timeout.ms", "6000");
        try (var out = Files.newBufferedWriter(config)) {
            file.store(out, "written by KafkaSecurityIT");
        }
        Path spec = dir.resolve("secure.yaml");
        Files.writeString(spec, """
                name: secure
                input: secure.features
                output: secure.predictions
                deadLetter: secure.dlq
                task: regression
                features: {dimension: 10}
                evaluation: {holdoutFraction: 0}
                learners:
                  - {name: ridge, type: linear, l2: 0.01}
                """);
        Properties client = new Properties();
        client.putAll(security);
        client.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);

        Path runLog = dir.resolve("run.log");
        Process run = start(runLog, "run", "--topology", spec.toString(), "--bootstrap-servers", bootstrap,
                "--config", config.toString(), "--state-dir", dir.resolve("state").toString(),
                "--application-id", "secure-app", "--http-host", "127.0.0.1", "--http-port", "0");
        List<String> served = new ArrayList<>();
        try {
            int httpPort = httpPort(runLog, run);
            awaitRunning(httpPort, runLog);

            Path produceLog = dir.resolve("produce.log");
            Process produce = start(produceLog, "produce", "--bootstrap-servers", bootstrap, "--config", config.toString(),
                    "--topic", "secure.features", "--dataset", "friedman1", "--records", Integer.toString(RECORDS));
            assertThat(produce.waitFor(120, TimeUnit.SECONDS)).as("produce finishes").isTrue();
            assertThat(produce.exitValue()).as(Files.readString(produceLog)).isZero();
            assertThat(Files.readString(produceLog)).contains("produced " + RECORDS + " records to secure.features");
            assertNoSecret(Files.readString(produceLog), secrets, "produce's log");

            Properties producer = FeedProducer.properties(bootstrap);
            producer.putAll(client);
            try (KafkaProducer<byte[], byte[]> bad = FeedProducer.open(producer)) {
                for (int i = 0; i < BAD_RECORDS; i++) {
                    bad.send(new ProducerRecord<>("secure.features", ("not json " + i).getBytes(StandardCharsets.UTF_8)));
                }
            }
            assertThat(readAll(client, "secure.predictions", RECORDS)).as("predictions read back over " + protocol)
                    .hasSize(RECORDS);
            assertThat(readAll(client, "secure.dlq", BAD_RECORDS)).as("dead letters over " + protocol).hasSize(BAD_RECORDS);

            JsonNode ridge = JSON.readTree(awaitLearned(httpPort));
            assertThat(ridge.get("updates").asLong()).as("ridge learned every good record").isEqualTo(RECORDS);
            for (String path : List.of("/health", "/api/pipelines", "/models", "/models/secure/ridge", "/metrics")) {
                served.add(path + ": " + get(httpPort, path).body());
            }
        } finally {
            run.destroy();
            assertThat(run.waitFor(60, TimeUnit.SECONDS)).as("run stops on SIGTERM").isTrue();
        }
        for (String body : served) {
            assertNoSecret(body, secrets, "the HTTP answer");
        }
        assertThat(served.get(1)).contains("\"name\":\"secure\"");
        String runText = Files.readString(runLog);
        // Kafka logged its clients' configs (so the check below has something to look at), secrets hidden
        assertThat(runText).contains("security.protocol = " + protocol, "ssl.truststore.password = [hidden]");
        assertNoSecret(runText, secrets, "run's log");

        Path results = dir.resolve("results");
        Path benchLog = dir.resolve("bench.log");
        Process bench = start(benchLog, "bench", "--bootstrap-servers", bootstrap, "--config", config.toString(),
                "--records", "5000", "--latency-records", "300", "--results", results.toString());
        assertThat(bench.waitFor(10, TimeUnit.MINUTES)).as("bench finishes").isTrue();
        String benchText = Files.readString(benchLog);
        assertThat(bench.exitValue()).as(benchText).isZero();
        List<Path> written;
        try (var listing = Files.list(results)) {
            written = listing.toList();
        }
        assertThat(written).hasSize(1);
        String report = Files.readString(written.get(0));
        assertThat(report).contains("| (a) pass-through | 1 × 1 |", "| (b) streamlearn: ridge, lasso, mlp | 1 × 1 |",
                "security.protocol=" + protocol, "ssl.truststore.password=[hidden]");
        assertNoSecret(report, secrets, "the bench's results file");
        assertNoSecret(benchText, secrets, "bench's log");
    }

    private static void assertNoSecret(String text, List<String> secrets, String where) {
        for (String secret : secrets) {
            assertThat(text).as("a secret in " + where).doesNotContain(secret);
        }
    }

    /** The jar as a process, Kafka's loggers at INFO and streamlearn's at DEBUG, its output in {@code log}. */
    private Process start(Path log, String... args) throws Exception {
        List<String> command = StreamlearnJar.command("384m", List.of(StreamlearnJar.verboseLogging(dir)), args);
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    /** The ephemeral HTTP port {@code run} reports once started. */
    private static int httpPort(Path log, Process run) throws Exception {
        Pattern reported = Pattern.compile("HTTP on port (\\d+)");
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (System.nanoTime() < deadline && run.isAlive()) {
            Matcher m = reported.matcher(Files.readString(log));
            if (m.find()) {
                return Integer.parseInt(m.group(1));
            }
            Thread.sleep(200);
        }
        throw new AssertionError("run reported no HTTP port:\n" + Files.readString(log));
    }

    private static void awaitRunning(int port, Path log) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (System.nanoTime() < deadline) {
            if (get(port, "/health").statusCode() == 200) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("run did not become RUNNING:\n" + Files.readString(log));
    }

    /** The ridge's model once it has taken every good record (published about once a second). */
    private static String awaitLearned(int port) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        String body = get(port, "/models/secure/ridge").body();
        while (JSON.readTree(body).path("updates").asLong() < RECORDS && System.nanoTime() < deadline) {
            Thread.sleep(200);
            body = get(port, "/models/secure/ridge").body();
        }
        return body;
    }

    private static HttpResponse<String> get(int port, String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static List<?> readAll(Properties client, String topic, int count) {
        Properties p = new Properties();
        p.putAll(client);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "secure-reader-" + topic);
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            return KafkaTestSupport.read(consumer, count, Duration.ofSeconds(120));
        }
    }
}
