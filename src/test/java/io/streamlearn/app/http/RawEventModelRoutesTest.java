package io.streamlearn.app.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.streamlearn.app.PaymentsDriver;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code GET /models} and {@code /metrics} of a raw-event pipeline (narrowed payments.yaml, 2,340
 * columns) on a TopologyTestDriver, over java.net.http: weights by feature name, the top-N rule
 * with the column count, {@code ?top} checked, and the encoder's per-field series.
 */
class RawEventModelRoutesTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient CLIENT = HttpClient.newHttpClient();

    @TempDir
    static Path stateDir;

    private static PaymentsDriver payments;
    private static StatusServer server;

    @BeforeAll
    static void start() throws Exception {
        payments = new PaymentsDriver(stateDir, 300); // the driver keeps every changelog write in memory: a few hundred
        server = StatusServer.start(HttpSettings.onPort(0),
                ApplicationView.of(() -> KafkaStreams.State.RUNNING, payments.monitors(), payments::scrapeMetrics));
    }

    @AfterAll
    static void stop() {
        server.close();
        payments.close();
        // a closed TopologyTestDriver still holds every changelog write it captured: let it go
        payments = null;
        server = null;
    }

    @Test
    void weightsAreNamedByFeatureLargestFirstWithTheColumnCount() throws Exception {
        JsonNode model = getJson("/models/payments/logistic");
        assertThat(model.get("columns").asInt()).isEqualTo(2340);
        assertThat(model.get("top").asInt()).isEqualTo(100);
        JsonNode weights = model.get("weights");
        assertThat(weights.size()).isEqualTo((int) Math.min(100, model.get("nonZero").asLong())).isGreaterThan(20);
        List<String> names = new ArrayList<>();
        List<Double> sizes = new ArrayList<>();
        weights.fields().forEachRemaining(e -> {
            names.add(e.getKey());
            sizes.add(Math.abs(e.getValue().asDouble()));
        });
        assertThat(sizes).isSortedAccordingTo((a, b) -> Double.compare(b, a)).doesNotContain(0.0);
        assertThat(names).anyMatch(n -> n.matches("country=[A-Z]{2}"))
                .anyMatch(n -> n.matches("device/os=\\w+"))
                .anyMatch(n -> n.matches("country=[A-Z]{2}\\^device/os=\\w+"))
                .noneMatch(n -> n.matches("#\\d+"));
        model.get("hashed").fields().forEachRemaining(e -> {
            assertThat(names).contains(e.getKey());
            assertThat(e.getValue().size()).isBetween(1, 8);
        });

        JsonNode top5 = getJson("/models/payments/logistic?top=5");
        assertThat(top5.get("top").asInt()).isEqualTo(5);
        assertThat(top5.get("columns").asInt()).isEqualTo(2340);
        assertThat(top5.get("nonZero")).isEqualTo(model.get("nonZero"));
        List<String> five = new ArrayList<>();
        top5.get("weights").fieldNames().forEachRemaining(five::add);
        assertThat(five).containsExactlyElementsOf(names.subList(0, 5));
    }

    @Test
    void aTopOutsideOneToAThousandIs400() throws Exception {
        for (String top : List.of("0", "-3", "1001", "ten", "")) {
            HttpResponse<String> r = get("/models/payments/logistic?top=" + top);
            assertThat(r.statusCode()).as(top).isEqualTo(400);
            assertThat(JSON.readTree(r.body()).get("error").asText()).contains("top");
        }
        assertThat(get("/models/payments/logistic?top=1000").statusCode()).isEqualTo(200);
    }

    @Test
    void everyLearnerShowsTheEncodingAnMlpNoWeights() throws Exception {
        JsonNode mlp = getJson("/models/payments/mlp");
        assertThat(mlp.get("type").asText()).isEqualTo("mlp");
        assertThat(mlp.has("weights")).isFalse();
        assertThat(mlp.get("encoding")).isEqualTo(getJson("/models/payments/logistic").get("encoding"));
        assertThat(mlp.get("encoding").get("events").asLong()).isPositive();
    }

    @Test
    void metricsCountEachFieldAsTheModelViewDoes() throws Exception {
        String scrape = get("/metrics").body();
        JsonNode encoding = getJson("/models/payments/logistic").get("encoding");
        List<String> fields = new ArrayList<>();
        for (JsonNode f : encoding.get("fields")) {
            String field = f.get("field").asText();
            fields.add(field);
            assertThat(value(scrape, "streamlearn_missing_total", field)).as(field).isEqualTo(f.get("missing").asDouble());
            if (f.has("vocabulary")) {
                assertThat(value(scrape, "streamlearn_vocabulary_size", field)).isEqualTo(f.get("vocabulary").asDouble())
                        .isPositive();
                assertThat(value(scrape, "streamlearn_other_total", field)).isEqualTo(f.get("other").asDouble());
            } else {
                assertThat(scrape).doesNotContain("streamlearn_vocabulary_size{field=\"" + field + "\"");
            }
        }
        assertThat(fields).containsExactly("amount", "account age days", "device/battery", "country", "merchant_id",
                "device/os");
        assertThat(value(scrape, "streamlearn_missing_total", "device/battery")).isPositive();
        assertThat(scrape).contains("# TYPE streamlearn_missing_total counter", "# TYPE streamlearn_vocabulary_size gauge",
                "# TYPE streamlearn_other_total counter");
        // one series per field: bounded by the spec, never by the values seen
        assertThat(Pattern.compile("^streamlearn_vocabulary_size\\{", Pattern.MULTILINE).matcher(scrape).results().count())
                .isEqualTo(2);
    }

    private static double value(String scrape, String name, String field) {
        Matcher m = Pattern.compile("^" + name + "\\{field=\"" + Pattern.quote(field)
                + "\",pipeline=\"payments\"} (\\S+)$", Pattern.MULTILINE).matcher(scrape);
        assertThat(m.find()).as(name + " " + field).isTrue();
        return Double.parseDouble(m.group(1));
    }

    private static JsonNode getJson(String path) throws Exception {
        HttpResponse<String> r = get(path);
        assertThat(r.statusCode()).as(path + ": " + r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return CLIENT.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
