package io.streamlearn.record;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class PredictionWriterTest {

    private static String json(PredictionWriter w, Prediction p) {
        return new String(w.toJson(p), StandardCharsets.UTF_8);
    }

    /** docs/DESIGN.md's output example, field for field and in order. */
    @Test
    void writesTheDesignRegressionExample() {
        Prediction p = new Prediction("r-17", "diabetes", "train", 151.0, List.of("ridge", "lasso", "mlp"),
                new double[][] {{148.2}, {150.9}, {153.4}}, new long[] {1200, 1200, 37}, 1764259200000L);
        assertThat(json(new PredictionWriter(List.of()), p)).isEqualTo(
                "{\"id\":\"r-17\",\"pipeline\":\"diabetes\",\"split\":\"train\",\"label\":151.0,"
                        + "\"predictions\":{\"ridge\":148.2,\"lasso\":150.9,\"mlp\":153.4},"
                        + "\"versions\":{\"ridge\":1200,\"lasso\":1200,\"mlp\":37},\"timestamp\":1764259200000}");
    }

    /** A λ path learner: its champion's penalties after the versions, and the JSON reads back equal. */
    @Test
    void writesAndReadsThePathChampions() {
        java.util.Map<String, java.util.Map<String, Double>> champions = new java.util.LinkedHashMap<>();
        champions.put("lasso", java.util.Map.of("l1", 0.01));
        Prediction p = new Prediction("r-17", "diabetes", "train", 151.0, List.of("ridge", "lasso"),
                new double[][] {{148.2}, {150.9}}, new long[] {1200, 1200}, 1764259200000L, champions);
        assertThat(json(new PredictionWriter(List.of()), p)).isEqualTo(
                "{\"id\":\"r-17\",\"pipeline\":\"diabetes\",\"split\":\"train\",\"label\":151.0,"
                        + "\"predictions\":{\"ridge\":148.2,\"lasso\":150.9},"
                        + "\"versions\":{\"ridge\":1200,\"lasso\":1200},\"champions\":{\"lasso\":{\"l1\":0.01}},"
                        + "\"timestamp\":1764259200000}");
        assertThat(new PredictionReader(List.of()).fromJson(new PredictionWriter(List.of()).toJson(p))).isEqualTo(p);
    }

    @Test
    void unlabeledWithoutTimestampOmitsBoth() {
        Prediction p = new Prediction("k", "p", "unlabeled", Double.NaN, List.of("a"), new double[][] {{-0.5}},
                new long[] {0}, null);
        assertThat(json(new PredictionWriter(List.of()), p)).isEqualTo(
                "{\"id\":\"k\",\"pipeline\":\"p\",\"split\":\"unlabeled\",\"predictions\":{\"a\":-0.5},"
                        + "\"versions\":{\"a\":0}}");
    }

    @Test
    void writesClassificationObjects() {
        PredictionWriter w = new PredictionWriter(List.of("benign", "malignant"));
        Prediction p = new Prediction("r-1", "cancer", "holdout", 1, List.of("logit"),
                new double[][] {{0.1, 0.9}}, new long[] {5}, null);
        assertThat(json(w, p)).isEqualTo("{\"id\":\"r-1\",\"pipeline\":\"cancer\",\"split\":\"holdout\","
                + "\"label\":\"malignant\",\"predictions\":{\"logit\":{\"class\":\"malignant\","
                + "\"probabilities\":{\"benign\":0.1,\"malignant\":0.9}}},\"versions\":{\"logit\":5}}");
        Prediction tie = new Prediction("r-2", "cancer", "train", 0, List.of("logit"),
                new double[][] {{0.5, 0.5}}, new long[] {5}, null);
        assertThat(json(w, tie)).contains("\"class\":\"benign\"");
    }

    /** JSON has no NaN: a diverged model's output is null (and its class, when no probability is finite). */
    @Test
    void nonFiniteOutputsAreNull() {
        Prediction reg = new Prediction("r", "p", "train", 1, List.of("a", "b"),
                new double[][] {{Double.NaN}, {Double.POSITIVE_INFINITY}}, new long[] {1, 2}, null);
        assertThat(json(new PredictionWriter(List.of()), reg)).contains("\"predictions\":{\"a\":null,\"b\":null}");
        Prediction cls = new Prediction("r", "p", "train", 1, List.of("a"),
                new double[][] {{Double.NaN, Double.NaN}}, new long[] {1}, null);
        assertThat(json(new PredictionWriter(List.of("x", "y")), cls))
                .contains("{\"a\":{\"class\":null,\"probabilities\":{\"x\":null,\"y\":null}}}");
    }

    @Test
    void roundTrips() {
        List<String> classes = List.of("a", "b", "c");
        Prediction cls = new Prediction("id-\u00e9\"q", "pipe", "train", 2, List.of("m1", "m2"),
                new double[][] {{0.2, 0.3, 0.5}, {1.0 / 3, 1.0 / 3, 1.0 / 3}}, new long[] {7, Long.MAX_VALUE}, -5L);
        assertThat(new PredictionReader(classes).fromJson(new PredictionWriter(classes).toJson(cls))).isEqualTo(cls);
        Prediction reg = new Prediction("r", "pipe", "holdout", -1e-300, List.of("m"),
                new double[][] {{Math.PI * 1e200}}, new long[] {3}, null);
        assertThat(new PredictionReader(List.of()).fromJson(new PredictionWriter(List.of()).toJson(reg))).isEqualTo(reg);
        Prediction unlabeled = new Prediction("u", "pipe", "unlabeled", Double.NaN, List.of("m"),
                new double[][] {{4.0}}, new long[] {0}, 1L);
        assertThat(new PredictionReader(List.of()).fromJson(new PredictionWriter(List.of()).toJson(unlabeled)))
                .isEqualTo(unlabeled);
    }

    @Test
    void isAnImmutableValue() {
        double[][] outputs = {{1.0}};
        long[] versions = {1};
        Prediction p = new Prediction("r", "p", "train", 1, List.of("a"), outputs, versions, null);
        outputs[0][0] = 2.0;
        versions[0] = 9;
        assertThat(p.output(0)).containsExactly(1.0);
        assertThat(p.version(0)).isEqualTo(1);
        p.output(0)[0] = 3.0;
        assertThat(p.output(0)).containsExactly(1.0);
        assertThatThrownBy(() -> new Prediction("r", "p", "train", 1, List.of("a", "b"), outputs, versions, null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new PredictionReader(List.of()).fromJson("[1]".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    /** One reused generator and buffer for many predictions: each is the thread-safe writer's JSON, also after a failure. */
    @Test
    void reusingWriterWritesWhatTheThreadSafeOneWrites() {
        java.util.Map<String, java.util.Map<String, Double>> champions = new java.util.LinkedHashMap<>();
        champions.put("lasso", java.util.Map.of("l1", 0.01));
        List<Prediction> regression = List.of(
                new Prediction("r-17", "p", "train", 151.0, List.of("ridge", "lasso"), new double[][] {{148.2}, {1e-7}},
                        new long[] {1200, 1200}, 1764259200000L, champions),
                new Prediction("k", "p", "unlabeled", Double.NaN, List.of("ridge", "lasso"),
                        new double[][] {{Double.NaN}, {-0.5}}, new long[] {0, 3}, null),
                new Prediction("\u00e9\"x", "p", "holdout", -2.5, List.of("ridge", "lasso"),
                        new double[][] {{1.0}, {2.0}}, new long[] {1, 2}, 7L),
                // another champion: the reusing writer's cached champions JSON must not be reused
                new Prediction("r-18", "p", "train", 151.0, List.of("ridge", "lasso"), new double[][] {{148.2}, {1e-7}},
                        new long[] {1201, 1201}, 1764259200001L, java.util.Map.of("lasso", java.util.Map.of("l1", 0.1))));
        PredictionWriter writer = new PredictionWriter(List.of());
        PredictionWriter.Reusing reusing = writer.reusing();
        for (int round = 0; round < 2; round++) {
            for (Prediction p : regression) {
                assertThat(new String(reusing.toJson(p), StandardCharsets.UTF_8)).isEqualTo(json(writer, p));
            }
        }
        List<String> classes = List.of("benign", "malignant");
        PredictionWriter.Reusing classifier = new PredictionWriter(classes).reusing();
        Prediction wrong = new Prediction("c", "p", "train", 1, List.of("m"), new double[][] {{0.1, 0.2, 0.7}},
                new long[] {1}, null);
        assertThatThrownBy(() -> classifier.toJson(wrong)).isInstanceOf(IllegalArgumentException.class);
        Prediction right = new Prediction("c", "p", "train", 1, List.of("m"), new double[][] {{0.1, 0.9}},
                new long[] {1}, 5L);
        assertThat(new String(classifier.toJson(right), StandardCharsets.UTF_8))
                .isEqualTo(json(new PredictionWriter(classes), right));
    }
}
