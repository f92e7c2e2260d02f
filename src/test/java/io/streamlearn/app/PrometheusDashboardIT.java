package io.streamlearn.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dashboards against a running application (the demo pipeline on the in-JVM broker, fed
 * friedman1 records): every metric a panel queries is in its scrape, and a real Prometheus (Debian's
 * package binary, started here on a free localhost port with its own storage, scraping the
 * application's /metrics every second) returns data for every panel query with the variables filled
 * in ({@code $pipeline=demo}, {@code $learner=ridge|lasso|mlp}: the lasso is the demo's λ path, which the
 * path panels draw, {@code $__rate_interval=10s}).
 */
class PrometheusDashboardIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    static Path stateDir;
    @TempDir
    Path prometheusDir;

    private static RunningDemo demo;

    @BeforeAll
    static void start() throws Exception {
        demo = RunningDemo.start(stateDir);
        demo.awaitProcessed(1000, Duration.ofSeconds(60));
        Thread.sleep(1500); // a published snapshot after the first rescoring
    }

    @AfterAll
    static void stop() throws Exception {
        if (demo != null) {
            demo.close();
        }
    }

    @Test
    void everyMetricAPanelQueriesIsInTheScrape() throws Exception {
        HttpResponse<String> scrape = HTTP.send(HttpRequest.newBuilder(URI.create(demo.metricsUrl())).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(scrape.statusCode()).isEqualTo(200);
        Set<String> exposed = Dashboards.seriesNames(scrape.body());
        int checked = 0;
        for (Dashboards.Query q : Dashboards.queries()) {
            for (String metric : q.metrics()) {
                assertThat(exposed).as(q.panel() + " queries " + metric).contains(metric);
                checked++;
            }
        }
        assertThat(checked).isGreaterThan(10);
        assertThat(exposed).contains("kafka_stream_thread_process_total", "jvm_memory_used_bytes",
                "jvm_gc_pause_seconds_count", "jvm_threads_live_threads", "jvm_classes_loaded_classes",
                "system_cpu_usage", "process_uptime_seconds");
    }

    @Test
    void aRealPrometheusReturnsDataForEveryPanelQuery() throws Exception {
        assumeTrue(MetricsScrapeTest.onPath("prometheus"),
                "the prometheus binary is not on PATH (Debian package prometheus): dashboard queries not run against it");
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Path config = prometheusDir.resolve("prometheus.yml");
        Files.writeString(config, """
                global: {scrape_interval: 1s, evaluation_interval: 1s}
                scrape_configs:
                  - job_name: streamlearn
                    static_configs: [{targets: ["localhost:%d"]}]
                """.formatted(demo.app.httpPort()));
        Path log = prometheusDir.resolve("prometheus.log");
        Process prometheus = new ProcessBuilder("prometheus", "--config.file=" + config,
                "--storage.tsdb.path=" + prometheusDir.resolve("data"), "--web.listen-address=127.0.0.1:" + port,
                "--log.level=warn").redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            String api = "http://127.0.0.1:" + port;
            awaitData(api, "up{job=\"streamlearn\"} == 1", Duration.ofSeconds(30), log);
            Map<String, String> failures = new LinkedHashMap<>();
            List<Dashboards.Query> queries = Dashboards.queries();
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            for (Dashboards.Query q : queries) {
                String promql = q.filled("demo", "ridge|lasso|mlp", "10s");
                JsonNode result = query(api, promql);
                // rates need two samples in the window: wait (bounded) while the window fills
                while (!hasData(result) && System.nanoTime() < deadline) {
                    Thread.sleep(1000);
                    result = query(api, promql);
                }
                if (!hasData(result)) {
                    failures.put(q.panel() + ": " + promql, result.toString());
                }
            }
            assertThat(failures).as("queries without data").isEmpty();
            assertThat(queries).hasSizeGreaterThan(10);
        } finally {
            prometheus.destroy();
            if (!prometheus.waitFor(10, TimeUnit.SECONDS)) {
                prometheus.destroyForcibly();
            }
        }
    }

    private static void awaitData(String api, String promql, Duration timeout, Path log) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                if (hasData(query(api, promql))) {
                    return;
                }
            } catch (java.io.IOException e) {
                // not listening yet
            }
            Thread.sleep(500);
        }
        throw new AssertionError("Prometheus had no data for " + promql + " within " + timeout + "; its log:\n"
                + (Files.exists(log) ? Files.readString(log) : "(none)"));
    }

    private static JsonNode query(String api, String promql) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(api + "/api/v1/query?query="
                + URLEncoder.encode(promql, StandardCharsets.UTF_8))).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        JsonNode body = JSON.readTree(r.body());
        assertThat(body.path("status").asText()).as(promql + " -> " + r.body()).isEqualTo("success");
        return body.path("data");
    }

    /** A vector with at least one finite sample. */
    private static boolean hasData(JsonNode data) {
        List<Double> values = new ArrayList<>();
        for (JsonNode series : data.path("result")) {
            values.add(Double.parseDouble(series.path("value").get(1).asText()));
        }
        return values.stream().anyMatch(Double::isFinite);
    }
}
