package io.streamlearn.learn;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamlearn.vector.FeatureVector;
import io.streamlearn.vector.SparseVectors;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The MLP on a sparse vector predicts and trains as on its dense copy. Tolerance: none, bit for
 * bit. The sparse first layer sums x_k W[j][k] over the nonzero columns in increasing column order
 * from 0.0, as the dense product sums every column in that order; the products it leaves out are
 * exact zeros, and adding a zero changes no sum (at most the sign of an exact zero result). Training
 * writes a sparse example into the batch as its dense copy.
 */
class MlpSparseInputTest {

    private static final AdamWOptions ADAMW = new AdamWOptions(0.01, 0.9, 0.999, 1e-8, 0.01);
    private static final int D = 30;

    @ParameterizedTest(name = "classes {0}, hidden {1}, layerNorm {2}, weightNorm {3}, dropout {4}, noise {5}")
    @CsvSource({
        "0, 16, false, false, 0.0, 0.0",
        "0, 1, false, false, 0.0, 0.0", // one hidden unit: the one-output product
        "3, 8, true, true, 0.2, 0.1",
        "2, 5, false, true, 0.1, 0.0",
    })
    void sparseInputPredictsAndTrainsAsItsDenseCopy(int classes, int hidden, boolean layerNorm, boolean weightNorm,
                                                   double dropout, double noise) {
        MlpOptions options = new MlpOptions(D, new int[] {hidden, 4}, classes, dropout, 8, ADAMW, 1.0, layerNorm,
                weightNorm, 0.0, noise, 0.0, 3L);
        Mlp dense = Mlp.create(options);
        Mlp sparse = Mlp.create(options);
        Random random = new Random(17);
        int outputs = dense.outputDimension();
        double[] denseOut = new double[outputs];
        double[] sparseOut = new double[outputs];
        FeatureVector[] batch = new FeatureVector[20];
        for (int r = 0; r < 400; r++) {
            double[] row = new double[D];
            for (int j = 0; j < D; j++) {
                row[j] = random.nextInt(8) == 0 ? random.nextGaussian() : 0.0;
            }
            FeatureVector x = SparseVectors.nonZerosOf(row);
            dense.predict(FeatureVector.dense(row), denseOut);
            sparse.predict(x, sparseOut);
            for (int k = 0; k < outputs; k++) {
                assertThat(sparseOut[k]).as("record %d output %d", r, k).isEqualTo(denseOut[k]);
            }
            double label = classes == 0 ? row[0] - row[5] + 0.5 : random.nextInt(classes);
            assertThat(sparse.train(x, label).status()).isEqualTo(dense.train(FeatureVector.dense(row), label).status());
            batch[r % batch.length] = x;
        }
        assertThat(dense.updates()).isEqualTo(400 / 8);
        assertThat(ModelCodec.toBytes(sparse)).as("parameters, moments, batch and random state")
                .isEqualTo(ModelCodec.toBytes(dense));
        // the batch prediction on sparse rows is the per-row one
        double[][] scored = new double[batch.length][outputs];
        sparse.predict(batch, batch.length, scored);
        for (int i = 0; i < batch.length; i++) {
            double[] denseRow = new double[D];
            batch[i].toDense(denseRow);
            dense.predict(FeatureVector.dense(denseRow), denseOut);
            assertThat(scored[i]).as("batch row %d", i).containsExactly(denseOut);
        }
    }
}
