package io.streamlearn.cli;

import io.streamlearn.eval.LearnerStats;
import io.streamlearn.pipeline.LearningPipeline;
import io.streamlearn.query.PipelineMonitor.LearnerSnapshot;
import java.util.List;
import java.util.Locale;

/**
 * The table of a pipeline's learners: per learner its updates, prequential, train and holdout loss,
 * the gap and the nonzero weights (and accuracies for a classifier).
 */
final class LearnerTable {

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
                    number(st.prequentialLoss()), number(st.trainLoss()), number(st.holdoutLoss()), number(st.gap()),
                    learner.nonZeroWeights() + "/" + learner.weightCount()));
            if (classifier) {
                s.append(String.format(Locale.ROOT, " %9s %9s", number(st.trainAccuracy()),
                        number(st.holdoutAccuracy())));
            }
            s.append(System.lineSeparator());
        }
        return s.toString();
    }

    private static String number(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.4f", v);
    }
}
