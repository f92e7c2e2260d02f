package io.streamlearn.learn.mlp;

import io.streamlearn.learn.SeededRandom;
import org.ejml.data.DMatrixRMaj;

/**
 * Mixup within a batch (Zhang et al., "mixup: Beyond Empirical Risk Minimization", ICLR 2018):
 * lambda ~ Beta(alpha, alpha), a random permutation pi of the rows, then
 * x_i &lt;- lambda x_i + (1 - lambda) x_pi(i) and the same for the target rows.
 */
public final class Mixup {

    private final double alpha;

    public Mixup(double alpha) {
        if (!(alpha > 0.0)) {
            throw new IllegalArgumentException("mixup alpha must be > 0: " + alpha);
        }
        this.alpha = alpha;
    }

    /**
     * Mixes the rows of {@code x} and {@code target} in place, using {@code xCopy},
     * {@code targetCopy} (same shapes) and {@code permutation} (length = rows) as scratch. Draws
     * lambda and the permutation from {@code rng}; returns lambda.
     */
    public double mix(DMatrixRMaj x, DMatrixRMaj target, DMatrixRMaj xCopy, DMatrixRMaj targetCopy,
            int[] permutation, SeededRandom rng) {
        double lambda = beta(alpha, rng);
        int rows = x.numRows;
        for (int i = 0; i < rows; i++) {
            permutation[i] = i;
        }
        for (int i = rows - 1; i > 0; i--) { // Fisher–Yates
            int j = (int) (rng.nextDouble() * (i + 1));
            int swap = permutation[i];
            permutation[i] = permutation[j];
            permutation[j] = swap;
        }
        xCopy.setTo(x);
        targetCopy.setTo(target);
        mixRows(x, xCopy, permutation, lambda);
        mixRows(target, targetCopy, permutation, lambda);
        return lambda;
    }

    private static void mixRows(DMatrixRMaj m, DMatrixRMaj copy, int[] permutation, double lambda) {
        int cols = m.numCols;
        double[] md = m.data;
        double[] cd = copy.data;
        for (int i = 0; i < m.numRows; i++) {
            int a = i * cols;
            int b = permutation[i] * cols;
            for (int j = 0; j < cols; j++) {
                md[a + j] = lambda * cd[a + j] + (1.0 - lambda) * cd[b + j];
            }
        }
    }

    /** Beta(a, b) as X / (X + Y) with X ~ Gamma(a), Y ~ Gamma(b). */
    public static double beta(double a, double b, SeededRandom rng) {
        double x = gamma(a, rng);
        double y = gamma(b, rng);
        return x / (x + y);
    }

    private static double beta(double a, SeededRandom rng) {
        return beta(a, a, rng);
    }

    /**
     * Gamma(shape, 1) by Marsaglia and Tsang, "A Simple Method for Generating Gamma Variables"
     * (ACM TOMS 26(3), 2000): d = shape - 1/3, c = 1/sqrt(9d); repeat x ~ N(0,1), v = (1 + c x)^3
     * until log u &lt; x^2/2 + d - d v + d log v; return d v. For shape &lt; 1, Gamma(shape + 1) u^(1/shape).
     */
    public static double gamma(double shape, SeededRandom rng) {
        if (shape < 1.0) {
            double u = 1.0 - rng.nextDouble(); // (0, 1]
            return gamma(shape + 1.0, rng) * Math.pow(u, 1.0 / shape);
        }
        double d = shape - 1.0 / 3.0;
        double c = 1.0 / Math.sqrt(9.0 * d);
        while (true) {
            double x = rng.nextGaussian();
            double v = 1.0 + c * x;
            if (v <= 0.0) {
                continue;
            }
            v = v * v * v;
            double u = 1.0 - rng.nextDouble();
            if (u < 1.0 - 0.0331 * x * x * x * x || Math.log(u) < 0.5 * x * x + d * (1.0 - v + Math.log(v))) {
                return d * v;
            }
        }
    }
}
