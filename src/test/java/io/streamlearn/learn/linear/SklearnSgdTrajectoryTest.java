package io.streamlearn.learn.linear;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import io.streamlearn.learn.LinearModel;
import io.streamlearn.learn.LinearOptimizerOptions.Schedule;
import io.streamlearn.learn.LinearOptimizerOptions;
import io.streamlearn.learn.LinearOptions;
import io.streamlearn.learn.TrainResult;
import io.streamlearn.vector.FeatureVector;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * sklearn's SGDRegressor, one record per partial_fit, is proximal SGD: our model with the same rule and
 * schedule must follow its trajectory (diabetes_sklearn_sgd.json) to 1e-9 absolute on weights and
 * intercept, and its prequential MSE and per-pass objectives to 1e-9 relative.
 */
class SklearnSgdTrajectoryTest {

    private static final double WEIGHT_TOLERANCE = 1e-9;
    private static final double RELATIVE_TOLERANCE = 1e-9;

    @ParameterizedTest
    @ValueSource(strings = {"constant_l2_l1=0_l2=0.1", "invscaling_l1_l1=0.1_l2=0"})
    void followsSklearnTrajectory(String variantName) {
        JsonNode variant = LinearReferenceData.json("diabetes_sklearn_sgd.json").get("variants").get(variantName);
        LinearReferenceData.Table data = LinearReferenceData.csv("diabetes_standardized.csv");
        JsonNode params = variant.get("sklearn_params");
        Schedule schedule = variant.get("schedule").asText().equals("constant") ? Schedule.CONSTANT : Schedule.INVSCALING;
        double power = params.has("power_t") ? params.get("power_t").asDouble() : 0.0;
        double l1 = variant.get("l1").asDouble();
        double l2 = variant.get("l2").asDouble();
        LinearModel model = LinearModel.create(new LinearOptions(data.dimension(), 0, l1, l2,
                new LinearOptimizerOptions.Sgd(params.get("eta0").asDouble(), schedule, power), 0.0, 0L));

        // pass 1, prequential: predict, then train
        double[] out = new double[1];
        double squaredErrors = 0;
        double secondHalf = 0;
        int half = data.rows() / 2;
        JsonNode checkpoints = variant.get("checkpoints");
        for (int i = 0; i < data.rows(); i++) {
            model.predict(FeatureVector.dense(data.x()[i]), out);
            double e = (data.y()[i] - out[0]) * (data.y()[i] - out[0]);
            squaredErrors += e;
            if (i >= half) {
                secondHalf += e;
            }
            assertThat(model.train(FeatureVector.dense(data.x()[i]), data.y()[i])).isSameAs(TrainResult.STEPPED);
            JsonNode checkpoint = checkpoints.get(Integer.toString(i + 1));
            if (checkpoint != null) {
                assertParameters(model, LinearReferenceData.doubles(checkpoint.get("w")), checkpoint.get("b").asDouble());
            }
        }
        assertParameters(model, LinearReferenceData.doubles(variant.get("final_w_pass1")),
                variant.get("final_b_pass1").asDouble());
        assertRelative(squaredErrors / data.rows(), variant.get("prequential_mse_pass1").asDouble());
        assertRelative(secondHalf / (data.rows() - half), variant.get("prequential_mse_pass1_second_half").asDouble());

        JsonNode perPass = variant.get("per_pass");
        for (int pass = 1; pass <= perPass.size(); pass++) {
            if (pass > 1) {
                LinearReferenceData.pass(model, data);
            }
            JsonNode expected = perPass.get(pass - 1);
            assertThat(expected.get("pass").asInt()).isEqualTo(pass);
            assertRelative(LinearReferenceData.objective(model, data), expected.get("objective").asDouble());
            assertThat(model.nonZeroWeights()).as("nonzero after pass %d", pass)
                    .isEqualTo(expected.get("nonzero_count").asLong());
        }
        assertThat(model.updates()).isEqualTo(variant.get("sklearn_t_final").asLong() - 1);
    }

    private static void assertParameters(LinearModel model, double[] w, double b) {
        double[] actual = model.weights(0);
        for (int j = 0; j < w.length; j++) {
            assertThat(actual[j]).as("w[%d] after %d updates", j, model.updates()).isCloseTo(w[j], within(WEIGHT_TOLERANCE));
        }
        assertThat(model.intercept(0)).isCloseTo(b, within(WEIGHT_TOLERANCE));
    }

    private static void assertRelative(double actual, double expected) {
        assertThat(actual).isCloseTo(expected, within(RELATIVE_TOLERANCE * Math.abs(expected)));
    }
}
