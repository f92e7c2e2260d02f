package io.streamlearn.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.streamlearn.eval.LearnerStats;
import io.streamlearn.metrics.PipelineReadings;
import io.streamlearn.metrics.UpdateTimer;
import io.streamlearn.pipeline.Split;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The console's ring buffer of series: shape, bounds, NaN (null) before the first snapshot, rates. */
class SeriesHistoryTest {

    /** A pipeline whose counters and snapshot the test sets. */
    static final class FakePipeline implements PipelineReadings {
        long trained;
        long holdout;
        long notJson;
        long[] updates = new long[2];
        long[] clipped = new long[2];
        List<PipelineMonitor.LearnerSnapshot> snapshot = List.of();

        @Override public String pipeline() { return "p"; }
        @Override public List<String> learnerNames() { return List.of("ridge", "mlp"); }
        @Override public boolean classification() { return false; }
        @Override public long records(Split split) { return split == Split.TRAIN ? trained : split == Split.HOLDOUT ? holdout : 0; }
        @Override public List<String> rejectReasons() { return List.of("not_json", "wrong_dimension"); }
        @Override public long rejected(String reason) { return reason.equals("not_json") ? notJson : 0; }
        @Override public long modelUpdates(int learnerIndex) { return updates[learnerIndex]; }
        @Override public long clippedSteps(int learnerIndex) { return clipped[learnerIndex]; }
        @Override public long driftDetections(int learnerIndex) { return 0; }
        @Override public List<PipelineMonitor.LearnerSnapshot> learners() { return snapshot; }
        @Override public void timeUpdatesWith(UpdateTimer timer) { }

        void publish(double holdoutLoss) {
            snapshot = List.of(
                    new PipelineMonitor.LearnerSnapshot("ridge", stats(holdoutLoss), 7, 10, 1, 1, Double.NaN, 0),
                    new PipelineMonitor.LearnerSnapshot("mlp", stats(holdoutLoss * 2), 848, 848, 1, 1, 3.5, clipped[1]));
        }

        private static LearnerStats stats(double holdoutLoss) {
            return new LearnerStats(holdoutLoss + 1, holdoutLoss - 0.5, holdoutLoss, 0.5, Double.NaN, Double.NaN,
                    Double.NaN, 0, 0);
        }
    }

    @Test
    void beforeAnySampleEveryColumnIsEmpty() {
        ObjectNode json = new SeriesHistory(new FakePipeline(), 5).toJson(0);
        assertThat(json.get("pipeline").asText()).isEqualTo("p");
        assertThat(json.get("capacity").asInt()).isEqualTo(5);
        assertThat(json.get("first").asLong()).isZero();
        assertThat(json.get("next").asLong()).isZero();
        assertThat(columns(json)).allSatisfy((name, column) -> assertThat(column.size()).as(name).isZero());
    }

    @Test
    void everyColumnHasOneValuePerSampleAndLearnerValuesAreNullBeforeTheFirstSnapshot() {
        FakePipeline p = new FakePipeline();
        SeriesHistory history = new SeriesHistory(p, 100);
        history.sample(1_000);
        p.trained = 90;
        p.holdout = 10;
        p.notJson = 2;
        history.sample(2_000);
        ObjectNode json = history.toJson(0);

        Map<String, JsonNode> columns = columns(json);
        assertThat(columns.keySet()).containsExactly(
                "deadLetters.not_json", "deadLetters.wrong_dimension",
                "learners.mlp.clipRate", "learners.mlp.gap", "learners.mlp.gradientNorm", "learners.mlp.holdout",
                "learners.mlp.nonzero", "learners.mlp.nonzeroRatio", "learners.mlp.prequential", "learners.mlp.train",
                "learners.mlp.updates",
                "learners.ridge.clipRate", "learners.ridge.gap", "learners.ridge.gradientNorm", "learners.ridge.holdout",
                "learners.ridge.nonzero", "learners.ridge.nonzeroRatio", "learners.ridge.prequential",
                "learners.ridge.train", "learners.ridge.updates",
                "records", "recordsPerSecond", "time");
        assertThat(columns).allSatisfy((name, column) -> assertThat(column.size()).as(name).isEqualTo(2));
        // no snapshot published yet: every learner value is NaN, written as null
        for (Map.Entry<String, JsonNode> e : columns.entrySet()) {
            if (e.getKey().startsWith("learners.")) {
                assertThat(e.getValue()).as(e.getKey()).allSatisfy(v -> assertThat(v.isNull()).isTrue());
            }
        }
        assertThat(json.at("/time").toString()).isEqualTo("[1000.0,2000.0]");
        assertThat(json.at("/records").toString()).isEqualTo("[0.0,100.0]");
        // a rate needs two samples: 102 records seen (2 of them dead letters) in 1 s
        assertThat(json.at("/recordsPerSecond/0").isNull()).isTrue();
        assertThat(json.at("/recordsPerSecond/1").asDouble()).isEqualTo(102.0);
        assertThat(json.at("/deadLetters/not_json").toString()).isEqualTo("[0.0,2.0]");
        assertThat(json.at("/next").asLong()).isEqualTo(2);
    }

    @Test
    void learnerValuesFollowTheSnapshotAndNonFiniteOnesAreNull() {
        FakePipeline p = new FakePipeline();
        SeriesHistory history = new SeriesHistory(p, 10);
        history.sample(0);
        p.publish(6.25);
        p.updates = new long[] {100, 4};
        p.clipped = new long[] {0, 1};
        history.sample(1_000);
        p.publish(5.0);
        p.updates = new long[] {200, 8};
        p.clipped = new long[] {0, 4};
        history.sample(2_000);
        ObjectNode json = history.toJson(1);
        assertThat(json.get("first").asLong()).isEqualTo(1);
        JsonNode ridge = json.at("/learners/ridge");
        assertThat(ridge.get("holdout").toString()).isEqualTo("[6.25,5.0]");
        assertThat(ridge.get("prequential").toString()).isEqualTo("[7.25,6.0]");
        assertThat(ridge.get("train").toString()).isEqualTo("[5.75,4.5]");
        assertThat(ridge.get("gap").toString()).isEqualTo("[0.5,0.5]");
        assertThat(ridge.get("nonzero").toString()).isEqualTo("[7.0,7.0]");
        assertThat(ridge.get("nonzeroRatio").toString()).isEqualTo("[0.7,0.7]");
        assertThat(ridge.get("gradientNorm").toString()).isEqualTo("[null,null]"); // NaN: not tracked
        assertThat(ridge.get("clipRate").toString()).isEqualTo("[0.0,0.0]");
        assertThat(ridge.get("updates").toString()).isEqualTo("[100.0,200.0]");
        JsonNode mlp = json.at("/learners/mlp");
        assertThat(mlp.get("holdout").toString()).isEqualTo("[12.5,10.0]");
        assertThat(mlp.get("gradientNorm").toString()).isEqualTo("[3.5,3.5]");
        // clipped steps per step taken since the previous sample: 1 of 4, then 3 of 4
        assertThat(mlp.get("clipRate").toString()).isEqualTo("[0.25,0.75]");
    }

    @Test
    void keepsOnlyTheLastCapacitySamples() {
        FakePipeline p = new FakePipeline();
        SeriesHistory history = new SeriesHistory(p, 3);
        for (int i = 0; i < 7; i++) {
            p.trained = i;
            history.sample(i * 1000L);
        }
        ObjectNode all = history.toJson(0);
        assertThat(all.get("first").asLong()).isEqualTo(4);
        assertThat(all.get("next").asLong()).isEqualTo(7);
        assertThat(all.at("/records").toString()).isEqualTo("[4.0,5.0,6.0]");
        assertThat(columns(all)).allSatisfy((name, column) -> assertThat(column.size()).as(name).isEqualTo(3));
        // from within the kept range, from the future, from before the start
        assertThat(history.toJson(6).at("/records").toString()).isEqualTo("[6.0]");
        assertThat(history.toJson(7).at("/records").size()).isZero();
        assertThat(history.toJson(99).get("first").asLong()).isEqualTo(7);
        assertThat(history.toJson(99).at("/records").size()).isZero();
        assertThat(history.toJson(-5).get("first").asLong()).isEqualTo(4);
        assertThat(history.taken()).isEqualTo(7);
    }

    @Test
    void theDefaultKeepsTenThousandSamples() {
        FakePipeline p = new FakePipeline();
        SeriesHistory history = new SeriesHistory(p);
        assertThat(history.capacity()).isEqualTo(SeriesHistory.DEFAULT_CAPACITY).isEqualTo(10_000);
        for (int i = 0; i < 10_050; i++) {
            history.sample(i);
        }
        assertThat(history.toJson(0).at("/time").size()).isEqualTo(10_000);
        assertThat(history.toJson(0).at("/time/0").asDouble()).isEqualTo(50.0);
    }

    @Test
    void refusesAnEmptyBuffer() {
        assertThatThrownBy(() -> new SeriesHistory(new FakePipeline(), 0)).isInstanceOf(IllegalArgumentException.class);
    }

    /** Every array in the JSON, by its dotted path. */
    static Map<String, JsonNode> columns(JsonNode json) {
        Map<String, JsonNode> out = new TreeMap<>();
        collect("", json, out);
        return out;
    }

    private static void collect(String prefix, JsonNode node, Map<String, JsonNode> out) {
        Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
        List<Map.Entry<String, JsonNode>> list = new ArrayList<>();
        fields.forEachRemaining(list::add);
        for (Map.Entry<String, JsonNode> e : list) {
            String name = prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey();
            if (e.getValue().isArray()) {
                out.put(name, e.getValue());
            } else if (e.getValue().isObject()) {
                collect(name, e.getValue(), out);
            }
        }
    }
}
