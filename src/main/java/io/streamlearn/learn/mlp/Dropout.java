package io.streamlearn.learn.mlp;

import io.streamlearn.learn.SeededRandom;

/**
 * Inverted dropout as PyTorch's {@code nn.Dropout}: in training each element is kept with
 * probability 1 - p and scaled by 1/(1 - p), else zeroed, so the expectation is unchanged; at
 * prediction time it is the identity (callers simply do not apply it). With p = 0 it is the
 * identity in training too and draws no random numbers.
 */
public final class Dropout {

    private final double p;
    private final double keepScale;

    public Dropout(double p) {
        if (!(p >= 0.0 && p < 1.0)) {
            throw new IllegalArgumentException("dropout must be in [0, 1): " + p);
        }
        this.p = p;
        this.keepScale = 1.0 / (1.0 - p);
    }

    public double p() {
        return p;
    }

    public boolean isIdentity() {
        return p == 0.0;
    }

    /**
     * Training-mode dropout of the first {@code n} entries of {@code a}, in place: mask_i = 1/(1-p)
     * when a uniform draw is &gt;= p, else 0; a_i *= mask_i. Writes the mask into {@code mask} (for
     * {@link #backward}) and draws n uniforms from {@code rng}; does nothing when p = 0.
     */
    public void forwardTraining(double[] a, double[] mask, int n, SeededRandom rng) {
        if (p == 0.0) {
            return;
        }
        for (int i = 0; i < n; i++) {
            double m = rng.nextDouble() >= p ? keepScale : 0.0;
            mask[i] = m;
            a[i] *= m;
        }
    }

    /** da_i *= mask_i over the first {@code n} entries, in place; nothing when p = 0. */
    public void backward(double[] da, double[] mask, int n) {
        if (p == 0.0) {
            return;
        }
        for (int i = 0; i < n; i++) {
            da[i] *= mask[i];
        }
    }
}
