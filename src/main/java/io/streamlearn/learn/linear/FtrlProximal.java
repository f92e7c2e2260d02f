package io.streamlearn.learn.linear;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * FTRL-Proximal with per-coordinate learning rates (McMahan et al., "Ad Click Prediction: a View from
 * the Trenches", KDD 2013, Algorithm 1). Per weight it keeps z and n; the weight is a function of them:
 * w = 0 if |z| <= lambda1, else w = -(z - sign(z) lambda1) / ((beta + sqrt(n)) / alpha + lambda2).
 * A step with gradient g at the current w: sigma = (sqrt(n + g^2) - sqrt(n)) / alpha;
 * z <- z + g - sigma w; n <- n + g^2. The intercept follows the same rule with lambda1 = lambda2 = 0.
 *
 * <p>Regularization: the paper minimizes sum_s loss_s + lambda1 ||w||_1 + (lambda2/2) ||w||^2 over all
 * records seen, while streamlearn's objective is the mean loss + l1 ||w||_1 + (l2/2) ||w||^2. After t
 * steps the two agree (up to the factor t) with lambda1 = t l1 and lambda2 = t l2, so the penalty
 * grows with the step counter. The weights follow from (z, n, t) and a coordinate whose gradient is 0
 * keeps its z and n, so a sparse step touches only its features and needs no catch-up.
 *
 * <p>Defaults in the paper's spirit: beta = 1 ("beta = 1 is usually good enough"); alpha depends on the
 * scale of the features and must be tuned.
 */
public final class FtrlProximal extends LinearOptimizer {

    /** McMahan et al. (2013), section 3.1: "beta = 1 is usually good enough". */
    public static final double DEFAULT_BETA = 1.0;

    /** State arrays, per weight and per intercept alike: z and n. */
    private static final int Z = 0;
    private static final int N = 1;

    private final double alpha;
    private final double beta;
    private final double l1;
    private final double l2;
    /** lambda1 = t l1 and lambda2 = t l2 at the step being taken ({@link #beforeStep}). */
    private double lambda1;
    private double lambda2;

    public FtrlProximal(int rows, int dimension, double alpha, double beta, ElasticNetProx penalty) {
        super(rows, dimension, 2, 2);
        if (!(alpha > 0) || !(beta >= 0) || Double.isInfinite(alpha) || Double.isInfinite(beta)) {
            throw new IllegalArgumentException("FTRL needs alpha > 0 and beta >= 0, got " + alpha + ", " + beta);
        }
        this.alpha = alpha;
        this.beta = beta;
        this.l1 = penalty.l1();
        this.l2 = penalty.l2();
    }

    /** w(z, n) = 0 if |z| <= lambda1, else -(z - sign(z) lambda1) / ((beta + sqrt(n)) / alpha + lambda2). */
    private double weightOf(double zi, double ni, double lambda1, double lambda2) {
        if (Math.abs(zi) <= lambda1) {
            return 0.0;
        }
        return -(zi - Math.copySign(lambda1, zi)) / ((beta + Math.sqrt(ni)) / alpha + lambda2);
    }

    /**
     * sigma = (sqrt(n + g^2) - sqrt(n)) / alpha = 1/eta_t - 1/eta_{t-1}, the growth of the coordinate's
     * inverse learning rate; its step is z <- z + g - sigma w.
     */
    private double sigma(double ni, double nNext) {
        return (Math.sqrt(nNext) - Math.sqrt(ni)) / alpha;
    }

    @Override
    public double weight(int row, int feature) {
        int at = row * dimension + feature;
        return weightOf(state[Z][at], state[N][at], steps * l1, steps * l2);
    }

    @Override
    public double intercept(int row) {
        return weightOf(interceptState[Z][row], interceptState[N][row], 0.0, 0.0);
    }

    @Override
    public void scores(double[] x, double[] scores) {
        double lambda1 = steps * l1;
        double lambda2 = steps * l2;
        double[] z = state[Z];
        double[] n = state[N];
        for (int k = 0; k < rows; k++) {
            int offset = k * dimension;
            double s = intercept(k);
            for (int j = 0; j < dimension; j++) {
                if (x[j] != 0) {
                    s += weightOf(z[offset + j], n[offset + j], lambda1, lambda2) * x[j];
                }
            }
            scores[k] = s;
        }
    }

    @Override
    protected void beforeStep() {
        lambda1 = steps * l1;
        lambda2 = steps * l2;
    }

    /**
     * With g = g_k x_j and w = w(z, n) at the current lambdas: z <- z + g - sigma w; n <- n + g^2.
     * A coordinate with x_j = 0 has g = 0 and keeps its z and n.
     */
    @Override
    protected double update(int feature, int at, double x, double g, double[][] out, int o) {
        double zi = state[Z][at];
        double ni = state[N][at];
        double check = 0;
        if (x != 0) {
            double gradient = g * x;
            double w = weightOf(zi, ni, lambda1, lambda2);
            double nNext = ni + gradient * gradient;
            zi += gradient - sigma(ni, nNext) * w;
            ni = nNext;
            check = nonFinite(zi) + nonFinite(ni);
        }
        out[Z][o] = zi;
        out[N][o] = ni;
        return check;
    }

    /** The same rule with lambda1 = lambda2 = 0 and x = 1. */
    @Override
    protected double updateIntercept(int row, double g, double[][] out) {
        double zi = interceptState[Z][row];
        double ni = interceptState[N][row];
        double w = weightOf(zi, ni, 0.0, 0.0);
        double nNext = ni + g * g;
        double zNext = zi + g - sigma(ni, nNext) * w;
        out[Z][row] = zNext;
        out[N][row] = nNext;
        return nonFinite(zNext) + nonFinite(nNext);
    }

    @Override
    public void writeState(DataOutput out) throws IOException {
        out.writeLong(steps);
        writeArrays(out); // z, n, intercept z, intercept n
    }

    @Override
    public void readState(DataInput in) throws IOException {
        steps = in.readLong();
        readArrays(in);
    }
}
