package io.streamlearn.learn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.streamlearn.vector.FeatureVector;
import org.junit.jupiter.api.Test;

/** Behaviour of the mini-batch MLP: learning, prediction-time dropout, the non-finite guard. */
class MlpTest {

    private static final AdamWOptions ADAMW = new AdamWOptions(0.01, 0.9, 0.999, 1e-8, 0.01);

    static MlpOptions classifier(double dropout, double noise, double mixup, boolean layerNorm) {
        return new MlpOptions(2, new int[] {16}, 3, dropout, 16, ADAMW, 1.0, layerNorm, false, 0.1, noise, mixup, 42L);
    }

    static MlpOptions regressor(int batch, double dropout, double noise, double mixup, boolean layerNorm) {
        return new MlpOptions(3, new int[] {8, 4}, 0, dropout, batch, ADAMW, 1.0, layerNorm, false, 0.0, noise, mixup, 9L);
    }

    /** Three well separated Gaussian blobs in the plane (centres 4 apart, sigma 0.5). */
    static int blob(SeededRandom rng, double[] x) {
        int c = (int) (rng.nextDouble() * 3);
        double angle = 2 * Math.PI * c / 3;
        x[0] = 2.3 * Math.cos(angle) + 0.5 * rng.nextGaussian();
        x[1] = 2.3 * Math.sin(angle) + 0.5 * rng.nextGaussian();
        return c;
    }

    @Test
    void classifierLearnsSeparableBlobs() {
        Mlp mlp = Mlp.create(classifier(0.1, 0.0, 0.0, false));
        assertThat(mlp.outputDimension()).isEqualTo(3);
        SeededRandom data = new SeededRandom(3);
        double[] x = new double[2];
        for (int i = 0; i < 3200; i++) {
            int c = blob(data, x);
            mlp.train(FeatureVector.dense(x), c);
        }
        assertThat(mlp.updates()).isEqualTo(200);
        double[] p = new double[3];
        int correct = 0;
        for (int i = 0; i < 600; i++) {
            int c = blob(data, x);
            mlp.predict(FeatureVector.dense(x), p);
            assertThat(p[0] + p[1] + p[2]).isCloseTo(1.0, within(1e-12));
            int best = p[0] >= p[1] && p[0] >= p[2] ? 0 : p[1] >= p[2] ? 1 : 2;
            correct += best == c ? 1 : 0;
        }
        // Blobs this far apart are separable up to ~0.1% overlap: anything learning gets > 95%.
        assertThat(correct / 600.0).isGreaterThan(0.95);
        assertThat(mlp.lastLoss()).isLessThan(0.5);
    }

    @Test
    void augmentedLayerNormClassifierStillLearns() {
        assertLearnsBlobs(Mlp.create(classifier(0.2, 0.05, 0.4, true)));
    }

    @Test
    void weightNormClassifierLearns() {
        assertLearnsBlobs(Mlp.create(new MlpOptions(2, new int[] {16}, 3, 0.1, 16, ADAMW, 1.0, false, true, 0.1, 0.0, 0.0, 42L)));
    }

    private static void assertLearnsBlobs(Mlp mlp) {
        SeededRandom data = new SeededRandom(4);
        double[] x = new double[2];
        for (int i = 0; i < 3200; i++) {
            mlp.train(FeatureVector.dense(x), blob(data, x));
        }
        double[] p = new double[3];
        int correct = 0;
        for (int i = 0; i < 600; i++) {
            int c = blob(data, x);
            mlp.predict(FeatureVector.dense(x), p);
            int best = p[0] >= p[1] && p[0] >= p[2] ? 0 : p[1] >= p[2] ? 1 : 2;
            correct += best == c ? 1 : 0;
        }
        assertThat(correct / 600.0).isGreaterThan(0.9);
    }

    @Test
    void dropoutIsOffAtPredictionTime() {
        Mlp withDropout = Mlp.create(regressor(4, 0.5, 0.0, 0.0, false));
        Mlp without = Mlp.create(regressor(4, 0.0, 0.0, 0.0, false));
        assertThat(withDropout.parameters()).isDeepEqualTo(without.parameters());
        double[] x = {0.3, -1.2, 2.0};
        double[] a = new double[1];
        double[] b = new double[1];
        for (int i = 0; i < 3; i++) {
            withDropout.predict(FeatureVector.dense(x), a);
            without.predict(FeatureVector.dense(x), b);
            assertThat(a[0]).isEqualTo(b[0]);
        }
    }

    @Test
    void buffersUntilTheBatchIsFull() {
        Mlp mlp = Mlp.create(regressor(4, 0.0, 0.0, 0.0, false));
        double[] x = {1, 2, 3};
        for (int i = 0; i < 3; i++) {
            assertThat(mlp.train(FeatureVector.dense(x), 1.0)).isSameAs(TrainResult.BUFFERED);
            assertThat(mlp.buffered()).isEqualTo(i + 1);
        }
        assertThat(mlp.updates()).isZero();
        assertThat(mlp.lastGradientNorm()).isNaN();
        assertThat(mlp.train(FeatureVector.dense(x), 1.0)).isSameAs(TrainResult.STEPPED);
        assertThat(mlp.buffered()).isZero();
        assertThat(mlp.updates()).isEqualTo(1);
        assertThat(mlp.lastGradientNorm()).isPositive();
        assertThat(mlp.weightCount()).isEqualTo(3 * 8 + 8 * 4 + 4);
        assertThat(mlp.parameterCount()).isEqualTo(3 * 8 + 8 + 8 * 4 + 4 + 4 + 1);
        assertThat(mlp.nonZeroWeights()).isEqualTo(mlp.weightCount());
        assertThat(mlp.weightsL1()).isGreaterThanOrEqualTo(mlp.weightsL2()).isPositive();
    }

    @Test
    void nonFiniteStepIsRejectedAndLeavesTheModelUnchanged() {
        Mlp guarded = Mlp.create(regressor(4, 0.3, 0.0, 0.0, false));
        Mlp control = Mlp.create(regressor(4, 0.3, 0.0, 0.0, false));
        double[][] good = {{0.1, 0.2, 0.3}, {-1, 0.5, 2}, {0.7, -0.7, 0}, {1, 1, 1}};
        for (double[] x : good) {
            guarded.train(FeatureVector.dense(x), x[0] - x[1]);
            control.train(FeatureVector.dense(x), x[0] - x[1]);
        }
        double[][] before = guarded.parameters();
        for (int i = 0; i < 3; i++) {
            assertThat(guarded.train(FeatureVector.dense(good[i]), 0.5)).isSameAs(TrainResult.BUFFERED);
        }
        TrainResult result = guarded.train(FeatureVector.dense(new double[] {1e308, -1e308, 1e308}), 1.0);
        assertThat(result.rejected()).isTrue();
        assertThat(result.reason()).contains("non-finite");
        assertThat(guarded.parameters()).isDeepEqualTo(before);
        assertThat(guarded.updates()).isEqualTo(1);
        assertThat(guarded.rejectedSteps()).isEqualTo(1);
        assertThat(guarded.buffered()).isZero();
        // The random state was rolled back too: the next batches match a model that never saw it.
        for (int i = 0; i < 8; i++) {
            double[] x = good[i % 4];
            assertThat(guarded.train(FeatureVector.dense(x), x[2])).isEqualTo(control.train(FeatureVector.dense(x), x[2]));
        }
        assertThat(guarded.parameters()).isDeepEqualTo(control.parameters());
    }

    @Test
    void rejectsBadInput() {
        Mlp mlp = Mlp.create(classifier(0.0, 0.0, 0.0, false));
        assertThatThrownBy(() -> mlp.train(FeatureVector.dense(new double[3]), 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> mlp.train(FeatureVector.dense(new double[2]), 3)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> mlp.train(FeatureVector.dense(new double[2]), 0.5)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> mlp.predict(FeatureVector.dense(new double[1]), new double[3])).isInstanceOf(IllegalArgumentException.class);
    }
}
