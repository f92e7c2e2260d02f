package io.streamlearn.learn.mlp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import io.streamlearn.learn.AdamWOptions;
import io.streamlearn.learn.SeededRandom;
import java.util.Arrays;
import java.util.List;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;

/** The small PyTorch cases of torch_unit_checks.json; each tolerance is stated where it is used. */
class TorchUnitChecksTest {

    /** Closed-form cases computed by PyTorch in float64: agreement to rounding. */
    private static final double EXACT = 1e-12;

    private static final JsonNode CHECKS = TorchReference.json("torch_unit_checks.json");

    @Test
    void crossEntropyWithLabelSmoothingTwoClasses() {
        JsonNode ce = CHECKS.get("cross_entropy");
        assertThat(meanCrossEntropy(ce, 0.0)).isCloseTo(ce.get("mean_loss_label_smoothing_0").asDouble(), within(EXACT));
        assertThat(meanCrossEntropy(ce, 0.1)).isCloseTo(ce.get("mean_loss_label_smoothing_0.1").asDouble(), within(EXACT));
        JsonNode perRow = ce.get("per_row_label_smoothing_0.1");
        for (int r = 0; r < perRow.size(); r++) {
            DMatrixRMaj logits = new DMatrixRMaj(1, 2, true, TorchReference.vector(ce.get("logits").get(r)));
            double loss = crossEntropy(logits, new int[] {ce.get("targets").get(r).asInt()}, 0.1, new DMatrixRMaj(1, 2));
            assertThat(loss).isCloseTo(perRow.get(r).asDouble(), within(EXACT));
        }
    }

    @Test
    void crossEntropyWithLabelSmoothingThreeClasses() {
        JsonNode ce = CHECKS.get("cross_entropy_3class");
        assertThat(meanCrossEntropy(ce, 0.0)).isCloseTo(ce.get("mean_loss_label_smoothing_0").asDouble(), within(EXACT));
        assertThat(meanCrossEntropy(ce, 0.1)).isCloseTo(ce.get("mean_loss_label_smoothing_0.1").asDouble(), within(EXACT));
    }

    @Test
    void crossEntropyGradientIsSoftmaxMinusTargetOverBatch() {
        JsonNode ce = CHECKS.get("cross_entropy_3class");
        DMatrixRMaj logits = new DMatrixRMaj(2, 3, true, TorchReference.flatten(ce.get("logits")));
        DMatrixRMaj grad = new DMatrixRMaj(2, 3);
        crossEntropy(logits, new int[] {2, 0}, 0.1, grad);
        // Finite differences of the mean loss; central differences are accurate to ~1e-9 here.
        for (int i = 0; i < 6; i++) {
            double h = 1e-6;
            DMatrixRMaj plus = logits.copy();
            plus.data[i] += h;
            DMatrixRMaj minus = logits.copy();
            minus.data[i] -= h;
            double numeric = (crossEntropy(plus, new int[] {2, 0}, 0.1, new DMatrixRMaj(2, 3))
                    - crossEntropy(minus, new int[] {2, 0}, 0.1, new DMatrixRMaj(2, 3))) / (2 * h);
            assertThat(grad.data[i]).isCloseTo(numeric, within(1e-8));
        }
    }

    @Test
    void clipGradNorm() {
        JsonNode cases = CHECKS.get("clip_grad_norm").get("cases");
        for (String name : List.of("clipped", "not_clipped")) {
            JsonNode c = cases.get(name);
            Parameter vector = new Parameter("v", 1, 3, false);
            Parameter matrix = new Parameter("m", 2, 2, true);
            vector.grad().setData(TorchReference.vector(c.get("grads_in").get(0)));
            matrix.grad().setData(TorchReference.flatten(c.get("grads_in").get(1)));
            GradientClipper clipper = new GradientClipper(c.get("max_norm").asDouble());
            double total = clipper.clip(List.of(vector, matrix));
            assertThat(total).as(name).isCloseTo(c.get("returned_total_norm").asDouble(), within(EXACT));
            assertArrayClose(vector.grad().data, TorchReference.vector(c.get("grads_out").get(0)), EXACT);
            assertArrayClose(matrix.grad().data, TorchReference.flatten(c.get("grads_out").get(1)), EXACT);
        }
    }

    @Test
    void adamWSteps() {
        JsonNode cases = CHECKS.get("adamw").get("cases");
        double[][] settings = {{0.001, 0.01}, {0.1, 0.1}, {0.1, 0.0}};
        String[] names = {"lr=0.001_wd=0.01", "lr=0.1_wd=0.1", "lr=0.1_wd=0"};
        for (int s = 0; s < names.length; s++) {
            JsonNode c = cases.get(names[s]);
            Parameter w = new Parameter("w", 1, 3, true);
            w.value().setData(TorchReference.vector(c.get("w0")));
            AdamW adamW = new AdamW(new AdamWOptions(settings[s][0], 0.9, 0.999, 1e-8, settings[s][1]), List.of(w));
            for (int t = 0; t < c.get("grads").size(); t++) {
                w.grad().setData(TorchReference.vector(c.get("grads").get(t)));
                assertThat(adamW.step()).isTrue();
                assertThat(adamW.steps()).isEqualTo(t + 1);
                // PyTorch's pow and ours may differ in the last bit: 1e-12 is ample.
                assertArrayClose(w.value().data, TorchReference.vector(c.get("w_after_each_step").get(t)), EXACT);
            }
        }
    }

    @Test
    void adamWRefusesANonFiniteStepAndChangesNothing() {
        Parameter w = new Parameter("w", 1, 2, true);
        w.value().setData(new double[] {0.5, -0.5});
        AdamW adamW = new AdamW(new AdamWOptions(0.01, 0.9, 0.999, 1e-8, 0.01), List.of(w));
        w.grad().setData(new double[] {0.1, 0.2});
        assertThat(adamW.step()).isTrue();
        double[] before = w.value().data.clone();
        double[] m = adamW.firstMoment(0).clone();
        double[] v = adamW.secondMoment(0).clone();
        w.grad().setData(new double[] {Double.NaN, 0.2});
        assertThat(adamW.step()).isFalse();
        assertThat(w.value().data).containsExactly(before);
        assertThat(adamW.firstMoment(0)).containsExactly(m);
        assertThat(adamW.secondMoment(0)).containsExactly(v);
        assertThat(adamW.steps()).isEqualTo(1);
    }

    @Test
    void dropoutStatistics() {
        JsonNode d = CHECKS.get("dropout");
        double p = d.get("p").asDouble();
        int n = d.get("n").asInt();
        double[] a = new double[n];
        Arrays.fill(a, 1.0);
        double[] mask = new double[n];
        new Dropout(p).forwardTraining(a, mask, n, new SeededRandom(d.get("seed").asLong()));
        double sum = 0.0;
        int zeros = 0;
        for (double value : a) {
            assertThat(value).isIn(0.0, 2.0);
            sum += value;
            zeros += value == 0.0 ? 1 : 0;
        }
        // Five standard deviations of the mean and of the zero fraction (torch_unit_checks.json).
        assertThat(Math.abs(sum / n - 1.0)).isLessThanOrEqualTo(0.0158);
        assertThat(Math.abs((double) zeros / n - p)).isLessThanOrEqualTo(0.007906);
    }

    @Test
    void dropoutWithPZeroIsTheIdentityAndDrawsNothing() {
        double[] a = {0.25, -3.0, 7.5};
        SeededRandom rng = new SeededRandom(11);
        new Dropout(0.0).forwardTraining(a, new double[3], 3, rng);
        assertThat(a).containsExactly(0.25, -3.0, 7.5);
        assertThat(rng.state()).isEqualTo(11L);
    }

    private static double meanCrossEntropy(JsonNode ce, double eps) {
        JsonNode logits = ce.get("logits");
        int rows = logits.size();
        int k = logits.get(0).size();
        int[] targets = new int[rows];
        for (int r = 0; r < rows; r++) {
            targets[r] = ce.get("targets").get(r).asInt();
        }
        return crossEntropy(new DMatrixRMaj(rows, k, true, TorchReference.flatten(logits)), targets, eps, new DMatrixRMaj(rows, k));
    }

    private static double crossEntropy(DMatrixRMaj logits, int[] targets, double eps, DMatrixRMaj grad) {
        int k = logits.numCols;
        DMatrixRMaj q = new DMatrixRMaj(logits.numRows, k);
        for (int r = 0; r < targets.length; r++) {
            SoftmaxCrossEntropyLoss.smoothedTarget(targets[r], k, eps, q.data, r * k);
        }
        return new SoftmaxCrossEntropyLoss().lossAndGradient(logits, q, grad);
    }

    private static void assertArrayClose(double[] actual, double[] expected, double tolerance) {
        assertThat(actual).hasSameSizeAs(expected);
        for (int i = 0; i < actual.length; i++) {
            assertThat(actual[i]).as("entry " + i).isCloseTo(expected[i], within(tolerance));
        }
    }
}
