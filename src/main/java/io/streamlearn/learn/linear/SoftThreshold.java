package io.streamlearn.learn.linear;

/** The proximal operator of t |w|: S_t(v) = sign(v) max(|v| - t, 0). */
public final class SoftThreshold {

    private SoftThreshold() {}

    /**
     * S_t(v) for t >= 0, written without branches as v - clamp(v, -t, t) (which is v - t above t,
     * v + t below -t and exactly 0 between), so that loops over weights stay branch-free; S_0(v) = v,
     * and NaN or infinite v stay non-finite.
     */
    public static double apply(double v, double threshold) {
        return v - Math.max(-threshold, Math.min(threshold, v));
    }
}
