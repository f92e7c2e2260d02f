package io.streamlearn.learn.linear;

/**
 * Penalty steps of the elastic net l1 |w| + (l2/2) w^2 for a step size eta, one weight at a time.
 *
 * <ul>
 *   <li>{@link #explicitStep}: sklearn's order, L2 shrink then soft-threshold,
 *       w -> S_{eta l1}((1 - eta l2) w); used by proximal SGD so that sklearn's trajectories match.
 *   <li>{@link #implicitStep}: the exact proximal operator, w -> S_{eta l1}(w) / (1 + eta l2); stable for
 *       any eta, so used by AdaGrad, whose per-coordinate step sizes can be large.
 * </ul>
 */
public record ElasticNetProx(double l1, double l2) {

    public ElasticNetProx {
        if (!(l1 >= 0) || !(l2 >= 0) || Double.isInfinite(l1) || Double.isInfinite(l2)) {
            throw new IllegalArgumentException("l1 and l2 must be finite and >= 0, got " + l1 + ", " + l2);
        }
    }

    /** (1 - eta l2) v: the L2 shrink of one explicit step. */
    public double shrink(double eta) {
        return 1.0 - eta * l2;
    }

    /** eta l1: the soft-threshold of one step. */
    public double threshold(double eta) {
        return eta * l1;
    }

    /** S_{eta l1}((1 - eta l2) v). */
    public double explicitStep(double v, double eta) {
        return SoftThreshold.apply(shrink(eta) * v, threshold(eta));
    }

    /** S_{eta l1}(v) / (1 + eta l2) = argmin_w (w - v)^2 / (2 eta) + l1 |w| + (l2/2) w^2. */
    public double implicitStep(double v, double eta) {
        return SoftThreshold.apply(v, eta * l1) / (1.0 + eta * l2);
    }

    /**
     * {@code steps} implicit steps with the same eta in closed form: with r = 1 / (1 + eta l2) and
     * c = eta l1, each step maps |w| to r (|w| - c) until it reaches 0, so
     * |w_n| = max(0, r^n |w_0| - c (r + r^2 + ... + r^n)), the sign kept.
     */
    public double implicitSteps(double v, double eta, long steps) {
        if (steps == 0 || v == 0.0 || eta == 0.0) {
            return v;
        }
        double c = eta * l1;
        double magnitude;
        if (l2 == 0.0) {
            magnitude = Math.abs(v) - steps * c;
        } else {
            double q = 1.0 + eta * l2;
            double rn = Math.pow(q, -(double) steps);
            // r + ... + r^n = (1 - r^n) / (q - 1) with r = 1/q
            magnitude = rn * Math.abs(v) - c * (1.0 - rn) / (eta * l2);
        }
        return magnitude > 0 ? Math.copySign(magnitude, v) : 0.0;
    }
}
