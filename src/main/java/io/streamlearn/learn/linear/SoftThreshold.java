package io.streamlearn.learn.linear;

/** The proximal operator of t |w|: S_t(v) = sign(v) max(|v| - t, 0). */
public final class SoftThreshold {

    private SoftThreshold() {}

    /** S_t(v) for t >= 0; S_0(v) = v. */
    public static double apply(double v, double threshold) {
        if (v > threshold) {
            return v - threshold;
        }
        if (v < -threshold) {
            return v + threshold;
        }
        return 0.0;
    }
}
