package io.streamlearn.cli;

import io.streamlearn.eval.LearnerStats;
import io.streamlearn.pipeline.LearningPipeline;
import io.streamlearn.query.PipelineMonitor.LearnerSnapshot;
import java.util.List;
import java.util.Locale;

/**
 * The table of a pipeline's learners: per learner its updates, prequential, train and holdout loss,
 * the gap and the nonzero weights (and accuracies for a classifier). A number is written with four
 * decimals when that fits its column, else in scientific notation ({@code 1.2346e+07}), so that a
 * loss of any size keeps the columns aligned; a value not yet measured is {@code -}.
 */
final class LearnerTable {

    /** Width of a loss column: {@code -999999.9999}, or any double as {@code -1.2346e+100}. */
    private static final int LOSS = 12;
    /** Width of an accuracy column (accuracies are in [0, 1]). */
    private static final int ACCURACY = 9;

    private LearnerTable() {}

    static String render(LearningPipeline pipeline, long records, double perSecond) {
        return render(pipeline.name(), pipeline.classes() > 0, LearnerSnapshot.of(pipeline),
                String.format(Locale.ROOT, "records %,d   %,.0f records/s", records, perSecond));
    }

    /**
     * The table of learner snapshots (as a running stream publishes them) under a header line
     * {@code pipeline <name>   <summary>}.
     */
    static String render(String pipeline, boolean classifier, List<LearnerSnapshot> learners, String summary) {
        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT, "pipeline %s   %s%n", pipeline, summary));
        s.append(String.format(Locale.ROOT, "%-14s %10s %12s %12s %12s %12s %12s", "learner", "updates",
                "prequential", "train", "holdout", "gap", "nonzero"));
        if (classifier) {
            s.append(String.format(Locale.ROOT, " %9s %9s", "acc-train", "acc-hold"));
        }
        s.append(System.lineSeparator());
        for (LearnerSnapshot learner : learners) {
            LearnerStats st = learner.stats();
            s.append(String.format(Locale.ROOT, "%-14s %10d %12s %12s %12s %12s %12s", learner.learner(), st.updates(),
                    number(st.prequentialLoss(), LOSS), number(st.trainLoss(), LOSS), number(st.holdoutLoss(), LOSS),
                    number(st.gap(), LOSS),
                    learner.nonZeroWeights() + "/" + learner.weightCount()));
            if (classifier) {
                s.append(String.format(Locale.ROOT, " %9s %9s", number(st.trainAccuracy(), ACCURACY),
                        number(st.holdoutAccuracy(), ACCURACY)));
            }
            s.append(System.lineSeparator());
        }
        return s.toString();
    }

    /** {@code v} in at most {@code width} characters: four decimals when they fit, else scientific notation. */
    static String number(double v, int width) {
        if (Double.isNaN(v)) {
            return "-";
        }
        String fixed = String.format(Locale.ROOT, "%.4f", v);
        return fixed.length() <= width ? fixed : String.format(Locale.ROOT, "%.4e", v);
    }
}
