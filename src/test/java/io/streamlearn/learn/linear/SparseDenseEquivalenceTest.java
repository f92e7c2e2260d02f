package io.streamlearn.learn.linear;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.streamlearn.learn.LinearModel;
import io.streamlearn.learn.LinearOptimizerOptions.Schedule;
import io.streamlearn.learn.LinearOptimizerOptions;
import io.streamlearn.learn.LinearOptions;
import io.streamlearn.learn.SeededRandom;
import io.streamlearn.vector.FeatureVector;
import io.streamlearn.vector.SparseVectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A sparse step touches only the nonzero features and the penalty steps skipped by the others are caught
 * up lazily; the result must equal the dense path, which applies every penalty step to every weight:
 * weights, intercepts and predictions agree to 1e-12 absolute (weights are of order 1).
 */
class SparseDenseEquivalenceTest {

    private static final double TOLERANCE = 1e-12;
    private static final int DIMENSION = 40;
    private static final int RECORDS = 6000;

    static Stream<Arguments> settings() {
        LinearOptimizerOptions constant = new LinearOptimizerOptions.Sgd(0.02, Schedule.CONSTANT, 0);
        LinearOptimizerOptions invscaling = new LinearOptimizerOptions.Sgd(0.05, Schedule.INVSCALING, 0.25);
        return Stream.of(
                Arguments.of("l1 constant", 0, 0.01, 0.0, constant),
                Arguments.of("l2 constant", 0, 0.0, 0.05, constant),
                Arguments.of("elastic net constant", 0, 0.01, 0.05, constant),
                Arguments.of("l1 invscaling", 0, 0.01, 0.0, invscaling),
                Arguments.of("l2 invscaling", 0, 0.0, 0.05, invscaling),
                Arguments.of("elastic net invscaling", 0, 0.01, 0.05, invscaling),
                // shrink 0.95 per step: the ledger's scale underflows past 1e-100 and resets many times
                Arguments.of("strong l2, ledger resets", 0, 0.001, 0.5, new LinearOptimizerOptions.Sgd(0.1, Schedule.CONSTANT, 0)),
                Arguments.of("elastic net adagrad", 0, 0.01, 0.05, new LinearOptimizerOptions.Sgd(0.1, Schedule.ADAGRAD, 0)),
                Arguments.of("l1 adagrad", 0, 0.01, 0.0, new LinearOptimizerOptions.Sgd(0.1, Schedule.ADAGRAD, 0)),
                Arguments.of("elastic net ftrl", 0, 0.01, 0.05, new LinearOptimizerOptions.Ftrl(0.1, 1.0)),
                Arguments.of("elastic net rda", 0, 0.01, 0.05, new LinearOptimizerOptions.Rda(5.0)),
                Arguments.of("logistic elastic net invscaling", 2, 0.005, 0.01, invscaling),
                Arguments.of("softmax elastic net constant", 4, 0.005, 0.01, constant),
                Arguments.of("softmax elastic net adagrad", 3, 0.005, 0.01, new LinearOptimizerOptions.Sgd(0.1, Schedule.ADAGRAD, 0)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("settings")
    void sparseEqualsDense(String name, int classes, double l1, double l2, LinearOptimizerOptions optimizer) {
        assertSparseEqualsDense(classes, l1, l2, optimizer, RECORDS);
    }

    /** Past 2^16 sparse steps the ledger starts a new epoch even when its scale has not underflowed. */
    @Test
    void sparseEqualsDenseAcrossLedgerEpochs() {
        assertSparseEqualsDense(0, 0.001, 0.0, new LinearOptimizerOptions.Sgd(0.01, Schedule.INVSCALING, 0.25), 70_000);
    }

    private static void assertSparseEqualsDense(int classes, double l1, double l2, LinearOptimizerOptions optimizer, int records) {
        LinearOptions options = new LinearOptions(DIMENSION, classes, l1, l2, optimizer, 0.0, 7L);
        LinearModel dense = LinearModel.create(options);
        LinearModel sparse = LinearModel.create(options);
        LinearModel mixed = LinearModel.create(options);
        SeededRandom random = new SeededRandom(11);
        double[] truth = new double[DIMENSION];
        for (int j = 0; j < DIMENSION; j += 3) {
            truth[j] = random.nextGaussian();
        }
        double[] x = new double[DIMENSION];
        int[] indices = new int[DIMENSION];
        double[] values = new double[DIMENSION];
        double[] denseOut = new double[dense.outputDimension()];
        double[] sparseOut = new double[dense.outputDimension()];
        FeatureVector sparseX = FeatureVector.sparse(DIMENSION, DIMENSION);
        for (int r = 0; r < records; r++) {
            int nnz = 0;
            double score = 0;
            for (int j = 0; j < DIMENSION; j++) {
                // about 15% of the features are nonzero; some records are empty
                x[j] = random.nextDouble() < 0.15 ? random.nextGaussian() : 0.0;
                if (x[j] != 0.0) {
                    indices[nnz] = j;
                    values[nnz++] = x[j];
                }
                score += truth[j] * x[j];
            }
            double label = classes == 0
                    ? score + 0.5 + 0.1 * random.nextGaussian()
                    : Math.floorMod((int) Math.floor(2 * score), classes);
            dense.predict(FeatureVector.dense(x), denseOut);
            SparseVectors.fill(sparseX, indices, values, nnz);
            sparse.predict(sparseX, sparseOut);
            for (int k = 0; k < denseOut.length; k++) {
                assertThat(sparseOut[k]).as("prediction %d before record %d", k, r).isCloseTo(denseOut[k], within(TOLERANCE));
            }
            assertThat(dense.train(FeatureVector.dense(x), label).rejected()).isFalse();
            assertThat(sparse.train(sparseX, label).rejected()).isFalse();
            // alternate the paths on one model: a dense step after sparse ones catches every weight up
            boolean stepDense = (r / 7) % 2 == 0;
            assertThat((stepDense ? mixed.train(FeatureVector.dense(x), label) : mixed.train(sparseX, label)).rejected())
                    .isFalse();
        }
        assertSameParameters(sparse, dense);
        assertSameParameters(mixed, dense);
        assertThat(sparse.updates()).isEqualTo(records);
        assertThat(dense.nonZeroWeights()).isPositive();
        if (classes == 0 && l1 >= 0.01 && !(optimizer instanceof LinearOptimizerOptions.Rda)) {
            assertThat(dense.nonZeroWeights()).as("l1 leaves exact zeros").isLessThan(dense.weightCount());
        }
    }

    private static void assertSameParameters(LinearModel actual, LinearModel expected) {
        for (int k = 0; k < expected.rows(); k++) {
            double[] w = actual.weights(k);
            double[] v = expected.weights(k);
            for (int j = 0; j < DIMENSION; j++) {
                assertThat(w[j]).as("w[%d][%d]", k, j).isCloseTo(v[j], within(TOLERANCE));
            }
            assertThat(actual.intercept(k)).isCloseTo(expected.intercept(k), within(TOLERANCE));
        }
        assertThat(actual.nonZeroWeights()).isEqualTo(expected.nonZeroWeights());
    }
}
