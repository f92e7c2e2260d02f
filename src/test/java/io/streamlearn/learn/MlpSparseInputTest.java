package io.streamlearn.learn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.streamlearn.vector.FeatureVector;
import io.streamlearn.vector.SparseVectors;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The MLP on sparse vectors. Prediction through the sparse first layer is, bit for bit, prediction
 * on the dense copy: it sums x_k W[j][k] over the nonzero columns in increasing column order from
 * 0.0, as the dense product sums every column in that order; the products it leaves out are exact
 * zeros, and adding a zero changes no sum (at most the sign of an exact zero result). Under options
 * that make the first layer's input dense (noise, mixup, weight normalization) a sparse example
 * trains as its dense copy, bit for bit. Otherwise a batch of sparse examples is stepped sparse
 * (lazy first layer, MlpSparseAdamTest has its reference trajectory): its reads agree, bit for bit,
 * with those of the same model after every owed decay is caught up, and a dense batch catches up first.
 */
class MlpSparseInputTest {

    private static final AdamWOptions ADAMW = new AdamWOptions(0.01, 0.9, 0.999, 1e-8, 0.01);
    private static final int D = 30;

    @ParameterizedTest(name = "classes {0}, hidden {1}, layerNorm {2}, weightNorm {3}, dropout {4}, noise {5}, mixup {6}")
    @CsvSource({
        "0, 16, false, false, 0.0, 0.1, 0.0", // noise
        "0, 1, false, false, 0.0, 0.0, 0.4", // mixup; one hidden unit: the one-output product
        "3, 8, true, true, 0.2, 0.1, 0.0",
        "2, 5, false, true, 0.1, 0.0, 0.0", // weight normalization
    })
    void sparseInputPredictsAndTrainsAsItsDenseCopyUnderDenseOptions(int classes, int hidden, boolean layerNorm,
            boolean weightNorm, double dropout, double noise, double mixup) {
        MlpOptions options = new MlpOptions(D, new int[] {hidden, 4}, classes, dropout, 8, ADAMW, 1.0, layerNorm,
                weightNorm, 0.0, noise, mixup, 3L);
        Mlp dense = Mlp.create(options);
        Mlp sparse = Mlp.create(options);
        Random random = new Random(17);
        int outputs = dense.outputDimension();
        double[] denseOut = new double[outputs];
        double[] sparseOut = new double[outputs];
        FeatureVector[] batch = new FeatureVector[20];
        for (int r = 0; r < 400; r++) {
            double[] row = randomRow(random);
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

    @ParameterizedTest(name = "classes {0}, layerNorm {1}, dropout {2}, weight decay {3}")
    @CsvSource({
        "0, false, 0.0, 0.01",
        "3, true, 0.2, 0.3",
        "2, false, 0.1, 0.0",
    })
    void aModelTrainedSparseReadsAsItsCaughtUpCopyAndCatchesUpBeforeADenseStep(int classes, boolean layerNorm,
            double dropout, double weightDecay) {
        MlpOptions options = new MlpOptions(D, new int[] {6, 4}, classes, dropout, 8,
                new AdamWOptions(0.01, 0.9, 0.999, 1e-8, weightDecay), 1.0, layerNorm, false, 0.0, 0.0, 0.0, 3L);
        Mlp lazy = Mlp.create(options);
        Random random = new Random(29);
        for (int r = 0; r < 8 * 12; r++) {
            double[] row = randomRow(random);
            lazy.train(SparseVectors.nonZerosOf(row), classes == 0 ? row[1] + 0.5 : random.nextInt(classes));
        }
        assertThat(lazy.updates()).isEqualTo(12);
        assertThat(ModelCodec.toBytes(lazy)[5]).as("payload version").isEqualTo((byte) 2);
        Mlp caughtUp = (Mlp) ModelCodec.copy(lazy);
        caughtUp.setParameters(lazy.parameters()); // stores every column's owed decay
        assertThat(ModelCodec.toBytes(caughtUp)[5]).as("payload version of the caught-up copy").isEqualTo((byte) 1);
        assertThat(caughtUp.parameters()).isDeepEqualTo(lazy.parameters());
        assertThat(lazy.weightsL1()).isEqualTo(caughtUp.weightsL1());
        assertThat(lazy.weightsL2()).isEqualTo(caughtUp.weightsL2());
        assertThat(lazy.nonZeroWeights()).isEqualTo(caughtUp.nonZeroWeights());

        int outputs = lazy.outputDimension();
        FeatureVector[] rows = new FeatureVector[20];
        for (int i = 0; i < rows.length; i++) {
            double[] row = randomRow(random);
            rows[i] = SparseVectors.nonZerosOf(row);
            double[] expected = new double[outputs];
            caughtUp.predict(FeatureVector.dense(row), expected);
            double[] out = new double[outputs];
            lazy.predict(rows[i], out);
            assertThat(out).as("row %d sparse", i).containsExactly(expected);
            lazy.predict(FeatureVector.dense(row), out);
            assertThat(out).as("row %d dense", i).containsExactly(expected);
        }
        double[][] scored = new double[rows.length][outputs];
        lazy.predict(SparseVectors.dense(dense(rows)), rows.length, scored);
        for (int i = 0; i < rows.length; i++) {
            double[] expected = new double[outputs];
            caughtUp.predict(rows[i], expected);
            assertThat(scored[i]).as("dense batch row %d", i).containsExactly(expected);
        }

        // a batch with a dense row takes the dense step after catching up: the same step as the copy's
        for (int r = 0; r < 8; r++) {
            double[] row = randomRow(random);
            double label = classes == 0 ? row[1] : random.nextInt(classes);
            FeatureVector x = r == 3 ? FeatureVector.dense(row) : SparseVectors.nonZerosOf(row);
            lazy.train(x, label);
            caughtUp.train(x, label);
        }
        assertThat(lazy.updates()).isEqualTo(13);
        assertThat(ModelCodec.toBytes(lazy)).isEqualTo(ModelCodec.toBytes(caughtUp));
    }

    @ParameterizedTest(name = "classes {0}")
    @CsvSource({"0", "3"})
    void theFirstSparseStepHasTheDenseLossAndGradientNorm(int classes) {
        MlpOptions options = new MlpOptions(D, new int[] {7}, classes, 0.2, 8, ADAMW, 0.0, false, false, 0.1, 0.0,
                0.0, 5L);
        Mlp sparse = Mlp.create(options);
        Mlp dense = Mlp.create(options);
        Random random = new Random(31);
        for (int r = 0; r < 8; r++) {
            double[] row = randomRow(random);
            double label = classes == 0 ? row[2] : random.nextInt(classes);
            sparse.train(SparseVectors.nonZerosOf(row), label);
            dense.train(FeatureVector.dense(row), label);
        }
        // the same forward pass (the same products, dropout masks from the same draws): the same loss
        assertThat(sparse.lastLoss()).isEqualTo(dense.lastLoss());
        // the norm over the touched columns is the dense norm, summed in another order
        assertThat(sparse.lastGradientNorm()).isCloseTo(dense.lastGradientNorm(),
                within(1e-14 * dense.lastGradientNorm()));
    }

    @org.junit.jupiter.api.Test
    void aNonFiniteSparseStepIsRejectedAndLeavesTheModelUnchanged() {
        MlpOptions options = new MlpOptions(D, new int[] {5}, 0, 0.0, 4, ADAMW, 1.0, false, false, 0.0, 0.0, 0.0, 9L);
        Mlp mlp = Mlp.create(options);
        Random random = new Random(37);
        for (int r = 0; r < 12; r++) {
            double[] row = randomRow(random);
            mlp.train(SparseVectors.nonZerosOf(row), row[0]);
        }
        double[][] before = mlp.parameters();
        long updates = mlp.updates();
        for (int r = 0; r < 4; r++) {
            double[] row = randomRow(random);
            row[r] = r == 2 ? 1e300 : 1.0;
            TrainResult result = mlp.train(SparseVectors.nonZerosOf(row), 1.0);
            assertThat(result.rejected()).isEqualTo(r == 3);
        }
        assertThat(mlp.rejectedSteps()).isEqualTo(1);
        assertThat(mlp.updates()).isEqualTo(updates);
        assertThat(mlp.parameters()).isDeepEqualTo(before);
    }

    private static double[] randomRow(Random random) {
        double[] row = new double[D];
        for (int j = 0; j < D; j++) {
            row[j] = random.nextInt(8) == 0 ? random.nextGaussian() : 0.0;
        }
        return row;
    }

    private static double[][] dense(FeatureVector[] rows) {
        double[][] out = new double[rows.length][D];
        for (int i = 0; i < rows.length; i++) {
            rows[i].toDense(out[i]);
        }
        return out;
    }
}
