package io.streamlearn.app;

import io.streamlearn.eval.LearnerStats;
import io.streamlearn.topology.PipelineMonitor;
import java.util.Locale;

/** The demo's table: throughput, then per learner its losses, gap and nonzero weights. */
final class LiveTable {

    private LiveTable() {}

    /**
     * @param predictions predictions read from the output topic so far
     * @param perSecond predictions per second over the last interval
     */
    static String render(PipelineMonitor monitor, long predictions, double perSecond) {
        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT, "pipeline %s   predictions %,d   %,.0f records/s   dead letters %,d%n",
                monitor.pipeline(), predictions, perSecond, monitor.rejected()));
        s.append(String.format(Locale.ROOT, "%-12s %12s %12s %12s %12s %10s %10s%n",
                "learner", "prequential", "train", "holdout", "gap", "nonzero", "updates"));
        for (PipelineMonitor.LearnerSnapshot l : monitor.learners()) {
            LearnerStats st = l.stats();
            s.append(String.format(Locale.ROOT, "%-12s %12s %12s %12s %12s %10s %10d%n",
                    l.learner(), number(st.prequentialLoss()), number(st.trainLoss()), number(st.holdoutLoss()),
                    number(st.gap()), l.nonZeroWeights() + "/" + l.weightCount(), st.updates()));
        }
        return s.toString();
    }

    private static String number(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.4f", v);
    }
}
