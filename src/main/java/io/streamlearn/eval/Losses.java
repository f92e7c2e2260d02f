package io.streamlearn.eval;

/**
 * The losses every learner reports, the same whatever it trains on, so that learners compare:
 * squared error for regression, log loss for classification.
 */
public final class Losses {

    /** Probabilities are clipped to [EPS, 1] before the log, as sklearn's {@code log_loss} did (eps 1e-15). */
    public static final double LOG_LOSS_EPS = 1e-15;

    private Losses() {}

    /** (y - yhat)^2. */
    public static double squaredError(double y, double yhat) {
        double r = y - yhat;
        return r * r;
    }

    /** -log(max(p_y, 1e-15)) for the class index y; a NaN probability gives NaN. */
    public static double logLoss(double[] probabilities, int y) {
        double p = probabilities[y];
        return -Math.log(p < LOG_LOSS_EPS ? LOG_LOSS_EPS : p);
    }

    /** Index of the largest value, the first one on ties. */
    public static int argmax(double[] values) {
        int best = 0;
        for (int k = 1; k < values.length; k++) {
            if (values[k] > values[best]) {
                best = k;
            }
        }
        return best;
    }

    /**
     * The reported loss of one prediction: squared error of {@code output[0]} when
     * {@code classes == 0}, else the log loss of the class index {@code label}.
     */
    public static double loss(int classes, double[] output, double label) {
        return classes == 0 ? squaredError(label, output[0]) : logLoss(output, (int) label);
    }

    /** 1 when the most probable class is {@code label}, else 0; only for classifiers. */
    public static double hit(double[] output, double label) {
        return argmax(output) == (int) label ? 1.0 : 0.0;
    }
}
