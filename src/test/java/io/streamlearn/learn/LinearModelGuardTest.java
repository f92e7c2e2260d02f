package io.streamlearn.learn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamlearn.vector.FeatureVector;
import io.streamlearn.vector.SparseVectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Non-finite guard, noise augmentation and option validation of {@link LinearModel}. */
class LinearModelGuardTest {

    static Stream<Arguments> optimizers() {
        return Stream.of(
                Arguments.of(new LinearOptimizerOptions.Sgd(0.05, LinearOptimizerOptions.Schedule.CONSTANT, 0)),
                Arguments.of(new LinearOptimizerOptions.Sgd(0.05, LinearOptimizerOptions.Schedule.INVSCALING, 0.25)),
                Arguments.of(new LinearOptimizerOptions.Sgd(0.1, LinearOptimizerOptions.Schedule.ADAGRAD, 0)),
                Arguments.of(new LinearOptimizerOptions.Ftrl(0.1, 1.0)),
                Arguments.of(new LinearOptimizerOptions.Rda(2.0)));
    }

    /**
     * After ordinary training, a step that would overflow is refused with a reason and the model, random
     * state included, stays byte-identical. Regression: features and target 1e308 make the residual and
     * the update overflow. Classifiers have bounded score gradients (|g| <= 1), so 1e308 features give a
     * finite step there; an infinite feature (which record validation would already refuse) makes the
     * scores, and so the step, non-finite.
     */
    @ParameterizedTest
    @MethodSource("optimizers")
    void refusesNonFiniteStepAndKeepsModel(LinearOptimizerOptions optimizer) {
        for (int classes : new int[] {0, 3}) {
            LinearModel model = LinearModel.create(new LinearOptions(4, classes, 0.01, 0.01, optimizer, 0.1, 9L));
            LinearSnapshotFixtures.train(model, 0, 30);
            byte[] before = ModelCodec.toBytes(model);
            double big = classes == 0 ? 1e308 : Double.POSITIVE_INFINITY;
            double[] huge = {big, -big, big, big};
            TrainResult dense = model.train(FeatureVector.dense(huge), classes == 0 ? 1e308 : 1);
            assertThat(dense.rejected()).as("dense, classes %d", classes).isTrue();
            assertThat(dense.reason()).contains("NaN or infinite");
            if (classes == 0) {
                // a sparse vector holds finite values only (FeatureVector refuses the others): 1e308 overflows the step
                TrainResult sparse = model.train(SparseVectors.of(4, new int[] {0, 2}, new double[] {big, -big}, 2), -1e308);
                assertThat(sparse.rejected()).as("sparse").isTrue();
                assertThat(model.train(FeatureVector.dense(new double[] {0, 0, 0, 0}), Double.NaN).rejected()).as("a NaN target").isTrue();
            }
            assertThat(ModelCodec.toBytes(model)).isEqualTo(before);
            assertThat(model.updates()).isEqualTo(30);
            assertThat(model.train(FeatureVector.dense(LinearSnapshotFixtures.features(3)), LinearSnapshotFixtures.label(3, classes)))
                    .isSameAs(TrainResult.STEPPED);
        }
    }

    @Test
    void noiseAugmentsTrainingOnlyAndIsSeeded() {
        LinearOptions noisy = new LinearOptions(4, 0, 0, 0,
                new LinearOptimizerOptions.Sgd(0.05, LinearOptimizerOptions.Schedule.CONSTANT, 0), 0.5, 1L);
        LinearOptions clean = new LinearOptions(4, 0, 0, 0, noisy.optimizer(), 0.0, 1L);
        LinearModel a = LinearModel.create(noisy);
        LinearModel b = LinearModel.create(noisy);
        LinearModel c = LinearModel.create(clean);
        for (LinearModel m : new LinearModel[] {a, b, c}) {
            LinearSnapshotFixtures.train(m, 0, 50);
        }
        assertThat(ModelCodec.toBytes(a)).as("same seed, same noise").isEqualTo(ModelCodec.toBytes(b));
        assertThat(a.weights(0)).isNotEqualTo(c.weights(0));
        byte[] before = ModelCodec.toBytes(a);
        double[] out1 = new double[1];
        double[] out2 = new double[1];
        a.predict(FeatureVector.dense(LinearSnapshotFixtures.features(1)), out1);
        a.predict(FeatureVector.dense(LinearSnapshotFixtures.features(1)), out2);
        assertThat(out2).containsExactly(out1);
        assertThat(ModelCodec.toBytes(a)).as("predicting draws no noise").isEqualTo(before);
    }

    @Test
    void rejectsInvalidOptions() {
        LinearOptimizerOptions sgd = new LinearOptimizerOptions.Sgd(0.1, LinearOptimizerOptions.Schedule.CONSTANT, 0);
        assertThatThrownBy(() -> LinearModel.create(new LinearOptions(0, 0, 0, 0, sgd, 0, 0)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> LinearModel.create(new LinearOptions(3, 1, 0, 0, sgd, 0, 0)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> LinearModel.create(new LinearOptions(3, 0, -1, 0, sgd, 0, 0)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> LinearModel.create(new LinearOptions(3, 0, 0, 20, sgd, 0, 0)))
                .as("eta l2 >= 1 would flip the weights' sign").isInstanceOf(IllegalArgumentException.class);
        LinearModel model = LinearModel.create(new LinearOptions(3, 0, 0, 0, sgd, 0, 0));
        assertThatThrownBy(() -> model.train(FeatureVector.dense(new double[2]), 1)).isInstanceOf(IllegalArgumentException.class);
        FeatureVector unfinished = FeatureVector.sparse(3, 2);
        unfinished.add(2, 1);
        unfinished.add(1, 1);
        assertThatThrownBy(() -> model.train(unfinished, 1)).as("columns not made increasing by finish()")
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> model.train(SparseVectors.of(4, new int[] {3}, new double[] {1}, 1), 1))
                .as("a column beyond the model's inputs").isInstanceOf(IllegalArgumentException.class);
        assertThat(model.lastGradientNorm()).isNaN();
        model.train(FeatureVector.dense(new double[] {3, 0, 4}), 1);
        // g = p - y = -1; norm = |g| sqrt(||x||^2 + 1) = sqrt(26)
        assertThat(model.lastGradientNorm()).isEqualTo(Math.sqrt(26));
    }
}
