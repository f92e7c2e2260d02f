package io.streamlearn.eval;

import io.streamlearn.learn.OnlineModel;
import io.streamlearn.learn.RunningStandardizer;

/**
 * Scores a model on a reservoir of recent records: the mean reported loss and, for a classifier,
 * the accuracy. Rows are raw; they are standardized with the current statistics at scoring time.
 * Work buffers are allocated once.
 */
final class ReservoirScorer {

    private final int classes;
    private final double[] z;
    private final double[] out;
    private double loss = Double.NaN;
    private double accuracy = Double.NaN;

    ReservoirScorer(int dimension, int classes) {
        this.classes = classes;
        this.z = new double[dimension];
        this.out = new double[classes == 0 ? 1 : classes];
    }

    /** Scores {@code model} on {@code records}; the results are {@link #loss()} and {@link #accuracy()}, NaN when empty. */
    void score(OnlineModel model, RecentRecords records, RunningStandardizer standardizer) {
        int n = records.size();
        if (n == 0) {
            loss = Double.NaN;
            accuracy = Double.NaN;
            return;
        }
        double lossSum = 0;
        double hits = 0;
        for (int i = 0; i < n; i++) {
            double[] x = records.row(i);
            if (standardizer != null) {
                standardizer.transform(x, z);
                x = z;
            }
            model.predict(x, out);
            double y = records.label(i);
            lossSum += Losses.loss(classes, out, y);
            if (classes > 0) {
                hits += Losses.hit(out, y);
            }
        }
        loss = lossSum / n;
        accuracy = classes > 0 ? hits / n : Double.NaN;
    }

    double loss() {
        return loss;
    }

    double accuracy() {
        return accuracy;
    }
}
