package io.streamlearn.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Lints every dashboard of grafana/dashboards: structure, the provisioned datasource's uid on every
 * panel and query, a unit on every panel, the variables, stable uids, {@code $__rate_interval} in
 * every range function, and that every streamlearn and JVM metric a panel queries is in the scrape of
 * an application that processed records (Kafka Streams' own metrics need a KafkaStreams client: the
 * {@code PrometheusDashboardIT} checks those against a running application).
 */
class DashboardLintTest {

    /** Dashboard uids are links users keep: they never change. */
    private static final Map<String, String> UIDS = Map.of("streamlearn-overview.json", "streamlearn-overview");
    private static final Pattern RANGE_FUNCTION = Pattern.compile("\\b(rate|irate|increase|delta|deriv|[a-z]+_over_time)\\(([^\\[]*)\\[([^\\]]*)\\]");

    @TempDir
    Path stateDir;

    @Test
    void everyDashboardIsWellFormed() throws Exception {
        assertThat(Dashboards.files()).extracting(p -> p.getFileName().toString())
                .containsExactlyInAnyOrderElementsOf(UIDS.keySet());
        for (Path file : Dashboards.files()) {
            JsonNode d = Dashboards.read(file);
            String name = file.getFileName().toString();
            assertThat(d.path("uid").asText()).as(name).isEqualTo(UIDS.get(name));
            assertThat(d.path("title").asText()).as(name).isNotBlank();
            assertThat(d.path("schemaVersion").asInt()).as(name).isPositive();
            assertThat(d.path("panels").isArray() && d.path("panels").size() > 0).as(name).isTrue();
            Set<Integer> ids = new HashSet<>();
            for (JsonNode panel : d.get("panels")) {
                String title = name + ": " + panel.path("title").asText();
                assertThat(ids.add(panel.path("id").asInt())).as(title + " has a unique id").isTrue();
                assertThat(panel.path("type").asText()).as(title).isNotBlank();
                assertThat(panel.path("gridPos").path("w").asInt()).as(title).isPositive();
                assertThat(panel.path("datasource").path("uid").asText()).as(title).isEqualTo("prometheus");
                assertThat(panel.path("fieldConfig").path("defaults").path("unit").asText()).as(title + " unit").isNotBlank();
                assertThat(panel.path("targets").size()).as(title).isPositive();
                for (JsonNode target : panel.get("targets")) {
                    assertThat(target.path("datasource").path("uid").asText()).as(title).isEqualTo("prometheus");
                    assertThat(target.path("expr").asText()).as(title).isNotBlank();
                    assertThat(target.path("refId").asText()).as(title).isNotBlank();
                }
            }
        }
    }

    @Test
    void pipelineAndLearnerVariablesComeFromTheMetrics() throws Exception {
        for (Path file : Dashboards.files()) {
            Map<String, JsonNode> vars = new java.util.HashMap<>();
            for (JsonNode v : Dashboards.read(file).path("templating").path("list")) {
                vars.put(v.path("name").asText(), v);
            }
            assertThat(vars).as(file.toString()).containsKeys("pipeline", "learner");
            for (JsonNode v : vars.values()) {
                assertThat(v.path("type").asText()).isEqualTo("query");
                assertThat(v.path("datasource").path("uid").asText()).isEqualTo("prometheus");
                assertThat(v.path("query").path("query").asText()).startsWith("label_values(streamlearn_");
            }
            assertThat(vars.get("learner").path("query").path("query").asText()).contains("$pipeline").endsWith(", learner)");
        }
    }

    @Test
    void everyRangeFunctionUsesTheRateInterval() throws Exception {
        int ranges = 0;
        for (Dashboards.Query q : Dashboards.queries()) {
            Matcher m = RANGE_FUNCTION.matcher(q.expr());
            while (m.find()) {
                ranges++;
                assertThat(m.group(3)).as(q.panel() + ": " + q.expr()).isEqualTo("$__rate_interval");
            }
            if (!q.expr().contains("(")) {
                continue;
            }
            assertThat(q.expr()).as(q.panel()).doesNotContainPattern("\\[[0-9]+[smh]\\]");
        }
        assertThat(ranges).isGreaterThan(5);
    }

    @Test
    void everyStreamlearnAndJvmMetricQueriedIsExposed() throws Exception {
        Set<String> exposed;
        try (DemoDriver demo = new DemoDriver(stateDir).feed(200, 5, "not json")) {
            exposed = Dashboards.seriesNames(demo.metrics.scrape());
        }
        List<String> queried = new ArrayList<>();
        for (Dashboards.Query q : Dashboards.queries()) {
            for (String metric : q.metrics()) {
                if (!metric.startsWith("kafka_")) {
                    queried.add(metric);
                    assertThat(exposed).as(q.panel() + " queries " + metric).contains(metric);
                }
            }
        }
        assertThat(queried).contains("streamlearn_loss", "streamlearn_update_seconds_bucket");
    }
}
