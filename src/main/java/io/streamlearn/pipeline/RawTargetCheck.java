package io.streamlearn.pipeline;

import io.streamlearn.learn.Mlp;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Warns, once, when a regression MLP with gradient clipping trains on a raw target whose scale makes
 * clipping certain, and names the fix, {@code target: {standardize: true}}.
 *
 * <p>The rule: after the first {@value #LABELS} labels, warn for each such learner when the labels'
 * root mean square sqrt(mean y²) is over {@value #RATIO} times its {@code clipNorm}. Why: the gradient
 * of the squared loss by the output is the residual ŷ − y, and an untrained MLP predicts about 0, so
 * the output bias's gradient alone is the batch's mean residual and the output weights' grow with the
 * residuals' root mean square: both are about rms(y). Ten times the clip norm leaves every step
 * clipped until the model has moved its output by most of y's scale, in steps the clip keeps small
 * (diabetes, y about 152 ± 77, clipNorm 1: every step clipped, prequential loss 4,763 against the
 * standardized MLP's 2,620 after 10 passes).
 */
public final class RawTargetCheck {

    /** Labels seen before the check. */
    static final int LABELS = 100;
    /** rms(y) over clipNorm beyond which clipping is certain. */
    static final double RATIO = 10;

    /** Each unscaled regression MLP that clips: name and clip norm. */
    private record Clipping(String learner, double clipNorm) {}

    private final String pipeline;
    private final List<Clipping> learners = new ArrayList<>();
    private long labels;
    private double sumOfSquares;

    private RawTargetCheck(PipelineBlueprint blueprint) {
        this.pipeline = blueprint.name();
        if (blueprint.classes() > 0) {
            return;
        }
        // a fresh model of each learner: an MLP on the raw target is an Mlp, a standardized one is wrapped
        blueprint.learners().forEach((name, model) -> {
            if (model.get() instanceof Mlp mlp && mlp.options().clipNorm() > 0) {
                learners.add(new Clipping(name, mlp.options().clipNorm()));
            }
        });
    }

    /** The check of a pipeline's learners, for {@code replay} and for each task of {@code run}. */
    public static RawTargetCheck of(PipelineBlueprint blueprint) {
        return new RawTargetCheck(blueprint);
    }

    /**
     * Takes a record's label (NaN: unlabeled, ignored); at the {@value #LABELS}th label returns the
     * warnings, one line per learner, else an empty list.
     */
    public List<String> offer(double label) {
        if (Double.isNaN(label) || learners.isEmpty() || labels > LABELS) {
            return List.of();
        }
        labels++;
        sumOfSquares += label * label;
        if (labels < LABELS) {
            return List.of();
        }
        labels++; // checked: nothing more to do
        double rms = Math.sqrt(sumOfSquares / LABELS);
        List<String> warnings = new ArrayList<>();
        for (Clipping c : learners) {
            if (rms > RATIO * c.clipNorm()) {
                warnings.add(String.format(Locale.ROOT, "pipeline %s, learner %s: the labels' root mean square is %.4g, %.0f "
                        + "times its clipNorm %s: it trains on the raw target and every step will be clipped; give it "
                        + "target: {standardize: true}", pipeline, c.learner(), rms, rms / c.clipNorm(), c.clipNorm()));
            }
        }
        return warnings;
    }
}
