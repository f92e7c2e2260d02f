package io.streamlearn.eval;

/**
 * How a pipeline evaluates its learners.
 *
 * @param holdoutFraction share of labeled records held out (never trained on), in [0, 1)
 * @param reservoir number of recent records kept per split (train, holdout) for the train and
 *     holdout losses
 * @param every the train and holdout losses are recomputed every {@code every} labeled records
 * @param window number of recent training records the prequential loss and accuracy average over
 */
public record EvaluationSettings(double holdoutFraction, int reservoir, int every, int window) {

    public static final double DEFAULT_HOLDOUT_FRACTION = 0.1;
    public static final int DEFAULT_RESERVOIR = 1000;
    public static final int DEFAULT_EVERY = 500;
    public static final int DEFAULT_WINDOW = 1000;

    public EvaluationSettings {
        if (!(holdoutFraction >= 0 && holdoutFraction < 1)) {
            throw new IllegalArgumentException("holdoutFraction must be in [0, 1): " + holdoutFraction);
        }
        if (reservoir < 1 || every < 1 || window < 1) {
            throw new IllegalArgumentException(
                    "reservoir, every and window must be >= 1: " + reservoir + ", " + every + ", " + window);
        }
    }

    /** The spec's defaults: holdout 0.1, reservoir 1000, every 500, window 1000. */
    public static EvaluationSettings defaults() {
        return new EvaluationSettings(DEFAULT_HOLDOUT_FRACTION, DEFAULT_RESERVOIR, DEFAULT_EVERY, DEFAULT_WINDOW);
    }
}
