package io.streamlearn.learn.mlp;

import java.util.List;

/**
 * Gradient clipping by the total norm, as PyTorch's {@code clip_grad_norm_}: total = sqrt(sum over
 * all parameters of sum of g^2); every gradient is scaled by min(1, maxNorm / (total + 1e-6)).
 */
public final class GradientClipper {

    /** PyTorch's guard against dividing by a zero norm. */
    private static final double EPS = 1e-6;

    private final double maxNorm;

    /** @param maxNorm the largest total norm kept; 0 (or less) disables clipping */
    public GradientClipper(double maxNorm) {
        this.maxNorm = maxNorm;
    }

    public double maxNorm() {
        return maxNorm;
    }

    /** sqrt(sum over all parameters of sum of g^2); modifies nothing. */
    public static double totalNorm(List<Parameter> parameters) {
        double sum = 0.0;
        for (int p = 0, n = parameters.size(); p < n; p++) {
            double[] g = parameters.get(p).grad().data;
            for (int i = 0; i < g.length; i++) {
                sum += g[i] * g[i];
            }
        }
        return Math.sqrt(sum);
    }

    /** The factor min(1, maxNorm / (total + 1e-6)) applied to the gradients; 1 when disabled. */
    public double scaleFactor(double totalNorm) {
        if (maxNorm <= 0.0) {
            return 1.0;
        }
        return Math.min(1.0, maxNorm / (totalNorm + EPS));
    }

    /**
     * Computes the total norm and, when it is over the limit, scales every gradient in place by
     * {@link #scaleFactor}. Returns the total norm before clipping.
     */
    public double clip(List<Parameter> parameters) {
        double total = totalNorm(parameters);
        double factor = scaleFactor(total);
        if (factor < 1.0) {
            for (int p = 0, n = parameters.size(); p < n; p++) {
                double[] g = parameters.get(p).grad().data;
                for (int i = 0; i < g.length; i++) {
                    g[i] *= factor;
                }
            }
        }
        return total;
    }

    /**
     * {@link #clip} for a sparse step, where parameter {@code sparseParameter}'s gradient is
     * {@code sparseGradient[0, length)} (its touched columns, {@link TouchedColumns}) instead of its
     * dense gradient: the columns left out have a zero gradient, so the total norm is the dense one.
     * Scales the other parameters' gradients and the sparse one; returns the total norm before clipping.
     */
    public double clipSparse(List<Parameter> parameters, int sparseParameter, double[] sparseGradient, int length) {
        double sum = 0.0;
        for (int p = 0, n = parameters.size(); p < n; p++) {
            double[] g = p == sparseParameter ? sparseGradient : parameters.get(p).grad().data;
            int size = p == sparseParameter ? length : g.length;
            for (int i = 0; i < size; i++) {
                sum += g[i] * g[i];
            }
        }
        double total = Math.sqrt(sum);
        double factor = scaleFactor(total);
        if (factor < 1.0) {
            for (int p = 0, n = parameters.size(); p < n; p++) {
                double[] g = p == sparseParameter ? sparseGradient : parameters.get(p).grad().data;
                int size = p == sparseParameter ? length : g.length;
                for (int i = 0; i < size; i++) {
                    g[i] *= factor;
                }
            }
        }
        return total;
    }
}
