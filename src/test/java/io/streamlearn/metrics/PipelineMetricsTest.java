package io.streamlearn.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.streamlearn.eval.LearnerStats;
import io.streamlearn.pipeline.Split;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The binder against Micrometer's registries, over a pipeline whose readings the test sets. */
class PipelineMetricsTest {

    /** A classification pipeline with two learners, whose snapshot and counts the test sets. */
    private static class FixedReadings implements PipelineReadings {
        volatile List<LearnerReading> learners = List.of();
        UpdateTimer timer = UpdateTimer.NONE;

        @Override public String pipeline() { return "cls"; }
        @Override public List<String> learnerNames() { return List.of("logistic", "mlp"); }
        @Override public boolean classification() { return true; }
        @Override public long records(Split split) { return split.ordinal() + 10; }
        @Override public List<String> rejectReasons() { return List.of("not_json", "unknown_class"); }
        @Override public long rejected(String reason) { return reason.equals("not_json") ? 2 : 5; }
        @Override public long modelUpdates(int learnerIndex) { return 100 + learnerIndex; }
        @Override public long clippedSteps(int learnerIndex) { return learnerIndex; }
        @Override public long driftDetections(int learnerIndex) { return 3 * learnerIndex; }
        @Override public List<? extends LearnerReading> learners() { return learners; }
        @Override public void timeUpdatesWith(UpdateTimer t) { this.timer = t; }
    }

    private record Reading(String learner, LearnerStats stats, long nonZeroWeights, long weightCount,
                           double weightsL1, double weightsL2, double lastGradientNorm) implements LearnerReading {}

    @Test
    void registersEveryMeterWithDescriptionAndUnit() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        new PipelineMetrics(List.of(new FixedReadings())).bindTo(registry);
        List<String> ids = new ArrayList<>();
        for (Meter m : registry.getMeters()) {
            assertThat(m.getId().getDescription()).as(m.getId().toString()).isNotBlank();
            assertThat(m.getId().getBaseUnit()).as(m.getId().toString()).isNotBlank();
            assertThat(m.getId().getTag("pipeline")).isEqualTo("cls");
            ids.add(m.getId().getName());
        }
        assertThat(ids).contains("streamlearn.accuracy", "streamlearn.update", "streamlearn.records");
        // records 4 outcomes + rejected 2 reasons + per learner: loss 3, gap, accuracy 3, norms 2,
        // nonzero, gradient norm, updates, clipped, drift detections, update timer = 15
        assertThat(registry.getMeters()).hasSize(4 + 2 + 2 * 15);
    }

    @Test
    void gaugesReadThePublishedSnapshotAndAreNaNBeforeIt() {
        FixedReadings p = new FixedReadings();
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        registry.config().namingConvention(new DesignNamingConvention());
        new PipelineMetrics(List.of(p)).bindTo(registry);
        assertThat(registry.get("streamlearn.accuracy").tag("learner", "mlp").tag("split", "holdout").gauge().value()).isNaN();

        p.learners = List.of(
                new Reading("logistic", new LearnerStats(0.5, 0.4, 0.6, 0.2, 0.7, 0.8, 0.75, 100, 0), 3, 4, 1.5, 1.0, 2.0),
                new Reading("mlp", new LearnerStats(0.3, 0.2, 0.35, 0.15, 0.9, 0.95, 0.85, 101, 0), 40, 40, 9.0, 3.0, 0.5));
        p.timer.record(1, 2_000);
        p.timer.record(1, 4_000);

        String scrape = registry.scrape();
        assertThat(scrape).contains(
                "streamlearn_accuracy{learner=\"mlp\",pipeline=\"cls\",split=\"holdout\"} 0.85",
                "streamlearn_loss{lambda=\"\",learner=\"logistic\",pipeline=\"cls\",split=\"train\"} 0.4",
                "streamlearn_generalization_gap{learner=\"mlp\",pipeline=\"cls\"} 0.15",
                "streamlearn_weights_nonzero_ratio{learner=\"logistic\",pipeline=\"cls\"} 0.75",
                "streamlearn_weights_norm{learner=\"mlp\",norm=\"l1\",pipeline=\"cls\"} 9.0",
                "streamlearn_gradient_norm{learner=\"logistic\",pipeline=\"cls\"} 2.0",
                "streamlearn_model_updates_total{learner=\"mlp\",pipeline=\"cls\"} 101.0",
                "streamlearn_gradient_clipped_total{learner=\"mlp\",pipeline=\"cls\"} 1.0",
                "streamlearn_drift_detected_total{learner=\"mlp\",pipeline=\"cls\"} 3.0",
                "streamlearn_records_total{outcome=\"rejected\",pipeline=\"cls\"} 7.0",
                "streamlearn_records_total{outcome=\"unlabeled\",pipeline=\"cls\"} 12.0",
                "streamlearn_rejected_total{pipeline=\"cls\",reason=\"unknown_class\"} 5.0",
                "streamlearn_update_seconds_count{learner=\"mlp\",pipeline=\"cls\"} 2",
                "streamlearn_update_seconds_count{learner=\"logistic\",pipeline=\"cls\"} 0",
                "# TYPE streamlearn_update_seconds histogram");
        assertThat(registry.get("streamlearn.update").tag("learner", "mlp").timer().totalTime(TimeUnit.NANOSECONDS))
                .isEqualTo(6_000.0);
    }

    private record PathReading(String learner, LearnerStats stats, long nonZeroWeights, long weightCount,
                               double weightsL1, double weightsL2, double lastGradientNorm,
                               List<LearnerStats> pathStats, List<Long> pathNonZero,
                               java.util.Map<String, Double> champion) implements LearnerReading {}

    @Test
    void aPathLearnerHasALossSeriesPerLambdaAndItsChampionsLambda() {
        PipelineReadings p = new PipelineReadings() {
            @Override public String pipeline() { return "cls"; }
            @Override public List<String> learnerNames() { return List.of("lasso"); }
            @Override public boolean classification() { return false; }
            @Override public long records(Split split) { return 0; }
            @Override public List<String> rejectReasons() { return List.of(); }
            @Override public long rejected(String reason) { return 0; }
            @Override public long modelUpdates(int learnerIndex) { return 0; }
            @Override public long clippedSteps(int learnerIndex) { return 0; }
            @Override public long driftDetections(int learnerIndex) { return 0; }
            @Override public List<String> pathLabels(int learnerIndex) { return List.of("0.01", "0.1"); }
            @Override public List<String> pathPenalties(int learnerIndex) { return List.of("l1"); }
            @Override public List<? extends LearnerReading> learners() {
                LearnerStats s = new LearnerStats(1, 2, 3, 1, Double.NaN, Double.NaN, Double.NaN, 5, 0);
                LearnerStats t = new LearnerStats(4, 5, 6, 1, Double.NaN, Double.NaN, Double.NaN, 5, 0);
                return List.of(new PathReading("lasso", t, 3, 10, 1, 1, 1, List.of(s, t), List.of(7L, 3L),
                        java.util.Map.of("l1", 0.1)));
            }
            @Override public void timeUpdatesWith(UpdateTimer t) {}
        };
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        registry.config().namingConvention(new DesignNamingConvention());
        new PipelineMetrics(List.of(p)).bindTo(registry);
        assertThat(registry.scrape()).contains(
                "streamlearn_loss{lambda=\"\",learner=\"lasso\",pipeline=\"cls\",split=\"holdout\"} 6.0",
                "streamlearn_loss{lambda=\"0.01\",learner=\"lasso\",pipeline=\"cls\",split=\"holdout\"} 3.0",
                "streamlearn_loss{lambda=\"0.1\",learner=\"lasso\",pipeline=\"cls\",split=\"prequential\"} 4.0",
                "streamlearn_path_nonzero{lambda=\"0.01\",learner=\"lasso\",pipeline=\"cls\"} 7.0",
                "streamlearn_champion_lambda{learner=\"lasso\",penalty=\"l1\",pipeline=\"cls\"} 0.1");
    }

    @Test
    void delayedLabelsExportTheirOutcomesAndDelayHistogram() {
        double[] delays = new double[1];
        PipelineReadings p = new FixedReadings() {
            java.util.function.DoubleConsumer sink;

            @Override public boolean delayedLabels() { return true; }
            @Override public long labels(io.streamlearn.pipeline.LabelOutcome o) { return o.ordinal() + 1; }
            @Override public void recordLabelDelaysWith(java.util.function.DoubleConsumer d) { sink = d; d.accept(2.5); }
        };
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        registry.config().namingConvention(new DesignNamingConvention());
        new PipelineMetrics(List.of(p)).bindTo(registry);
        String scrape = registry.scrape();
        assertThat(scrape).contains(
                "streamlearn_labels_total{outcome=\"joined\",pipeline=\"cls\"} 1.0",
                "streamlearn_labels_total{outcome=\"expired\",pipeline=\"cls\"} 2.0",
                "streamlearn_labels_total{outcome=\"unknown_id\",pipeline=\"cls\"} 3.0",
                "streamlearn_labels_total{outcome=\"duplicate\",pipeline=\"cls\"} 4.0",
                "streamlearn_labels_total{outcome=\"invalid\",pipeline=\"cls\"} 5.0",
                "streamlearn_label_delay_seconds_count{pipeline=\"cls\"} 1",
                "streamlearn_label_delay_seconds_sum{pipeline=\"cls\"} 2.5",
                "streamlearn_label_delay_seconds_bucket{pipeline=\"cls\",le=");
        assertThat(delays[0]).isZero();
        SimpleMeterRegistry plain = new SimpleMeterRegistry();
        new PipelineMetrics(List.of(new FixedReadings())).bindTo(plain);
        assertThat(plain.getMeters()).as("no label meters without labels:")
                .noneMatch(m -> m.getId().getName().startsWith("streamlearn.label"));
    }

    @Test
    void aParallelPipelineHasItsGenerationGauge() {
        FixedReadings plain = new FixedReadings();
        PipelineReadings parallel = new FixedReadings() {
            @Override public boolean parallel() { return true; }
            @Override public long parallelGeneration() { return 7; }
        };
        SimpleMeterRegistry without = new SimpleMeterRegistry();
        new PipelineMetrics(List.of(plain)).bindTo(without);
        assertThat(without.find("streamlearn.parallel.generation").gauge()).isNull();
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        registry.config().namingConvention(new DesignNamingConvention());
        new PipelineMetrics(List.of(parallel)).bindTo(registry);
        assertThat(registry.scrape()).contains("streamlearn_parallel_generation{pipeline=\"cls\"} 7.0");
    }

    /** A raw-event pipeline: a one-hot field and a numeric one, with the counts the test sets. */
    private static final class EventReadings extends FixedReadings {
        volatile long countries = 0;

        @Override public List<String> missingFields() { return List.of("amount", "country"); }
        @Override public List<String> vocabularyFields() { return List.of("country"); }
        @Override public long vocabularySize(String field) { return field.equals("country") ? countries : -1; }
        @Override public long missingTotal(String field) { return field.equals("amount") ? 7 : 3; }
        @Override public long otherTotal(String field) { return field.equals("country") ? 2 : -1; }
    }

    @Test
    void rawEventFieldsGetOneSeriesEachReadAtTheScrape() {
        EventReadings p = new EventReadings();
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        registry.config().namingConvention(new DesignNamingConvention());
        new PipelineMetrics(List.of(p)).bindTo(registry);
        p.countries = 12;
        String scrape = registry.scrape();
        assertThat(scrape).contains(
                "streamlearn_vocabulary_size{field=\"country\",pipeline=\"cls\"} 12.0",
                "streamlearn_missing_total{field=\"amount\",pipeline=\"cls\"} 7.0",
                "streamlearn_missing_total{field=\"country\",pipeline=\"cls\"} 3.0",
                "streamlearn_other_total{field=\"country\",pipeline=\"cls\"} 2.0",
                "# TYPE streamlearn_missing_total counter", "# TYPE streamlearn_vocabulary_size gauge");
        // only the one-hot field has a vocabulary and <other>
        assertThat(scrape).doesNotContain("streamlearn_vocabulary_size{field=\"amount\"",
                "streamlearn_other_total{field=\"amount\"");
    }

    @Test
    void featureRecordPipelinesHaveNoFieldSeries() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        new PipelineMetrics(List.of(new FixedReadings())).bindTo(registry);
        assertThat(registry.getMeters()).noneMatch(m -> m.getId().getName().startsWith("streamlearn.vocabulary")
                || m.getId().getName().startsWith("streamlearn.missing") || m.getId().getName().startsWith("streamlearn.other"));
    }
}
