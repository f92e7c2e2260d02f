package io.streamlearn.learn.linear;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** Prox operators: exact values by hand, and the closed-form catch-up against the step-by-step loop. */
class ElasticNetProxTest {

    @Test
    void softThreshold() {
        assertThat(SoftThreshold.apply(1.5, 0.5)).isEqualTo(1.0);
        assertThat(SoftThreshold.apply(-1.5, 0.5)).isEqualTo(-1.0);
        assertThat(SoftThreshold.apply(0.25, 0.5)).isEqualTo(0.0);
        assertThat(SoftThreshold.apply(-0.25, 0.5)).isEqualTo(0.0);
        assertThat(SoftThreshold.apply(-0.25, 0.0)).isEqualTo(-0.25);
        assertThat(SoftThreshold.apply(Double.NaN, 0.5)).isNaN();
        assertThat(SoftThreshold.apply(Double.POSITIVE_INFINITY, 0.5)).isInfinite();
    }

    @Test
    void explicitAndImplicitSteps() {
        ElasticNetProx prox = new ElasticNetProx(1.0, 2.0);
        // S_{0.1}((1 - 0.2) 2) = 1.5
        assertThat(prox.explicitStep(2.0, 0.1)).isCloseTo(1.5, within(1e-15));
        // S_{0.1}(2) / (1 + 0.2) = 1.9 / 1.2
        assertThat(prox.implicitStep(2.0, 0.1)).isCloseTo(1.9 / 1.2, within(1e-15));
    }

    /** n implicit steps in closed form equal n steps one by one, to 1e-13 relative, through the zero crossing. */
    @Test
    void implicitStepsMatchTheLoop() {
        for (double l2 : new double[] {0.0, 0.3}) {
            ElasticNetProx prox = new ElasticNetProx(0.01, l2);
            for (double w0 : new double[] {0.8, -0.8}) {
                double w = w0;
                for (int n = 1; n <= 2000; n++) {
                    w = prox.implicitStep(w, 0.05);
                    assertThat(prox.implicitSteps(w0, 0.05, n)).as("l2 %s, n %d", l2, n)
                            .isCloseTo(w, within(1e-13 * Math.abs(w0)));
                }
                assertThat(w).as("reaches 0 exactly").isEqualTo(0.0);
            }
        }
    }

    /** The ledger's closed form equals the explicit steps one by one with a varying step size. */
    @Test
    void ledgerMatchesTheLoop() {
        ElasticNetProx prox = new ElasticNetProx(0.002, 0.5);
        PenaltyLedger ledger = new PenaltyLedger(1);
        double w0 = -0.9;
        double w = w0;
        for (int t = 1; t <= 3000; t++) {
            double eta = 0.1 / Math.pow(t, 0.25);
            w = prox.explicitStep(w, eta);
            ledger.advance(prox.shrink(eta), prox.threshold(eta));
            assertThat(ledger.caughtUp(w0, 0)).as("t %d", t).isCloseTo(w, within(1e-13));
        }
        assertThat(w).isEqualTo(0.0);
        assertThat(ledger.caughtUp(w0, 0)).isEqualTo(0.0);
    }
}
