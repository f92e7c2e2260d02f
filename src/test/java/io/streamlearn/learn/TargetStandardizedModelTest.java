package io.streamlearn.learn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.streamlearn.vector.FeatureVector;
import io.streamlearn.vector.SparseVectors;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TargetStandardizedModelTest {

    private static final int D = 3;

    private static LinearModel linear() {
        return LinearModel.create(new LinearOptions(D, 0, 0, 0,
                new LinearOptimizerOptions.Sgd(0.01, LinearOptimizerOptions.Schedule.CONSTANT, 0.25), 0, 42));
    }

    private static Mlp mlp() {
        return Mlp.create(new MlpOptions(D, new int[] {8}, 0, 0, 8, new AdamWOptions(1e-3, 0.9, 0.999, 1e-8, 0.01),
                1.0, false, false, 0, 0, 0, 42));
    }

    /** y = 1000 + 50 x0 - 20 x1 + N(0, 1), x standard normal. */
    private static double y(Random r, double[] x) {
        for (int j = 0; j < D; j++) {
            x[j] = r.nextGaussian();
        }
        return 1000 + 50 * x[0] - 20 * x[1] + r.nextGaussian();
    }

    /** The scaler is Welford's on y; the inner model learns z, predictions come back in y's scale. */
    @Test
    void learnsOnTheStandardizedTargetAndPredictsInTheOriginalScale() {
        TargetStandardizedModel m = new TargetStandardizedModel(linear());
        Random r = new Random(1);
        double[] x = new double[D];
        double sum = 0;
        double sumSq = 0;
        int n = 20_000;
        for (int i = 0; i < n; i++) {
            double y = y(r, x);
            sum += y;
            sumSq += y * y;
            m.train(FeatureVector.dense(x), y);
        }
        double mean = sum / n;
        assertThat(m.targetCount()).isEqualTo(n);
        assertThat(m.targetMean()).isCloseTo(mean, within(1e-9));
        assertThat(m.targetStd()).isCloseTo(Math.sqrt(sumSq / n - mean * mean), within(1e-6));
        double[] out = new double[1];
        double[] inner = new double[1];
        double se = 0;
        for (int i = 0; i < 1000; i++) {
            double y = y(r, x);
            m.predict(FeatureVector.dense(x), out);
            m.inner().predict(FeatureVector.dense(x), inner);
            assertThat(out[0]).isCloseTo(m.targetMean() + m.targetStd() * inner[0], within(1e-9));
            se += (y - out[0]) * (y - out[0]);
        }
        // the noise variance is 1; the constant-step SGD's excess loss is small
        assertThat(se / 1000).isLessThan(1.5);
    }

    /** Snapshot (ModelCodec tag 3) mid-stream; the restored model continues bit-identically. */
    @Test
    void restoredModelContinuesBitIdentically() {
        for (OnlineModel inner : new OnlineModel[] {linear(), mlp()}) {
            TargetStandardizedModel a = new TargetStandardizedModel(inner);
            Random r = new Random(2);
            double[] x = new double[D];
            for (int i = 0; i < 1005; i++) {
                a.train(FeatureVector.dense(x), y(r, x));
            }
            byte[] snapshot = ModelCodec.toBytes(a);
            assertThat(snapshot[4]).isEqualTo(ModelCodec.TAG_TARGET_STANDARDIZED);
            OnlineModel b = ModelCodec.fromBytes(snapshot);
            assertThat(ModelCodec.toBytes(b)).isEqualTo(snapshot);
            double[] pa = new double[1];
            double[] pb = new double[1];
            for (int i = 0; i < 1000; i++) {
                double y = y(r, x);
                a.predict(FeatureVector.dense(x), pa);
                b.predict(FeatureVector.dense(x), pb);
                assertThat(Double.doubleToRawLongBits(pb[0])).isEqualTo(Double.doubleToRawLongBits(pa[0]));
                assertThat(b.train(FeatureVector.dense(x), y).status()).isEqualTo(a.train(FeatureVector.dense(x), y).status());
            }
            assertThat(ModelCodec.toBytes(b)).isEqualTo(ModelCodec.toBytes(a));
            // the batch prediction is the per-row one, bit for bit
            double[][] rows = new double[40][D];
            double[][] batch = new double[40][1];
            for (double[] row : rows) {
                y(r, row);
            }
            a.predict(SparseVectors.dense(rows), rows.length, batch);
            for (int i = 0; i < rows.length; i++) {
                a.predict(FeatureVector.dense(rows[i]), pa);
                assertThat(Double.doubleToRawLongBits(batch[i][0])).isEqualTo(Double.doubleToRawLongBits(pa[0]));
            }
        }
    }

    /** The reason for it: on a target of scale 1000, every MLP step is clipped at norm 1; on z, few are. */
    @Test
    void anMlpOnTheStandardizedTargetIsRarelyClipped() {
        Mlp raw = mlp();
        TargetStandardizedModel scaled = new TargetStandardizedModel(mlp());
        Random r = new Random(3);
        double[] x = new double[D];
        for (int i = 0; i < 16_000; i++) {
            double y = y(r, x);
            raw.train(FeatureVector.dense(x), y);
            scaled.train(FeatureVector.dense(x), y);
        }
        assertThat(raw.updates()).isEqualTo(2000);
        assertThat(raw.clippedSteps()).isEqualTo(2000);
        assertThat(scaled.clippedSteps()).isLessThan(scaled.updates() / 2);
    }
}
