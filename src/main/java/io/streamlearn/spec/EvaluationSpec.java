package io.streamlearn.spec;

/**
 * The {@code evaluation} section.
 *
 * @param holdoutFraction share of labeled records never trained on, in [0, 1); default 0.1
 * @param reservoir recent records kept per split for the train and holdout losses; default 1000
 * @param every train and holdout losses are recomputed every N labeled records; default 500
 * @param window training records the prequential loss averages over; default 1000 (an extension of
 *     docs/DESIGN.md's format, optional)
 */
public record EvaluationSpec(double holdoutFraction, int reservoir, int every, int window) {

    public static final EvaluationSpec DEFAULT = new EvaluationSpec(0.1, 1000, 500, 1000);
}
