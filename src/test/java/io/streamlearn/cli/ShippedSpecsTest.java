package io.streamlearn.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamlearn.feed.RecordSource;
import io.streamlearn.feed.dataset.Datasets;
import io.streamlearn.pipeline.LearningPipeline;
import io.streamlearn.pipeline.PipelineBlueprint;
import io.streamlearn.query.PipelineMonitor.LearnerSnapshot;
import io.streamlearn.record.FeatureRecord;
import io.streamlearn.spec.SpecParser;
import io.streamlearn.spec.TopologySpec;
import io.streamlearn.vector.FeatureVector;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every shipped spec learns well out of the box: replayed on its dataset (as {@code replay} does),
 * each learner's prequential loss is within 25% of the best learner of the spec, whatever its kind
 * (linear, mlp), or the spec says why not in a comment {@code # <learner>: not within 25% ...}.
 */
class ShippedSpecsTest {

    /** Spec file, dataset, records per pass, passes. */
    private record Replay(String spec, String dataset, long records, int passes) {}

    private static final List<Replay> REPLAYS = List.of(
            new Replay("demo.yaml", "friedman1", 20_000, 1),
            new Replay("bench.yaml", "friedman1", 20_000, 1),
            new Replay("bench-key.yaml", "friedman1", 20_000, 1),
            new Replay("drift.yaml", "drift", 40_000, 1),
            new Replay("diabetes.yaml", "diabetes", 442, 10));

    /**
     * Raw-event specs (issue 26), replayed on their dataset by {@code pipeline.EventInputTest}: the
     * shipped payments.yaml's logistic learner against the best constant, its MLP on narrower hashed
     * blocks (the MLP trains its first layer densely: at 332,836 columns about 10 ms per event).
     */
    private static final List<String> RAW_EVENT_SPECS = List.of("payments.yaml");

    @Test
    void everyShippedSpecIsReplayed() throws Exception {
        try (Stream<Path> files = Files.list(Path.of("topologies"))) {
            List<String> expected = new java.util.ArrayList<>(REPLAYS.stream().map(Replay::spec).toList());
            expected.addAll(RAW_EVENT_SPECS);
            assertThat(files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".yaml")))
                    .containsExactlyInAnyOrderElementsOf(expected);
        }
        for (String spec : RAW_EVENT_SPECS) {
            assertThat(SpecParser.parse(Path.of("topologies", spec)).events()).as(spec).isNotNull();
        }
    }

    @Test
    void eachLearnerIsWithin25PercentOfTheBestOfTheSpec() throws Exception {
        for (Replay r : REPLAYS) {
            Path file = Path.of("topologies", r.spec());
            String text = Files.readString(file);
            TopologySpec spec = SpecParser.parse(file);
            PipelineBlueprint blueprint = PipelineBlueprint.of(spec);
            LearningPipeline pipeline = blueprint.newPipeline();
            for (int pass = 0; pass < r.passes(); pass++) {
                try (RecordSource source = RecordSource.dataset(Datasets.open(r.dataset(), 42), r.records())) {
                    for (FeatureRecord record = source.next(); record != null; record = source.next()) {
                        pipeline.process(record.id(), FeatureVector.dense(record.features()), record.label());
                    }
                }
            }
            Map<String, Double> loss = new LinkedHashMap<>();
            for (LearnerSnapshot s : LearnerSnapshot.of(pipeline)) {
                double v = s.stats().prequentialLoss();
                assertThat(v).as("%s %s prequential loss", r.spec(), s.learner()).isFinite();
                loss.put(s.learner(), v);
            }
            double best = loss.values().stream().mapToDouble(Double::doubleValue).min().orElseThrow();
            for (Map.Entry<String, Double> e : loss.entrySet()) {
                System.out.printf("%s %-14s prequential %.4f, best of the spec %.4f%n", r.spec(), e.getKey(),
                        e.getValue(), best);
                if (text.contains("# " + e.getKey() + ": not within 25%")) {
                    continue;
                }
                assertThat(e.getValue()).as("%s: %s's prequential loss against the spec's best learner's", r.spec(),
                        e.getKey()).isLessThanOrEqualTo(1.25 * best);
            }
        }
    }
}
