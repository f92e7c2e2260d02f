package io.streamlearn.app.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamlearn.query.PipelineMonitor;
import io.streamlearn.spec.SpecParser;
import io.streamlearn.topology.PipelineDefinition;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code ?key=} requests between two instances' HTTP servers: A holds no key and says where each
 * is; B holds key {@code far}. A forwards to B and relays its answer (GET and POST); a request
 * forwarded once is never forwarded again; no active host, or a holder that does not answer, is
 * 503 with Retry-After. (MultiInstanceIT does the same between real {@code run} processes.)
 */
class KeyForwardingTest {

    private static final HttpClient CLIENT = HttpClient.newHttpClient();
    private static final String SPEC = """
            name: keyed
            input: keyed.features
            output: keyed.predictions
            task: regression
            features: {dimension: 2}
            scope: key
            learners:
              - {name: ridge, type: linear, l2: 0.01}
            """;

    private static StatusServer a;
    private static StatusServer b;
    private static int deadPort;

    @BeforeAll
    static void start() throws Exception {
        PipelineDefinition pipeline = PipelineDefinition.of(SpecParser.parse(SPEC, "keyed.yaml"));
        try (ServerSocket s = new ServerSocket(0)) {
            deadPort = s.getLocalPort();
        }
        AtomicInteger portA = new AtomicInteger();
        AtomicInteger portB = new AtomicInteger();
        KeyedPipelines atA = new KeyedPipelines() {
            @Override
            public KeyedPipeline find(String p, byte[] key) {
                return null;
            }

            @Override
            public String locate(String p, byte[] key) {
                return switch (new String(key, StandardCharsets.UTF_8)) {
                    case "moving" -> throw new IllegalStateException("rebalancing");
                    case "dead" -> "127.0.0.1:" + deadPort;
                    default -> "127.0.0.1:" + portB.get();
                };
            }
        };
        KeyedPipelines atB = new KeyedPipelines() {
            @Override
            public KeyedPipeline find(String p, byte[] key) {
                return new String(key, StandardCharsets.UTF_8).equals("far")
                        ? new KeyedPipeline(pipeline.blueprint().newPipeline(), pipeline.schema()) : null;
            }

            @Override
            public String locate(String p, byte[] key) {
                return "127.0.0.1:" + portA.get(); // B believes A holds what it has not: no bounce back
            }
        };
        a = server(atA, portA, "127.0.0.1:");
        b = server(atB, portB, "127.0.0.1:");
    }

    private static StatusServer server(KeyedPipelines keyed, AtomicInteger port, String host) throws Exception {
        int p;
        try (ServerSocket s = new ServerSocket(0)) {
            p = s.getLocalPort();
        }
        port.set(p);
        PipelineMonitor monitor = new PipelineMonitor("keyed", List.of("ridge"), false, true, Map.of());
        return StatusServer.start(HttpSettings.onPort(p).withHost("127.0.0.1").withMaxBodyBytes(4096).withAdvertised(host + p),
                ApplicationView.of(() -> KafkaStreams.State.RUNNING, Map.of("keyed", monitor), () -> "").withKeyed(keyed)
                        .withTasks(() -> new InstanceTasks(List.of("0_1"), List.of("0_0"))));
    }

    @AfterAll
    static void stop() {
        a.close();
        b.close();
    }

    @Test
    void aKeyHeldByAnotherInstanceIsForwardedThereForGetAndPost() throws Exception {
        HttpResponse<String> model = send(a, "GET", "/models/keyed/ridge?key=far", null);
        assertThat(model.statusCode()).as(model.body()).isEqualTo(200);
        assertThat(model.body()).contains("\"type\":\"linear\"").endsWith(",\"key\":\"far\"}\n");
        assertThat(model.headers().firstValue(StatusServer.SERVED_BY)).hasValue("127.0.0.1:" + b.port());
        HttpResponse<String> predicted = send(a, "POST", "/predict/keyed?key=far", "{\"id\": \"q\", \"features\": [1, 2]}");
        assertThat(predicted.statusCode()).as(predicted.body()).isEqualTo(200);
        assertThat(predicted.body()).contains("\"id\":\"q\"", "\"split\":\"unlabeled\"");
        HttpResponse<String> bad = send(a, "POST", "/predict/keyed?key=far", "{\"id\": \"q\", \"features\": [1]}");
        assertThat(bad.statusCode()).as("the holder's 400, relayed").isEqualTo(400);
    }

    @Test
    void aForwardedRequestIsNotForwardedAgain() throws Exception {
        HttpResponse<String> r = send(a, "GET", "/models/keyed/ridge?key=nowhere", null);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(404);
        assertThat(r.headers().firstValue(StatusServer.SERVED_BY)).hasValue("127.0.0.1:" + b.port());
    }

    @Test
    void noActiveHostOrAHolderThatDoesNotAnswerIs503WithRetryAfter() throws Exception {
        for (String key : List.of("moving", "dead")) {
            HttpResponse<String> r = send(a, "GET", "/models/keyed/ridge?key=" + key, null);
            assertThat(r.statusCode()).as(r.body()).isEqualTo(503);
            assertThat(r.headers().firstValue("Retry-After")).hasValue("1");
        }
    }

    @Test
    void healthListsTheInstancesTasks() throws Exception {
        HttpResponse<String> r = send(b, "GET", "/health", null);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("{\"state\":\"RUNNING\",\"rebalancing\":false,\"instance\":\"127.0.0.1:"
                + b.port() + "\",\"activeTasks\":[\"0_1\"],\"standbyTasks\":[\"0_0\"]}\n");
    }

    private static HttpResponse<String> send(StatusServer s, String method, String path, String body) throws Exception {
        HttpRequest.Builder r = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + s.port() + path));
        r = body == null ? r.GET() : r.POST(HttpRequest.BodyPublishers.ofString(body));
        return CLIENT.send(r.build(), HttpResponse.BodyHandlers.ofString());
    }
}
