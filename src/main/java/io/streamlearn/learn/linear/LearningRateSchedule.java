package io.streamlearn.learn.linear;

/** A global step size eta_t, t = 1 at the first step, counting on forever. */
public interface LearningRateSchedule {

    double rate(long t);

    /** eta_t = eta0. */
    static LearningRateSchedule constant(double eta0) {
        return t -> eta0;
    }

    /** eta_t = eta0 / t^power (sklearn's {@code invscaling}; its default power is 0.25). */
    static LearningRateSchedule inverseScaling(double eta0, double power) {
        return t -> eta0 / Math.pow(t, power);
    }
}
