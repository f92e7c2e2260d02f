package io.streamlearn.learn.mlp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.streamlearn.learn.SeededRandom;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;

/** Gamma and Beta sampling (moments within 5 standard errors) and the batch mixing itself. */
class MixupTest {

    private static final int N = 40_000;

    @Test
    void gammaHasMeanAndVarianceShape() {
        for (double shape : new double[] {0.4, 1.0, 2.5}) {
            SeededRandom rng = new SeededRandom(17);
            double sum = 0;
            double sumSq = 0;
            for (int i = 0; i < N; i++) {
                double g = Mixup.gamma(shape, rng);
                assertThat(g).isPositive();
                sum += g;
                sumSq += g * g;
            }
            double mean = sum / N;
            double variance = sumSq / N - mean * mean;
            // Gamma(k, 1): mean k, variance k; the standard error of the mean is sqrt(k / N).
            assertThat(mean).as("shape " + shape).isCloseTo(shape, within(5 * Math.sqrt(shape / N)));
            assertThat(variance).as("shape " + shape).isCloseTo(shape, within(0.05 * shape + 0.02));
        }
    }

    @Test
    void betaHasMeanAndVariance() {
        double alpha = 0.4;
        SeededRandom rng = new SeededRandom(23);
        double sum = 0;
        double sumSq = 0;
        for (int i = 0; i < N; i++) {
            double b = Mixup.beta(alpha, alpha, rng);
            assertThat(b).isBetween(0.0, 1.0);
            sum += b;
            sumSq += b * b;
        }
        double mean = sum / N;
        double variance = sumSq / N - mean * mean;
        double expectedVariance = 1.0 / (4 * (2 * alpha + 1)); // Beta(a, a): 1 / (4 (2a + 1))
        assertThat(mean).isCloseTo(0.5, within(5 * Math.sqrt(expectedVariance / N)));
        assertThat(variance).isCloseTo(expectedVariance, within(0.01));
    }

    @Test
    void mixesRowsAndTargetsWithTheSamePartner() {
        int rows = 6;
        DMatrixRMaj x = new DMatrixRMaj(rows, 2);
        DMatrixRMaj t = new DMatrixRMaj(rows, 1);
        for (int r = 0; r < rows; r++) {
            x.set(r, 0, r);
            x.set(r, 1, 10 * r);
            t.set(r, 0, 100 * r);
        }
        DMatrixRMaj original = x.copy();
        int[] permutation = new int[rows];
        double lambda = new Mixup(0.4).mix(x, t, new DMatrixRMaj(rows, 2), new DMatrixRMaj(rows, 1),
                permutation, new SeededRandom(3));
        assertThat(lambda).isBetween(0.0, 1.0);
        assertThat(permutation).containsExactlyInAnyOrder(0, 1, 2, 3, 4, 5);
        for (int r = 0; r < rows; r++) {
            int p = permutation[r];
            assertThat(x.get(r, 0)).isCloseTo(lambda * original.get(r, 0) + (1 - lambda) * original.get(p, 0), within(1e-12));
            assertThat(x.get(r, 1)).isCloseTo(lambda * original.get(r, 1) + (1 - lambda) * original.get(p, 1), within(1e-12));
            assertThat(t.get(r, 0)).isCloseTo(lambda * 100 * r + (1 - lambda) * 100 * p, within(1e-9));
        }
    }
}
