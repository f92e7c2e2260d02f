package io.streamlearn.learn;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamlearn.vector.FeatureVector;
import io.streamlearn.vector.SparseVectors;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A linear model's batch prediction (the reservoirs' scoring; FTRL computes each weight once for
 * all rows) gives the bits of one {@code predict} per row, for every optimizer, regression and
 * softmax, with zero features (which the dense scores skip) among the rows.
 */
class LinearBatchPredictTest {

    private static final int D = 6;

    @Test
    void batchPredictionIsBitIdenticalToOnePredictPerRow() {
        LinearOptimizerOptions[] optimizers = {
            new LinearOptimizerOptions.Ftrl(0.2, 1.0),
            new LinearOptimizerOptions.Sgd(0.01, LinearOptimizerOptions.Schedule.INVSCALING, 0.25),
            new LinearOptimizerOptions.Rda(1.0),
        };
        for (LinearOptimizerOptions optimizer : optimizers) {
            for (int classes : new int[] {0, 2, 3}) {
                for (double l1 : new double[] {0.0, 0.05}) {
                    check(LinearModel.create(new LinearOptions(D, classes, l1, 0.01, optimizer, 0.0, 3L)), classes);
                }
            }
        }
    }

    private static void check(LinearModel model, int classes) {
        Random random = new Random(11);
        int n = 257;
        double[][] xs = new double[n][D];
        for (int i = 0; i < 2000 + n; i++) {
            double[] x = new double[D];
            for (int j = 0; j < D; j++) {
                x[j] = random.nextInt(5) == 0 ? 0.0 : random.nextGaussian() * (j + 1);
            }
            if (i < 2000) {
                model.train(FeatureVector.dense(x), classes == 0 ? x[0] - 3 * x[2] + random.nextGaussian() : random.nextInt(classes));
            } else {
                xs[i - 2000] = x;
            }
        }
        int outputs = classes == 0 ? 1 : classes;
        double[][] batch = new double[n][outputs];
        model.predict(SparseVectors.dense(xs), n, batch);
        double[] one = new double[outputs];
        for (int i = 0; i < n; i++) {
            model.predict(FeatureVector.dense(xs[i]), one);
            for (int k = 0; k < outputs; k++) {
                assertThat(Double.doubleToRawLongBits(batch[i][k])).as("row %d output %d", i, k)
                        .isEqualTo(Double.doubleToRawLongBits(one[k]));
            }
        }
        // a batch with sparse rows (every third) is scored row by row: the per-row values, bit for bit
        FeatureVector[] mixed = SparseVectors.dense(xs);
        for (int i = 0; i < n; i += 3) {
            mixed[i] = SparseVectors.nonZerosOf(xs[i]);
        }
        double[][] mixedBatch = new double[n][outputs];
        model.predict(mixed, n, mixedBatch);
        for (int i = 0; i < n; i++) {
            model.predict(mixed[i], one);
            for (int k = 0; k < outputs; k++) {
                assertThat(Double.doubleToRawLongBits(mixedBatch[i][k])).as("mixed row %d output %d", i, k)
                        .isEqualTo(Double.doubleToRawLongBits(one[k]));
            }
        }
    }
}
