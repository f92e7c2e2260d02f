package io.streamlearn.app.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.streamlearn.app.DemoDriver;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The HTTP endpoints over the demo topology on a TopologyTestDriver, with java.net.http. */
class StatusServerTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient CLIENT = HttpClient.newHttpClient();
    private static final String RECORD = "{\"id\": \"q-1\", \"features\": [0.1, 0.9, 0.3, 0.7, 0.5, 0.2, 0.4, 0.6, 0.8, 0.05]}";

    @TempDir
    static Path stateDir;

    private static DemoDriver demo;
    private static StatusServer server;

    @BeforeAll
    static void start() throws Exception {
        demo = new DemoDriver(stateDir).feed(300, 0);
        demo.output.readValuesToList();
        server = StatusServer.start(HttpSettings.onPort(0).withMaxBodyBytes(4096),
                ApplicationView.of(() -> KafkaStreams.State.RUNNING, demo.monitors(), demo::scrapeMetrics));
    }

    @AfterAll
    static void stop() {
        server.close();
        demo.close();
    }

    @Test
    void metricsAreThePrometheusTextFormat() throws Exception {
        HttpResponse<String> r = get("/metrics");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("text/plain; version=0.0.4; charset=utf-8");
        assertThat(r.body()).contains("# TYPE streamlearn_records_total counter",
                "streamlearn_records_total{outcome=\"trained\",pipeline=\"demo\"}");
    }

    @Test
    void predictAnswersWhatTheStreamPredictsForTheSameRecord() throws Exception {
        HttpResponse<String> r = post("/predict/demo", RECORD);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json");
        JsonNode answer = JSON.readTree(r.body());
        assertThat(answer.get("id").asText()).isEqualTo("q-1");
        assertThat(answer.get("pipeline").asText()).isEqualTo("demo");
        assertThat(answer.get("predictions").size()).isEqualTo(4);

        // the same record through the stream, unlabeled (so nothing trains): the same numbers, bit for bit
        demo.pipe(RECORD);
        List<byte[]> out = demo.output.readValuesToList();
        assertThat(out).hasSize(1);
        JsonNode streamed = JSON.readTree(out.get(0));
        assertThat(answer.get("predictions")).isEqualTo(streamed.get("predictions"));
        assertThat(answer.get("versions")).isEqualTo(streamed.get("versions"));
    }

    @Test
    void predictTakesNamedFeatures() throws Exception {
        HttpResponse<String> r = post("/predict/demo", "{\"features\": {\"x1\": 0.5, \"x4\": 0.9}}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(JSON.readTree(r.body()).get("predictions").get("ridge").isNumber()).isTrue();
    }

    @Test
    void badBodiesGet400WithAMessage() throws Exception {
        for (String body : List.of("", "not json", "[1, 2]", "{\"features\": \"abc\"}", "{\"features\": [1, 2]}",
                "{\"features\": {\"nope\": 1}}", "{\"features\": [1, 2, 3, 4, 5, 6, 7, 8, 9, \"ten\"]}",
                "{\"features\": [1e999, 2, 3, 4, 5, 6, 7, 8, 9, 10]}", "\u0000\u0001")) {
            HttpResponse<String> r = post("/predict/demo", body);
            assertThat(r.statusCode()).as(body + " -> " + r.body()).isEqualTo(400);
            assertThat(JSON.readTree(r.body()).get("error").asText()).as(body).isNotBlank();
        }
    }

    @Test
    void oversizedBodiesGet413() throws Exception {
        HttpResponse<String> r = post("/predict/demo", "{\"features\": [" + "0.5, ".repeat(2000) + "0.5]}");
        assertThat(r.statusCode()).isEqualTo(413);
        assertThat(JSON.readTree(r.body()).get("error").asText()).contains("4096");
    }

    @Test
    void unknownNamesAndPathsGet404() throws Exception {
        assertThat(post("/predict/nope", RECORD).statusCode()).isEqualTo(404);
        assertThat(post("/predict/demo/extra", RECORD).statusCode()).isEqualTo(404);
        assertThat(get("/models/demo/nope").statusCode()).isEqualTo(404);
        assertThat(get("/models/nope/ridge").statusCode()).isEqualTo(404);
        assertThat(get("/healthz").statusCode()).isEqualTo(404);
        assertThat(get("/metrics/x").statusCode()).isEqualTo(404);
        assertThat(get("/index.html").statusCode()).isEqualTo(404);
    }

    @Test
    void wrongMethodsGet405() throws Exception {
        HttpResponse<String> r = get("/predict/demo");
        assertThat(r.statusCode()).isEqualTo(405);
        assertThat(r.headers().firstValue("Allow")).hasValue("POST");
        assertThat(post("/metrics", "x").statusCode()).isEqualTo(405);
        assertThat(post("/models", "x").statusCode()).isEqualTo(405);
        assertThat(post("/", "x").statusCode()).isEqualTo(405);
    }

    @Test
    void modelsAndHealthStillAnswer() throws Exception {
        assertThat(get("/health").body()).isEqualTo("{\"state\":\"RUNNING\",\"rebalancing\":false,\"activeTasks\":[],\"standbyTasks\":[]}\n");
        HttpResponse<String> model = get("/models/demo/lasso");
        assertThat(model.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(model.body()).get("type").asText()).isNotBlank();
        assertThat(JSON.readTree(get("/models").body()).get("demo").size()).isEqualTo(4);
    }

    /** Every JSON answer, of every route and of the shared rules, is one line that ends with a newline. */
    @Test
    void jsonAnswersEndWithANewline() throws Exception {
        List<HttpResponse<String>> answers = List.of(get("/health"), get("/models"), get("/models/demo/ridge"),
                get("/api/pipelines"), get("/api/pipelines/demo/series?from=0"), post("/predict/demo", RECORD),
                post("/predict/demo", "not json"), get("/nope"), get("/predict/demo"));
        for (HttpResponse<String> r : answers) {
            assertThat(r.headers().firstValue("Content-Type")).as(r.uri().toString()).hasValue("application/json");
            String body = r.body();
            assertThat(body).as(r.uri() + " -> " + r.statusCode()).endsWith("\n");
            assertThat(body.strip()).as(r.uri() + ": one line").doesNotContain("\n").matches("(?s)[\\[{].*[}\\]]");
            assertThat(JSON.readTree(body).isContainerNode()).isTrue();
        }
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return CLIENT.send(HttpRequest.newBuilder(uri(path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> post(String path, String body) throws Exception {
        return CLIENT.send(HttpRequest.newBuilder(uri(path)).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static URI uri(String path) {
        return URI.create("http://localhost:" + server.port() + path);
    }
}
