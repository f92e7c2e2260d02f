package io.streamlearn.learn.linear;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.streamlearn.learn.LinearModel;
import io.streamlearn.learn.LinearOptimizerOptions.Schedule;
import io.streamlearn.learn.LinearOptimizerOptions;
import io.streamlearn.learn.LinearOptions;
import io.streamlearn.vector.FeatureVector;
import org.junit.jupiter.api.Test;

/** Loss gradients against central finite differences and hand-derived steps. */
class LossGradientTest {

    /** Central differences with h = 1e-6 have error O(h^2) ~ 1e-12 times the third derivative, plus rounding ~1e-10. */
    private static final double FINITE_DIFFERENCE_TOLERANCE = 1e-8;

    private static void assertMatchesFiniteDifferences(ScoreLoss loss, double[] scores, double label) {
        double[] gradient = new double[loss.rows()];
        loss.gradient(scores, label, gradient);
        double h = 1e-6;
        for (int k = 0; k < scores.length; k++) {
            double[] plus = scores.clone();
            double[] minus = scores.clone();
            plus[k] += h;
            minus[k] -= h;
            double numeric = (loss.value(plus, label) - loss.value(minus, label)) / (2 * h);
            assertThat(gradient[k]).as("dL/ds[%d], label %s", k, label).isCloseTo(numeric, within(FINITE_DIFFERENCE_TOLERANCE));
        }
    }

    @Test
    void squaredLossGradientIsResidual() {
        assertMatchesFiniteDifferences(new SquaredLoss(), new double[] {1.7}, -0.4);
    }

    @Test
    void logisticGradientMatchesFiniteDifferences() {
        for (double z : new double[] {-30, -2.5, 0, 0.3, 4, 30}) {
            assertMatchesFiniteDifferences(new LogisticLoss(), new double[] {z}, 0);
            assertMatchesFiniteDifferences(new LogisticLoss(), new double[] {z}, 1);
        }
    }

    @Test
    void softmaxGradientMatchesFiniteDifferences() {
        double[] scores = {0.5, -1.2, 2.0, 0.1};
        for (int y = 0; y < 4; y++) {
            assertMatchesFiniteDifferences(new SoftmaxLoss(4), scores, y);
        }
        // large scores (where finite differences lose their digits): the max shift keeps p finite and
        // exact, p = (1, e^-1, e^-805) / (1 + e^-1 + e^-805), g = p - onehot(1)
        double[] g = new double[3];
        new SoftmaxLoss(3).gradient(new double[] {800, 799, -5}, 1, g);
        double sum = 1 + Math.exp(-1) + Math.exp(-805);
        assertThat(g[0]).isCloseTo(1 / sum, within(1e-15));
        assertThat(g[1]).isCloseTo(Math.exp(-1) / sum - 1, within(1e-15));
        assertThat(g[2]).isCloseTo(0.0, within(1e-300));
    }

    @Test
    void softmaxProbabilitiesSumToOne() {
        double[] p = new double[3];
        new SoftmaxLoss(3).output(new double[] {1000, 0, -1000}, p);
        assertThat(p[0] + p[1] + p[2]).isCloseTo(1.0, within(1e-15));
        assertThat(p[0]).isCloseTo(1.0, within(1e-15));
    }

    /**
     * By hand, logistic regression at w = 0, b = 0: P(1) = 0.5, so for label 1 the score gradient is -0.5;
     * with eta = 0.1 and no penalty, w = 0.05 x and b = 0.05; then P(1) = sigmoid(0.05 (x.x + 1)).
     */
    @Test
    void logisticFirstStepByHand() {
        LinearModel model = LinearModel.create(
                new LinearOptions(2, 2, 0, 0, new LinearOptimizerOptions.Sgd(0.1, Schedule.CONSTANT, 0), 0, 0));
        double[] x = {2.0, -1.0};
        double[] out = new double[2];
        model.predict(FeatureVector.dense(x), out);
        assertThat(out).containsExactly(0.5, 0.5);
        model.train(FeatureVector.dense(x), 1.0);
        assertThat(model.weights(0)).containsExactly(0.1, -0.05);
        assertThat(model.intercept(0)).isEqualTo(0.05);
        model.predict(FeatureVector.dense(x), out);
        double p = 1 / (1 + Math.exp(-0.05 * (4 + 1 + 1)));
        assertThat(out[1]).isCloseTo(p, within(1e-15));
        assertThat(out[0]).isCloseTo(1 - p, within(1e-15));
        assertThat(model.outputDimension()).isEqualTo(2);
        assertThat(model.rows()).isEqualTo(1);
    }

    /**
     * Softmax at zero weights over 3 classes: p = 1/3 each; label 2 gives g = (1/3, 1/3, -2/3), so with
     * eta = 0.3, row k moves by -0.3 g_k x: rows 0 and 1 by -0.1 x, row 2 by +0.2 x.
     */
    @Test
    void softmaxFirstStepByHand() {
        LinearModel model = LinearModel.create(
                new LinearOptions(2, 3, 0, 0, new LinearOptimizerOptions.Sgd(0.3, Schedule.CONSTANT, 0), 0, 0));
        double[] x = {1.0, 3.0};
        model.train(FeatureVector.dense(x), 2.0);
        assertThat(model.weights(0)[0]).isCloseTo(-0.1, within(1e-15));
        assertThat(model.weights(1)[1]).isCloseTo(-0.3, within(1e-15));
        assertThat(model.weights(2)[0]).isCloseTo(0.2, within(1e-15));
        assertThat(model.weights(2)[1]).isCloseTo(0.6, within(1e-15));
        assertThat(model.intercepts()[2]).isCloseTo(0.2, within(1e-15));
        assertThat(model.weightCount()).isEqualTo(6);
        assertThatThrownBy(() -> model.train(FeatureVector.dense(x), 3.0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> model.train(FeatureVector.dense(x), 0.5)).isInstanceOf(IllegalArgumentException.class);
    }

    /** Logistic regression learns a separable problem: the log loss falls and the classes are predicted. */
    @Test
    void logisticLearnsSeparableData() {
        LinearModel model = LinearModel.create(
                new LinearOptions(2, 2, 0.001, 0.001, new LinearOptimizerOptions.Sgd(0.5, Schedule.INVSCALING, 0.5), 0, 0));
        io.streamlearn.learn.SeededRandom random = new io.streamlearn.learn.SeededRandom(3);
        double[] x = new double[2];
        for (int i = 0; i < 5000; i++) {
            x[0] = random.nextGaussian();
            x[1] = random.nextGaussian();
            model.train(FeatureVector.dense(x), x[0] - x[1] > 0.2 ? 1 : 0);
        }
        double[] out = new double[2];
        model.predict(FeatureVector.dense(new double[] {2, -1}), out);
        assertThat(out[1]).isGreaterThan(0.95);
        model.predict(FeatureVector.dense(new double[] {-2, 1}), out);
        assertThat(out[0]).isGreaterThan(0.95);
    }
}
