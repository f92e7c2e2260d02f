package io.streamlearn.app;

import io.streamlearn.testing.StreamlearnJar;
import io.streamlearn.testing.KeyedRecords;
import io.streamlearn.testing.EmbeddedKafkaExtension;
import io.streamlearn.testing.KafkaTestSupport;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.streamlearn.app.http.StatusServer;
import io.streamlearn.feed.FeedProducer;
import io.streamlearn.testing.TestCertificates;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two {@code run} processes of one application with a token and TLS (certificates made by keytool in
 * the test), sharing a 2-partition {@code scope: key} input on the embedded broker: a {@code ?key=}
 * query over HTTPS with the token, sent to the instance that does not hold the key, is forwarded (over
 * HTTPS, with the token) and the holder's answer relayed with {@code X-Streamlearn-Served-By}; without
 * the token it is 401 with {@code WWW-Authenticate: Bearer}; {@code /health} and {@code /metrics} stay
 * open; plain HTTP gets no answer. A keystore with the wrong password, or a token file that is not
 * there, stops {@code run} with one line and status 2.
 */
class SecureForwardingIT {

    private static final String APP_ID = "secure-it";
    private static final String TOKEN = "it-token-0123456789abcdef";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SPEC = """
            name: secure
            input: secure.features
            output: secure.predictions
            task: regression
            features: {dimension: 4}
            scope: key
            learners:
              - {name: ridge, type: linear, l2: 0.01}
            """;

    @RegisterExtension
    static final EmbeddedKafkaExtension kafka = new EmbeddedKafkaExtension();

    @TempDir
    Path dir;

    private record Instance(String name, int port, Process process) {
        String address() {
            return "localhost:" + port;
        }
    }

    @Test
    void aKeyQueryIsForwardedOverHttpsWithTheTokenAndRelayed() throws Exception {
        try (Admin admin = Admin.create(FeedProducer.properties(kafka.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic("secure.features", 2, (short) 1),
                    new NewTopic("secure.predictions", 1, (short) 1),
                    new NewTopic("secure.features.dlq", 1, (short) 1))).all().get();
        }
        TestCertificates certificates = TestCertificates.create(dir);
        Path spec = Files.writeString(dir.resolve("secure.yaml"), SPEC);
        Path tokenFile = Files.writeString(dir.resolve("http.token"), TOKEN + "\n");
        Path config = StreamlearnJar.fastFailoverConfig(dir);
        HttpClient client = HttpClient.newBuilder().sslContext(trusting(certificates))
                .connectTimeout(Duration.ofSeconds(5)).build();
        List<Instance> live = new ArrayList<>();
        try {
            for (String name : List.of("a", "b")) {
                live.add(launch(name, spec, tokenFile, config, certificates));
            }
            KafkaTestSupport.await(() -> live.stream().allMatch(i -> activeTasks(client, i).size() == 1),
                    Duration.ofSeconds(120), "two RUNNING instances with one task each");
            KeyedRecords.produce(kafka.bootstrapServers(), KeyedRecords.of("secure.features", 20, 2_000, 7));

            String key = "key-7";
            int partition = Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % 2;
            Instance owner = live.stream().filter(i -> activeTasks(client, i).contains("0_" + partition)).findFirst()
                    .orElseThrow();
            Instance other = live.stream().filter(i -> i != owner).findFirst().orElseThrow();
            String path = "/models/secure/ridge?key=" + key;
            HttpResponse<String>[] answer = new HttpResponse[1];
            KafkaTestSupport.await(() -> {
                answer[0] = send(client, other, path, "Bearer " + TOKEN);
                return answer[0] != null && answer[0].statusCode() == 200;
            }, Duration.ofSeconds(60), "key-7's model from the instance that does not hold it");
            assertThat(answer[0].headers().firstValue(StatusServer.SERVED_BY)).hasValue(owner.address());
            assertThat(JSON.readTree(answer[0].body()).get("key").asText()).isEqualTo(key);
            assertThat(JSON.readTree(answer[0].body()).get("updates").asLong()).isPositive();
            assertThat(answer[0].body()).isEqualTo(send(client, owner, path, "Bearer " + TOKEN).body());
            System.out.printf("GET %s over HTTPS with the token, asked of %s, answered by %s%n", path, other.address(),
                    answer[0].headers().firstValue(StatusServer.SERVED_BY).orElse("?"));

            HttpResponse<String> refused = send(client, other, path, null);
            assertThat(refused.statusCode()).isEqualTo(401);
            assertThat(refused.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
            assertThat(send(client, other, path, "Bearer " + TOKEN.substring(1)).statusCode()).isEqualTo(401);
            HttpResponse<String> health = send(client, other, "/health", null);
            assertThat(health.statusCode()).isEqualTo(200);
            assertThat(health.body()).doesNotContain(TOKEN);
            assertThat(send(client, other, "/metrics", null).body()).contains("streamlearn_records_total");
            assertThat(send(HttpClient.newHttpClient(), URI.create("http://127.0.0.1:" + other.port() + "/health"), null))
                    .as("plain HTTP to the HTTPS port").isNull();
        } finally {
            for (Instance i : live) {
                i.process().destroy();
            }
            for (Instance i : live) {
                if (!i.process().waitFor(60, TimeUnit.SECONDS)) {
                    i.process().destroyForcibly();
                }
            }
        }
        for (Instance i : live) {
            assertThat(Files.readString(dir.resolve("run-" + i.name() + ".log"))).as("the log of " + i.name())
                    .doesNotContain(TOKEN);
        }
    }

    @Test
    void aWrongKeystorePasswordOrAMissingTokenFileIsOneLineAndStatus2() throws Exception {
        TestCertificates certificates = TestCertificates.create(dir);
        Path spec = Files.writeString(dir.resolve("secure.yaml"), SPEC);
        Path missing = dir.resolve("no-such.token");
        List<List<String>> mistakes = List.of(
                List.of("--http-tls-keystore", certificates.brokerKeyStore().toString()),
                List.of("--http-token-file", missing.toString()));
        List<String> expected = List.of("--http-tls-keystore " + certificates.brokerKeyStore(), "--http-token-file " + missing);
        for (int m = 0; m < mistakes.size(); m++) {
            List<String> args = new ArrayList<>(List.of("run", "--topology", spec.toString(),
                    "--bootstrap-servers", kafka.bootstrapServers(), "--http-port", "0"));
            args.addAll(mistakes.get(m));
            ProcessBuilder pb = new ProcessBuilder(StreamlearnJar.command("128m", args.toArray(String[]::new)));
            pb.environment().put("STREAMLEARN_HTTP_TLS_PASSWORD", "not-the-password");
            Process p = pb.redirectErrorStream(true).start();
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).as(output).isEqualTo(2);
            String named = expected.get(m);
            assertThat(output.lines().filter(l -> l.contains(named)).count()).as(output).isEqualTo(1);
            assertThat(output).doesNotContain("Exception", "\tat ");
        }
    }

    private Instance launch(String name, Path spec, Path tokenFile, Path config, TestCertificates certificates)
            throws IOException {
        int port = freePort();
        ProcessBuilder pb = new ProcessBuilder(StreamlearnJar.command("256m", List.of("-XX:TieredStopAtLevel=1"), "run",
                "--topology", spec.toString(), "--bootstrap-servers", kafka.bootstrapServers(),
                "--config", config.toString(), "--state-dir", dir.resolve("state-" + name).toString(),
                "--application-id", APP_ID, "--http-host", "127.0.0.1", "--http-port", Integer.toString(port),
                "--advertised-http", "localhost:" + port, "--http-token-file", tokenFile.toString(),
                "--http-tls-keystore", certificates.brokerKeyStore().toString(),
                "--http-tls-truststore", certificates.clientTrustStore().toString()));
        pb.environment().put("STREAMLEARN_HTTP_TLS_PASSWORD", certificates.keyStorePassword());
        pb.environment().put("STREAMLEARN_HTTP_TLS_TRUSTSTORE_PASSWORD", certificates.trustStorePassword());
        Process p = pb.redirectErrorStream(true).redirectOutput(dir.resolve("run-" + name + ".log").toFile()).start();
        return new Instance(name, port, p);
    }

    private static List<String> activeTasks(HttpClient client, Instance i) {
        List<String> tasks = new ArrayList<>();
        HttpResponse<String> r = send(client, i, "/health", null);
        if (r == null || r.statusCode() != 200) {
            return tasks;
        }
        try {
            JSON.readTree(r.body()).path("activeTasks").forEach(t -> tasks.add(t.asText()));
        } catch (IOException e) {
            return List.of();
        }
        return tasks;
    }

    private static HttpResponse<String> send(HttpClient client, Instance i, String path, String authorization) {
        return send(client, URI.create("https://localhost:" + i.port() + path), authorization);
    }

    /** The answer; null when there is none (refused, reset, timed out). */
    private static HttpResponse<String> send(HttpClient client, URI uri, String authorization) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10));
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        try {
            return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private static SSLContext trusting(TestCertificates certificates) throws Exception {
        KeyStore trusted = KeyStore.getInstance("PKCS12");
        try (InputStream in = new FileInputStream(certificates.clientTrustStore().toFile())) {
            trusted.load(in, certificates.trustStorePassword().toCharArray());
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trusted);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, tmf.getTrustManagers(), null);
        return context;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
