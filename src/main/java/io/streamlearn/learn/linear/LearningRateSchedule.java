package io.streamlearn.learn.linear;

/** A global step size eta_t, t = 1 at the first step, counting on forever. */
public interface LearningRateSchedule {

    double rate(long t);

    /** eta_t = eta0. */
    static LearningRateSchedule constant(double eta0) {
        return t -> eta0;
    }

    /**
     * eta_t = eta0 / t^power (sklearn's {@code invscaling}; its default power is 0.25). The common
     * powers 0.5 and 0.25 take t^power as sqrt(t) and sqrt(sqrt(t)), several times faster than
     * Math.pow and within an ulp or two of it.
     */
    static LearningRateSchedule inverseScaling(double eta0, double power) {
        if (power == 0.5) {
            return t -> eta0 / Math.sqrt(t);
        }
        if (power == 0.25) {
            return t -> eta0 / Math.sqrt(Math.sqrt(t));
        }
        return t -> eta0 / Math.pow(t, power);
    }
}
