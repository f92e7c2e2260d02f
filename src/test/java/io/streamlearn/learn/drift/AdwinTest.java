package io.streamlearn.learn.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * ADWIN2 against the definitions of Bifet and Gavaldà (SDM 2007): the exponential histogram
 * (buckets of 2^r values, at most M per row, totals and variances exact), the ε_cut formula, the
 * false positive bound of Theorem 3.1 (at most δ per step while the mean is constant), and the
 * detection of an abrupt change like the paper's experiments (a Bernoulli stream whose mean jumps).
 */
class AdwinTest {

    private static final double DELTA = 0.002;

    /** With no checks, the histogram holds every value: width, total and variance are the exact ones. */
    @Test
    void histogramKeepsExactTotalsAndVarianceInLogarithmicMemory() {
        Adwin a = new Adwin(DELTA, Integer.MAX_VALUE);
        Random random = new Random(3);
        int n = 100_000;
        double sum = 0;
        double[] xs = new double[n];
        for (int i = 0; i < n; i++) {
            xs[i] = random.nextGaussian() * 2 + 5;
            sum += xs[i];
            a.update(xs[i]);
            for (int r = 0; r < a.rows(); r++) {
                assertThat(a.rowSize(r)).isBetween(1, Adwin.M);
            }
        }
        double mean = sum / n;
        double ss = 0;
        for (double x : xs) {
            ss += (x - mean) * (x - mean);
        }
        assertThat(a.width()).isEqualTo(n);
        assertThat(a.mean()).isCloseTo(mean, within(1e-9));
        assertThat(a.windowVariance()).isCloseTo(ss / n, within(1e-9));
        // O(M log(W / M)) buckets: rows up to log2(W / M) + 1, at most M buckets each
        int maxRows = (int) Math.floor(Math.log((double) n / Adwin.M) / Math.log(2)) + 2;
        assertThat(a.rows()).isLessThanOrEqualTo(maxRows);
        assertThat(a.buckets()).isLessThanOrEqualTo(Adwin.M * maxRows);
    }

    /** ε_cut = sqrt(2/m σ² ln(2/δ')) + 2/(3m) ln(2/δ'), m = 1/(1/n0 + 1/n1), δ' = δ / ln n, by hand. */
    @Test
    void epsCutIsThePapersFormula() {
        long n0 = 300;
        long n1 = 100;
        double sigma2 = 0.16;
        double m = 1.0 / (1.0 / 300 + 1.0 / 100); // 75
        double deltaPrime = DELTA / Math.log(400);
        double l = Math.log(2 / deltaPrime);
        double expected = Math.sqrt(2 / m * sigma2 * l) + 2 / (3 * m) * l;
        assertThat(Adwin.epsCutForDelta(n0, n1, sigma2, DELTA)).isCloseTo(expected, within(1e-15));
        // the numbers: ln(400) = 5.991, δ' = 3.338e-4, ln(2/δ') = 8.6981, ε = 0.1926 + 0.0773
        assertThat(l).isCloseTo(8.6981, within(1e-4));
        assertThat(expected).isCloseTo(0.2700, within(1e-4));
    }

    /**
     * The paper's setting: a Bernoulli stream whose mean jumps from 0.2 to 0.8 (and back); the jump up
     * is detected within a few clock periods, the jump down shrinks the window but is no drift.
     */
    @Test
    void detectsAnAbruptIncreaseAndShrinksOnADecrease() {
        for (long seed = 1; seed <= 5; seed++) {
            Random random = new Random(seed);
            Adwin a = new Adwin(DELTA, 32);
            long detectedAt = -1;
            for (int i = 0; i < 4000; i++) {
                double mu = i < 2000 ? 0.2 : 0.8;
                boolean drift = a.update(random.nextDouble() < mu ? 1 : 0);
                if (drift) {
                    assertThat(i).as("seed " + seed + ": no drift before the change").isGreaterThanOrEqualTo(2000);
                    if (detectedAt < 0) {
                        detectedAt = i;
                    }
                }
            }
            assertThat(detectedAt - 2000).as("seed " + seed + " delay").isBetween(0L, 128L);
            assertThat(a.width()).as("the old regime is dropped").isLessThan(2100);
            long shrinksBefore = a.shrinks();
            for (int i = 0; i < 4000; i++) {
                assertThat(a.update(random.nextDouble() < 0.2 ? 1 : 0)).as("a decrease is no drift").isFalse();
            }
            assertThat(a.shrinks()).as("but it shrinks the window").isGreaterThan(shrinksBefore);
        }
    }

    /**
     * Theorem 3.1 (1): while the mean is constant, ADWIN shrinks the window at a step with
     * probability at most δ, so over N steps the expected number of false cuts is at most δ N.
     * Checked at every step (clock 1, the paper's algorithm) on 100,000 stationary values of
     * several distributions and seeds; the counts are printed.
     */
    @Test
    void falseAlarmsOnAStationaryStreamStayUnderDeltaTimesN() {
        int n = 100_000;
        double bound = DELTA * n;
        double[] mus = {0.1, 0.3, 0.5};
        for (double mu : mus) {
            for (long seed = 1; seed <= 3; seed++) {
                Random random = new Random(seed);
                Adwin a = new Adwin(DELTA, 1);
                long drifts = 0;
                for (int i = 0; i < n; i++) {
                    if (a.update(random.nextDouble() < mu ? 1 : 0)) {
                        drifts++;
                    }
                }
                System.out.printf("adwin stationary bernoulli(%.1f) seed %d: %d cuts (%d drifts) in %d values, "
                        + "bound delta*N = %.0f%n", mu, seed, a.shrinks(), drifts, n, bound);
                assertThat((double) a.shrinks()).isLessThanOrEqualTo(bound);
            }
        }
    }

    @Test
    void restoredDetectorContinuesBitIdentically() throws IOException {
        Random random = new Random(9);
        Adwin a = new Adwin(DELTA, 32);
        for (int i = 0; i < 5000; i++) {
            a.update(random.nextGaussian() + (i > 3000 ? 2 : 0));
        }
        byte[] state = bytes(a);
        DriftDetector b = DriftDetector.readFrom(new DataInputStream(new ByteArrayInputStream(state)));
        assertThat(bytes(b)).isEqualTo(state);
        for (int i = 0; i < 5000; i++) {
            double x = random.nextGaussian() + (i > 2000 ? 4 : 0);
            assertThat(b.update(x)).isEqualTo(a.update(x));
        }
        assertThat(bytes(b)).isEqualTo(bytes(a));
        assertThat(((Adwin) b).shrinks()).isEqualTo(a.shrinks()).isPositive();
    }

    static byte[] bytes(DriftDetector d) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (DataOutputStream data = new DataOutputStream(out)) {
            d.writeTo(data);
        }
        return out.toByteArray();
    }
}
