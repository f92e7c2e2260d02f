package io.streamlearn.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import io.streamlearn.learn.AdamWOptions;
import io.streamlearn.learn.LinearModel;
import io.streamlearn.learn.LinearOptimizerOptions;
import io.streamlearn.learn.LinearOptions;
import io.streamlearn.learn.Mlp;
import io.streamlearn.learn.MlpOptions;
import io.streamlearn.learn.RunningStandardizer;
import io.streamlearn.learn.SeededRandom;
import io.streamlearn.learn.TargetStandardizedModel;
import io.streamlearn.vector.FeatureVector;
import java.util.List;
import org.junit.jupiter.api.Test;

class ModelJsonTest {

    private static final LinearOptimizerOptions SGD =
            new LinearOptimizerOptions.Sgd(0.05, LinearOptimizerOptions.Schedule.CONSTANT, 0.25);

    /** A target-standardized linear model: the JSON weights and intercept are in y's original scale too. */
    @Test
    void targetStandardizedWeightsPredictInTheOriginalScale() {
        TargetStandardizedModel model = new TargetStandardizedModel(
                LinearModel.create(new LinearOptions(3, 0, 0.0, 0.0, SGD, 0, 1)));
        RunningStandardizer scaler = new RunningStandardizer(3);
        SeededRandom random = new SeededRandom(4);
        double[] z = new double[3];
        for (int i = 0; i < 2000; i++) {
            double[] x = {5 + 2 * random.nextGaussian(), -3 + 0.1 * random.nextGaussian(), 100 * random.nextDouble()};
            scaler.update(x);
            scaler.transform(x, z);
            model.train(FeatureVector.dense(z), 1000 + 15 * x[0] - 200 * x[1] + 3 * x[2]);
        }

        JsonNode json = ModelJson.describe(model, List.of("a", "b", "c"), List.of(), scaler);

        double[] raw = {4.0, -2.9, 55.0};
        scaler.transform(raw, z);
        double[] expected = new double[1];
        model.predict(FeatureVector.dense(z), expected);
        double fromJson = json.get("intercept").asDouble() + json.get("weights").get("a").asDouble() * raw[0]
                + json.get("weights").get("b").asDouble() * raw[1] + json.get("weights").get("c").asDouble() * raw[2];
        assertThat(fromJson).isCloseTo(expected[0], within(1e-9 * Math.abs(expected[0])));
        assertThat(json.get("type").asText()).isEqualTo("linear");
        assertThat(json.get("target").get("mean").asDouble()).isEqualTo(model.targetMean());
        assertThat(json.get("target").get("std").asDouble()).isEqualTo(model.targetStd());
    }

    @Test
    void originalScaleWeightsPredictOnRawFeaturesAsTheModelDoesOnStandardizedOnes() {
        LinearModel model = LinearModel.create(new LinearOptions(3, 0, 0.0, 0.01, SGD, 0, 1));
        RunningStandardizer scaler = new RunningStandardizer(3);
        SeededRandom random = new SeededRandom(3);
        double[] z = new double[3];
        for (int i = 0; i < 500; i++) {
            double[] x = {5 + 2 * random.nextGaussian(), -3 + 0.1 * random.nextGaussian(), 100 * random.nextDouble()};
            scaler.update(x);
            scaler.transform(x, z);
            model.train(FeatureVector.dense(z), 1.5 * x[0] - 20 * x[1] + 0.03 * x[2] + 7);
        }

        JsonNode json = ModelJson.describe(model, List.of("a", "b", "c"), List.of(), scaler);

        double[] raw = {4.0, -2.9, 55.0};
        scaler.transform(raw, z);
        double[] expected = new double[1];
        model.predict(FeatureVector.dense(z), expected);
        JsonNode w = json.get("weights");
        double viaJson = w.get("a").asDouble() * raw[0] + w.get("b").asDouble() * raw[1]
                + w.get("c").asDouble() * raw[2] + json.get("intercept").asDouble();
        // the same affine function written two ways: equal up to rounding (1e-9 relative)
        assertThat(viaJson).isCloseTo(expected[0], within(1e-9 * Math.abs(expected[0])));
        assertThat(json.get("type").asText()).isEqualTo("linear");
        assertThat(json.get("updates").asLong()).isEqualTo(500);
        assertThat(json.get("nonZero").asLong()).isEqualTo(3);
        // the norms are those of the weights shown (original scale), not of the standardized ones
        double l1 = Math.abs(w.get("a").asDouble()) + Math.abs(w.get("b").asDouble()) + Math.abs(w.get("c").asDouble());
        assertThat(json.get("normScale").asText()).isEqualTo("original");
        assertThat(json.get("l1Norm").asDouble()).isCloseTo(l1, within(1e-12 * l1));
        assertThat(json.get("l1Norm").asDouble()).isNotCloseTo(model.weightsL1(), within(0.01 * l1));
        assertThat(json.get("l2Norm").asDouble()).isCloseTo(Math.sqrt(w.get("a").asDouble() * w.get("a").asDouble()
                + w.get("b").asDouble() * w.get("b").asDouble() + w.get("c").asDouble() * w.get("c").asDouble()),
                within(1e-9 * l1));
    }

    @Test
    void unnamedFeaturesGiveAnArrayAndClassesGiveOneRowEach() {
        LinearModel softmax = LinearModel.create(new LinearOptions(2, 3, 0.0, 0.0, SGD, 0, 1));
        softmax.train(FeatureVector.dense(new double[] {1, 2}), 2);

        JsonNode json = ModelJson.describe(softmax, List.of(), List.of("red", "green", "blue"), null);

        assertThat(json.get("weights").fieldNames()).toIterable().containsExactly("red", "green", "blue");
        assertThat(json.get("weights").get("blue").isArray()).isTrue();
        assertThat(json.get("weights").get("blue").get(1).asDouble()).isEqualTo(softmax.weight(2, 1));
        assertThat(json.get("intercept").get("green").asDouble()).isEqualTo(softmax.intercept(1));
    }

    @Test
    void anMlpShowsItsLayersAndParameterCount() {
        Mlp mlp = Mlp.create(new MlpOptions(4, new int[] {8}, 0, 0.0, 2,
                new AdamWOptions(1e-3, 0.9, 0.999, 1e-8, 0.01), 1.0, false, false, 0, 0, 0, 5));
        mlp.train(FeatureVector.dense(new double[] {1, 2, 3, 4}), 1);
        mlp.train(FeatureVector.dense(new double[] {0, 1, 0, 1}), 0);

        JsonNode json = ModelJson.describe(mlp, List.of(), List.of(), null);

        assertThat(json.get("type").asText()).isEqualTo("mlp");
        assertThat(json.get("layers")).hasSize(3);
        assertThat(json.get("layers").get(1).asInt()).isEqualTo(8);
        assertThat(json.get("parameters").asLong()).isEqualTo(4 * 8 + 8 + 8 + 1);
        assertThat(json.get("updates").asLong()).isEqualTo(1);
        assertThat(json.get("gradientNorm").asDouble()).isPositive();
    }

    @Test
    void aPathShowsItsChampionAndEveryMemberWithItsLosses() throws Exception {
        io.streamlearn.pipeline.LearningPipeline p = io.streamlearn.pipeline.PipelineBlueprint.of(
                io.streamlearn.spec.SpecParser.parse("name: p\ninput: a\noutput: b\n"
                        + "features: {names: [u, v]}\nevaluation: {holdoutFraction: 0.3, every: 20}\n"
                        + "learners: [{name: lasso, type: linear, l1: [0.5, 0.001], optimizer: ftrl}]\n", "t"))
                .newPipeline();
        java.util.Random r = new java.util.Random(3);
        for (int i = 0; i < 400; i++) {
            double u = r.nextGaussian();
            double v = r.nextGaussian();
            p.process("r-" + i, FeatureVector.dense(new double[] {u, v}), 3 * u + 0.1 * r.nextGaussian());
        }
        io.streamlearn.learn.ModelPath path = (io.streamlearn.learn.ModelPath) p.model("lasso");

        JsonNode json = ModelJson.describe(p, "lasso", List.of("u", "v"), List.of(), ModelJson.DEFAULT_TOP);

        assertThat(json.get("type").asText()).isEqualTo("linear");
        JsonNode view = json.get("path");
        assertThat(view.get("select").asText()).isEqualTo("holdout");
        assertThat(view.get("champion").asText()).isEqualTo("0.001");
        assertThat(view.get("members")).hasSize(2);
        JsonNode strong = view.get("members").get(0);
        assertThat(strong.get("lambda").asText()).isEqualTo("0.5");
        assertThat(strong.get("l1").asDouble()).isEqualTo(0.5);
        assertThat(strong.get("loss").get("holdout").asDouble()).isEqualTo(p.slot("lasso").memberStats().get(0).holdoutLoss());
        assertThat(strong.get("nonZero").asLong()).isEqualTo(path.member(0).nonZeroWeights());
        assertThat(strong.get("weights").get("u").asDouble())
                .isLessThan(view.get("members").get(1).get("weights").get("u").asDouble());
        assertThat(json.get("weights").get("u").asDouble())
                .isEqualTo(view.get("members").get(1).get("weights").get("u").asDouble());
    }
}
