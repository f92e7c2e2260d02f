package io.streamlearn.eval;

import io.streamlearn.learn.OnlineModel;
import io.streamlearn.learn.RunningStandardizer;

/**
 * Scores models on a reservoir of recent records: the mean reported loss and, for a classifier,
 * the accuracy. Rows are stored raw; {@link #load} standardizes them once with the current
 * statistics, then {@link #score} runs each model on the same standardized rows. Work buffers are
 * allocated once.
 */
public final class ReservoirScorer {

    private final int classes;
    private final int dimension;
    private final double[][] rows;
    private final double[] labels;
    private final double[] stds;
    private final double[][] out;
    private int size;
    private double loss = Double.NaN;
    private double accuracy = Double.NaN;

    public ReservoirScorer(int capacity, int dimension, int classes) {
        this.classes = classes;
        this.dimension = dimension;
        this.rows = new double[capacity][dimension];
        this.labels = new double[capacity];
        this.stds = new double[dimension];
        this.out = new double[capacity][classes == 0 ? 1 : classes];
    }

    /** Takes the rows of {@code records}, standardized by {@code standardizer} when it is not null. */
    public void load(RecentRecords records, RunningStandardizer standardizer) {
        size = records.size();
        if (standardizer != null) {
            standardizer.stds(stds);
        }
        for (int i = 0; i < size; i++) {
            double[] x = records.row(i);
            if (standardizer != null) {
                standardizer.transform(x, rows[i], stds);
            } else {
                System.arraycopy(x, 0, rows[i], 0, dimension);
            }
            labels[i] = records.label(i);
        }
    }

    /** Scores {@code model} on the loaded rows; the results are {@link #loss()} and {@link #accuracy()}, NaN when empty. */
    public void score(OnlineModel model) {
        if (size == 0) {
            loss = Double.NaN;
            accuracy = Double.NaN;
            return;
        }
        double lossSum = 0;
        double hits = 0;
        model.predict(rows, size, out);
        for (int i = 0; i < size; i++) {
            double y = labels[i];
            lossSum += Losses.loss(classes, out[i], y);
            if (classes > 0) {
                hits += Losses.hit(out[i], y);
            }
        }
        loss = lossSum / size;
        accuracy = classes > 0 ? hits / size : Double.NaN;
    }

    public double loss() {
        return loss;
    }

    public double accuracy() {
        return accuracy;
    }
}
