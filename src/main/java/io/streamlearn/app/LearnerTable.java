package io.streamlearn.app;

import io.streamlearn.eval.LearnerStats;
import io.streamlearn.eval.LearningPipeline;
import io.streamlearn.learn.OnlineModel;
import java.util.Locale;

/**
 * The table of a pipeline's learners: per learner its updates, prequential, train and holdout loss,
 * the gap and the nonzero weights (and accuracies for a classifier).
 */
final class LearnerTable {

    private LearnerTable() {}

    static String render(LearningPipeline pipeline, long records, double perSecond) {
        boolean classifier = pipeline.classes() > 0;
        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT, "pipeline %s   records %,d   %,.0f records/s%n", pipeline.name(), records,
                perSecond));
        s.append(String.format(Locale.ROOT, "%-14s %10s %12s %12s %12s %12s %12s", "learner", "updates",
                "prequential", "train", "holdout", "gap", "nonzero"));
        if (classifier) {
            s.append(String.format(Locale.ROOT, " %9s %9s", "acc-train", "acc-hold"));
        }
        s.append(System.lineSeparator());
        for (String learner : pipeline.learnerNames()) {
            LearnerStats st = pipeline.stats(learner);
            OnlineModel model = pipeline.model(learner);
            s.append(String.format(Locale.ROOT, "%-14s %10d %12s %12s %12s %12s %12s", learner, st.updates(),
                    number(st.prequentialLoss()), number(st.trainLoss()), number(st.holdoutLoss()), number(st.gap()),
                    model.nonZeroWeights() + "/" + model.weightCount()));
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
