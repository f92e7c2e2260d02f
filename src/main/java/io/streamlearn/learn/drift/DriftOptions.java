package io.streamlearn.learn.drift;

/**
 * A learner's drift detection: which detector, with which settings, and what to do on a drift.
 *
 * @param detector the detector's settings
 * @param action what a detection does
 */
public record DriftOptions(Detector detector, DriftAction action) {

    /** A detector's settings. */
    public sealed interface Detector permits AdwinOptions, PageHinkleyOptions {
        /** A new detector with these settings and no history. */
        DriftDetector newDetector();
    }

    /**
     * @param delta confidence δ; default 0.002 (MOA's and River's)
     * @param clock check every {@code clock} values; default 32 (MOA's and River's)
     */
    public record AdwinOptions(double delta, int clock) implements Detector {
        public static final AdwinOptions DEFAULT = new AdwinOptions(0.002, 32);

        @Override
        public DriftDetector newDetector() {
            return new Adwin(delta, clock);
        }
    }

    /**
     * @param delta tolerated change δ; default 0.005
     * @param threshold λ; default 50
     * @param alpha fading factor; default 1 − 1e-4
     * @param minInstances values before a detection; default 30 (River's defaults, all four)
     */
    public record PageHinkleyOptions(double delta, double threshold, double alpha, int minInstances)
            implements Detector {
        public static final PageHinkleyOptions DEFAULT = new PageHinkleyOptions(0.005, 50, 1 - 1e-4, 30);

        @Override
        public DriftDetector newDetector() {
            return new PageHinkley(delta, threshold, alpha, minInstances);
        }
    }
}
