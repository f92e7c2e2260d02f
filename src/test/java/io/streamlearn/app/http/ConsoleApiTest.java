package io.streamlearn.app.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.streamlearn.app.DemoDriver;
import io.streamlearn.query.PipelineMonitor;
import io.streamlearn.query.SeriesHistory;
import io.streamlearn.record.RejectReason;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The console's endpoints over HTTP: the page and its files, {@code /api/pipelines} and the series
 * endpoint (shape, bounds, null before the first snapshot), on the demo topology on a
 * TopologyTestDriver with a history sampled by the test, and on a pipeline that never published.
 */
class ConsoleApiTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient CLIENT = HttpClient.newHttpClient();
    private static final int CAPACITY = 5;

    @TempDir
    static Path stateDir;

    private static DemoDriver demo;
    private static SeriesHistory history;
    private static StatusServer server;

    @BeforeAll
    static void start() throws Exception {
        PipelineMonitor idle = new PipelineMonitor("idle", List.of("ridge"), false);
        SeriesHistory idleHistory = new SeriesHistory(idle, CAPACITY);
        demo = new DemoDriver(stateDir);
        history = new SeriesHistory(demo.monitor(), CAPACITY);
        history.sample(1_000);               // before any record: no snapshot yet
        idleHistory.sample(1_000);
        demo.feed(300, 0, "not json");
        for (int i = 2; i <= 8; i++) {        // 8 samples in a buffer of 5
            history.sample(i * 1_000L);
        }
        idleHistory.sample(2_000);
        server = StatusServer.start(HttpSettings.onPort(0).withHost("127.0.0.1").withMaxBodyBytes(4096),
                ApplicationView.of(() -> KafkaStreams.State.RUNNING, Map.of("demo", demo.monitor(), "idle", idle),
                        demo::scrapeMetrics).withSeries(Map.of("demo", history, "idle", idleHistory))
                        .withDefinitions(List.of(demo.pipeline)));
    }

    @AfterAll
    static void stop() {
        server.close();
        demo.close();
    }

    @Test
    void thePageAndItsFilesComeFromTheJar() throws Exception {
        HttpResponse<String> page = get("/");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
        assertThat(page.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(csp ->
                assertThat(csp).contains("default-src 'self'", "script-src 'self'"));
        assertThat(page.body()).contains("/console/uPlot.iife.min.js", "/console/console.js").doesNotContain("http://", "https://");
        HttpResponse<String> uplot = get("/console/uPlot.iife.min.js");
        assertThat(uplot.statusCode()).isEqualTo(200);
        assertThat(uplot.headers().firstValue("Content-Type")).hasValue("text/javascript; charset=utf-8");
        assertThat(uplot.body()).contains("uPlot");
        assertThat(get("/console/console.js").body()).contains("/api/pipelines");
        assertThat(get("/console/console.css").statusCode()).isEqualTo(200);
        assertThat(get("/console/uPlot.min.css").statusCode()).isEqualTo(200);
        assertThat(get("/console/uPlot.LICENSE").body()).contains("MIT");
        for (String missing : List.of("/console/nope.js", "/console/../pom.xml", "/console/%2e%2e%2fpom.xml",
                "/console/", "/console/a/b", "/index.html")) {
            assertThat(get(missing).statusCode()).as(missing).isEqualTo(404);
        }
    }

    @Test
    void theConsoleIsReadOnly() throws Exception {
        for (String path : List.of("/", "/console/console.js", "/api/pipelines", "/api/pipelines/demo/series",
                "/api/pipelines/demo/recent")) {
            HttpResponse<String> r = send(HttpRequest.newBuilder(uri(path)).POST(HttpRequest.BodyPublishers.ofString("{}")));
            assertThat(r.statusCode()).as(path).isEqualTo(405);
            assertThat(r.headers().firstValue("Allow")).as(path).hasValue("GET");
        }
    }

    @Test
    void pipelinesListsEveryPipelineWithItsLearners() throws Exception {
        JsonNode body = JSON.readTree(get("/api/pipelines").body());
        assertThat(body.isArray()).isTrue();
        JsonNode demoEntry = null;
        for (JsonNode p : body) {
            if (p.get("name").asText().equals("demo")) {
                demoEntry = p;
            }
        }
        assertThat(body).hasSize(2);
        assertThat(demoEntry).isNotNull();
        assertThat(demoEntry.get("learners").toString()).isEqualTo("[\"ridge\",\"lasso\",\"elasticnet\",\"mlp\"]");
        assertThat(demoEntry.get("classification").asBoolean()).isFalse();
        // what the console's spec panel and empty states show: the definition's topics and settings, the spec as read
        assertThat(demoEntry.get("scope").asText()).isEqualTo("global");
        assertThat(demoEntry.get("topics").toString())
                .isEqualTo("{\"input\":\"demo.features\",\"output\":\"demo.predictions\",\"deadLetter\":\"demo.dlq\"}");
        assertThat(demoEntry.get("evaluation").toString())
                .isEqualTo("{\"holdoutFraction\":0.1,\"reservoir\":200,\"every\":100,\"window\":1000}");
        assertThat(demoEntry.get("spec").asText()).isEqualTo(demo.pipeline.spec()).contains("every: 100", "name: demo");
        // a pipeline without a definition is listed without them
        JsonNode idle = body.get(0).get("name").asText().equals("idle") ? body.get(0) : body.get(1);
        assertThat(idle.has("topics")).isFalse();
        assertThat(idle.has("spec")).isFalse();
    }

    @Test
    void recentHasTheLastPredictionsAsEmittedAndTheDeadLetterWithItsReason() throws Exception {
        HttpResponse<String> r = get("/api/pipelines/demo/recent");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Cache-Control")).hasValue("no-store");
        JsonNode body = JSON.readTree(r.body());
        assertThat(body.get("capacity").asInt()).isEqualTo(20);
        assertThat(body.get("predicted").asLong()).isEqualTo(300);
        assertThat(body.get("deadLettered").asLong()).isEqualTo(1);
        // the newest first: the output topic's last 20 values, in reverse
        List<byte[]> emitted = demo.output.readValuesToList();
        assertThat(emitted).hasSize(300);
        List<JsonNode> expected = new java.util.ArrayList<>();
        for (int i = emitted.size() - 1; i >= emitted.size() - 20; i--) {
            expected.add(JSON.readTree(emitted.get(i)));
        }
        assertThat(body.get("predictions")).containsExactlyElementsOf(expected);
        JsonNode dead = body.get("deadLetters");
        assertThat(dead).hasSize(1);
        assertThat(dead.at("/0/reason").asText()).isEqualTo("not_json");
        assertThat(dead.at("/0/message").asText()).isNotBlank();
        assertThat(dead.at("/0/value").asText()).isEqualTo("not json");
        assertThat(dead.at("/0/valueBytes").asInt()).isEqualTo(8);
        assertThat(get("/api/pipelines/nope/recent").statusCode()).isEqualTo(404);
        // a pipeline that emitted nothing: empty lists
        JsonNode idle = JSON.readTree(get("/api/pipelines/idle/recent").body());
        assertThat(idle.get("predictions")).isEmpty();
        assertThat(idle.get("deadLetters")).isEmpty();
    }

    @Test
    void seriesHaveOneValuePerKeptSampleInEveryColumn() throws Exception {
        HttpResponse<String> r = get("/api/pipelines/demo/series");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json");
        JsonNode body = JSON.readTree(r.body());
        assertThat(body.get("pipeline").asText()).isEqualTo("demo");
        assertThat(body.get("capacity").asInt()).isEqualTo(CAPACITY);
        // 8 samples taken, the last 5 kept
        assertThat(body.get("first").asLong()).isEqualTo(3);
        assertThat(body.get("next").asLong()).isEqualTo(8);
        assertThat(body.at("/time").toString()).isEqualTo("[4000.0,5000.0,6000.0,7000.0,8000.0]");
        assertThat(arrays(body)).hasSize(3 + RejectReason.values().length + 4 * 9).allSatisfy(a -> assertThat(a.size()).isEqualTo(CAPACITY));
        assertThat(body.get("learners").fieldNames()).toIterable().containsExactly("ridge", "lasso", "elasticnet", "mlp");
        assertThat(body.get("deadLetters").fieldNames()).toIterable().contains("not_json", "wrong_dimension");
        assertThat(body.at("/deadLetters/not_json/4").asDouble()).isEqualTo(1.0);
        assertThat(body.at("/records/4").asDouble()).isEqualTo(300.0);
        // the learners' values are the monitor's snapshot, as /metrics shows it
        PipelineMonitor.LearnerSnapshot ridge = demo.monitor().learners().get(0);
        assertThat(body.at("/learners/ridge/holdout/4").asDouble()).isEqualTo(ridge.stats().holdoutLoss());
        assertThat(body.at("/learners/ridge/prequential/4").asDouble()).isEqualTo(ridge.stats().prequentialLoss());
        assertThat(body.at("/learners/ridge/nonzero/4").asDouble()).isEqualTo(ridge.nonZeroWeights());
        assertThat(body.at("/learners/mlp/gradientNorm/4").isNumber()).isTrue();
    }

    @Test
    void fromGivesOnlyTheNewerSamples() throws Exception {
        JsonNode tail = JSON.readTree(get("/api/pipelines/demo/series?from=6").body());
        assertThat(tail.get("first").asLong()).isEqualTo(6);
        assertThat(tail.at("/time").toString()).isEqualTo("[7000.0,8000.0]");
        assertThat(arrays(tail)).allSatisfy(a -> assertThat(a.size()).isEqualTo(2));
        JsonNode none = JSON.readTree(get("/api/pipelines/demo/series?from=8").body());
        assertThat(arrays(none)).allSatisfy(a -> assertThat(a.size()).isZero());
        JsonNode old = JSON.readTree(get("/api/pipelines/demo/series?from=0").body());
        assertThat(old.get("first").asLong()).isEqualTo(3);
    }

    @Test
    void learnerValuesAreNullBeforeTheFirstSnapshot() throws Exception {
        JsonNode idle = JSON.readTree(get("/api/pipelines/idle/series").body());
        assertThat(idle.at("/time").size()).isEqualTo(2);
        for (String series : List.of("prequential", "train", "holdout", "gap", "nonzero", "nonzeroRatio",
                "gradientNorm", "clipRate", "updates")) {
            assertThat(idle.at("/learners/ridge/" + series).toString()).as(series).isEqualTo("[null,null]");
        }
        assertThat(idle.at("/recordsPerSecond").toString()).isEqualTo("[null,0.0]");
        assertThat(idle.at("/records").toString()).isEqualTo("[0.0,0.0]");
    }

    @Test
    void badRequestsToTheApiGet4xx() throws Exception {
        assertThat(get("/api/pipelines/demo/series?from=abc").statusCode()).isEqualTo(400);
        assertThat(get("/api/pipelines/demo/series?from=99999999999999999999").statusCode()).isEqualTo(400);
        assertThat(get("/api/pipelines/nope/series").statusCode()).isEqualTo(404);
        assertThat(get("/api/pipelines/demo/other").statusCode()).isEqualTo(404);
        assertThat(get("/api/pipelines/demo").statusCode()).isEqualTo(404);
        assertThat(get("/api").statusCode()).isEqualTo(404);
        assertThat(get("/api/other").statusCode()).isEqualTo(404);
        assertThat(get("/api/pipelines/demo/series?x=1&from=7").statusCode()).isEqualTo(200);
    }

    private static List<JsonNode> arrays(JsonNode node) {
        List<JsonNode> out = new java.util.ArrayList<>();
        Iterator<JsonNode> it = node.elements();
        while (it.hasNext()) {
            JsonNode child = it.next();
            if (child.isArray()) {
                out.add(child);
            } else if (child.isObject()) {
                out.addAll(arrays(child));
            }
        }
        return out;
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return send(HttpRequest.newBuilder(uri(path)));
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.port() + path);
    }
}
