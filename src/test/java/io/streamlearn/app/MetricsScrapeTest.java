package io.streamlearn.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.streamlearn.pipeline.Split;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The scrape of an application that processed records (the demo topology on a TopologyTestDriver):
 * exactly the series names and labels of docs/DESIGN.md's metrics table, values that agree with what the
 * pipeline counted, and {@code promtool check metrics} silent about them.
 */
class MetricsScrapeTest {

    private static final Pattern SERIES = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{([^}]*)})? (\\S+)$");
    private static final List<String> LEARNERS = List.of("elasticnet", "lasso", "mlp", "ridge");

    @TempDir
    static Path stateDir;

    private static DemoDriver demo;
    private static String scrape;

    @BeforeAll
    static void feed() throws Exception {
        demo = new DemoDriver(stateDir).feed(600, 20, "not json", "{\"features\": [1, 2]}",
                "{\"features\": [1, 2, 3, 4, 5, 6, 7, 8, 9, \"ten\"], \"label\": 1}");
        scrape = demo.metrics.scrape();
    }

    @AfterAll
    static void close() {
        demo.close();
    }

    @Test
    void exposesExactlyTheDesignedSeriesNamesAndLabels() {
        Set<String> names = new TreeSet<>();
        for (String line : scrape.split("\n")) {
            Matcher m = SERIES.matcher(line);
            if (m.matches() && m.group(1).startsWith("streamlearn_")) {
                names.add(m.group(1) + "{" + labelNames(m.group(3)) + "}");
            }
        }
        assertThat(names).containsExactly(
                "streamlearn_champion_lambda{learner,penalty,pipeline}",
                "streamlearn_drift_detected_total{learner,pipeline}",
                "streamlearn_generalization_gap{learner,pipeline}",
                "streamlearn_gradient_clipped_total{learner,pipeline}",
                "streamlearn_gradient_norm{learner,pipeline}",
                "streamlearn_loss{lambda,learner,pipeline,split}",
                "streamlearn_model_updates_total{learner,pipeline}",
                "streamlearn_path_nonzero{lambda,learner,pipeline}",
                "streamlearn_records_total{outcome,pipeline}",
                "streamlearn_rejected_total{pipeline,reason}",
                "streamlearn_update_seconds_bucket{le,learner,pipeline}",
                "streamlearn_update_seconds_count{learner,pipeline}",
                "streamlearn_update_seconds_max{learner,pipeline}",
                "streamlearn_update_seconds_sum{learner,pipeline}",
                "streamlearn_weights_nonzero_ratio{learner,pipeline}",
                "streamlearn_weights_norm{learner,norm,pipeline}");
        assertThat(scrape).contains("# TYPE streamlearn_update_seconds histogram",
                "# TYPE streamlearn_records_total counter", "# TYPE streamlearn_loss gauge",
                "# HELP streamlearn_loss current loss estimate");
        for (String learner : LEARNERS) {
            for (String split : List.of("prequential", "train", "holdout")) {
                assertThat(value("streamlearn_loss{lambda=\"\",learner=\"" + learner + "\",pipeline=\"demo\",split=\"" + split + "\"}"))
                        .as(learner + " " + split).isFinite().isPositive();
            }
            for (String norm : List.of("l1", "l2")) {
                assertThat(value("streamlearn_weights_norm{learner=\"" + learner + "\",norm=\"" + norm + "\",pipeline=\"demo\"}"))
                        .isPositive();
            }
        }
        // the demo's lasso is a λ path: one loss series per λ and split, the champion's λ among them
        for (String lambda : List.of("0.01", "0.03", "0.1", "0.3", "1")) {
            assertThat(value("streamlearn_loss{lambda=\"" + lambda + "\",learner=\"lasso\",pipeline=\"demo\",split=\"holdout\"}"))
                    .as(lambda).isFinite().isPositive();
            assertThat(value("streamlearn_path_nonzero{lambda=\"" + lambda + "\",learner=\"lasso\",pipeline=\"demo\"}"))
                    .isBetween(0.0, 10.0);
        }
        assertThat(value("streamlearn_champion_lambda{learner=\"lasso\",penalty=\"l1\",pipeline=\"demo\"}"))
                .isIn(0.01, 0.03, 0.1, 0.3, 1.0);
        // classification only
        assertThat(scrape).doesNotContain("streamlearn_accuracy");
    }

    @Test
    void valuesAgreeWithWhatThePipelineCounted() {
        assertThat(value("streamlearn_records_total{outcome=\"trained\",pipeline=\"demo\"}"))
                .isEqualTo((double) demo.monitor().records(Split.TRAIN)).isGreaterThan(500);
        assertThat(value("streamlearn_records_total{outcome=\"holdout\",pipeline=\"demo\"}"))
                .isEqualTo(600.0 - demo.monitor().records(Split.TRAIN));
        assertThat(value("streamlearn_records_total{outcome=\"unlabeled\",pipeline=\"demo\"}")).isEqualTo(20.0);
        assertThat(value("streamlearn_records_total{outcome=\"rejected\",pipeline=\"demo\"}")).isEqualTo(3.0);
        assertThat(value("streamlearn_rejected_total{pipeline=\"demo\",reason=\"not_json\"}")).isEqualTo(1.0);
        assertThat(value("streamlearn_rejected_total{pipeline=\"demo\",reason=\"wrong_dimension\"}")).isEqualTo(1.0);
        assertThat(value("streamlearn_rejected_total{pipeline=\"demo\",reason=\"unknown_class\"}")).isEqualTo(0.0);
        double trained = demo.monitor().records(Split.TRAIN);
        // linear learners step once per training record, the MLP once per batch of 32
        assertThat(value("streamlearn_model_updates_total{learner=\"ridge\",pipeline=\"demo\"}")).isEqualTo(trained);
        assertThat(value("streamlearn_update_seconds_count{learner=\"ridge\",pipeline=\"demo\"}")).isEqualTo(trained);
        assertThat(value("streamlearn_model_updates_total{learner=\"mlp\",pipeline=\"demo\"}"))
                .isEqualTo(Math.floor(trained / 32));
        assertThat(value("streamlearn_update_seconds_bucket{learner=\"mlp\",pipeline=\"demo\",le=\"+Inf\"}"))
                .isEqualTo(Math.floor(trained / 32));
        // clipped steps: the model's own count (the monitor counts only this process's steps: here all of them)
        assertThat(value("streamlearn_gradient_clipped_total{learner=\"mlp\",pipeline=\"demo\"}"))
                .isEqualTo((double) demo.monitor().learners().get(3).clippedSteps()).isPositive();
        assertThat(value("streamlearn_gradient_clipped_total{learner=\"ridge\",pipeline=\"demo\"}")).isZero();
        // the demo's learners have no drift detection
        assertThat(value("streamlearn_drift_detected_total{learner=\"ridge\",pipeline=\"demo\"}")).isZero();
        double nonZero = value("streamlearn_weights_nonzero_ratio{learner=\"lasso\",pipeline=\"demo\"}");
        assertThat(nonZero).isBetween(0.0, 1.0);
        assertThat(value("streamlearn_weights_nonzero_ratio{learner=\"ridge\",pipeline=\"demo\"}")).isEqualTo(1.0);
        assertThat(value("streamlearn_generalization_gap{learner=\"mlp\",pipeline=\"demo\"}")).isEqualTo(
                value("streamlearn_loss{lambda=\"\",learner=\"mlp\",pipeline=\"demo\",split=\"holdout\"}")
                        - value("streamlearn_loss{lambda=\"\",learner=\"mlp\",pipeline=\"demo\",split=\"train\"}"),
                org.assertj.core.data.Offset.offset(1e-12));
    }

    @Test
    void noLabelCarriesARecordKeyOrId() {
        Set<String> labels = new TreeSet<>();
        for (String line : scrape.split("\n")) {
            Matcher m = SERIES.matcher(line);
            if (m.matches() && m.group(1).startsWith("streamlearn_")) {
                labels.addAll(Arrays.asList(labelNames(m.group(3)).split(",")));
            }
        }
        assertThat(labels).containsExactly("lambda", "le", "learner", "norm", "outcome", "penalty", "pipeline", "reason", "split");
    }

    @Test
    void promtoolHasNothingToSayAboutTheStreamlearnSeries() throws Exception {
        assumeTrue(onPath("promtool"), "promtool is not on PATH (Debian package prometheus): not checked here");
        Process all = promtool(scrape);
        String complaints = new String(all.getInputStream().readAllBytes(), StandardCharsets.UTF_8)
                + new String(all.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(all.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(complaints.lines().filter(l -> l.contains("streamlearn"))).isEmpty();
        // and the streamlearn families alone pass outright
        String own = scrape.lines().filter(l -> l.contains("streamlearn_")).collect(Collectors.joining("\n", "", "\n"));
        Process mine = promtool(own);
        String out = new String(mine.getInputStream().readAllBytes(), StandardCharsets.UTF_8)
                + new String(mine.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(mine.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(mine.exitValue()).as(out).isZero();
        assertThat(out).isBlank();
    }

    static boolean onPath(String program) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (Files.isExecutable(Path.of(dir, program))) {
                return true;
            }
        }
        return false;
    }

    private static Process promtool(String text) throws IOException {
        Process p = new ProcessBuilder("promtool", "check", "metrics").start();
        try (var in = p.getOutputStream()) {
            in.write(text.getBytes(StandardCharsets.UTF_8));
        }
        return p;
    }

    private static double value(String series) {
        for (String line : scrape.split("\n")) {
            if (line.startsWith(series + " ")) {
                return Double.parseDouble(line.substring(series.length() + 1));
            }
        }
        throw new AssertionError("no series " + series + " in the scrape");
    }

    private static String labelNames(String labels) {
        if (labels == null || labels.isEmpty()) {
            return "";
        }
        return Arrays.stream(labels.split(",(?=[a-z_]+=\")")).map(l -> l.substring(0, l.indexOf('=')))
                .sorted().collect(Collectors.joining(","));
    }
}
