package io.streamlearn.eval;

import io.streamlearn.learn.OnlineModel;
import io.streamlearn.learn.RunningStandardizer;
import io.streamlearn.vector.FeatureVector;

/**
 * Scores models on a reservoir of recent records: the mean reported loss and, for a classifier,
 * the accuracy. Rows are stored raw; {@link #load} copies them, dense rows standardized once with the
 * current statistics (sparse rows as they are: the pipeline does not standardize sparse features),
 * then {@link #score} runs each model on the same rows. A row's copy is made at its first load and
 * reused by the later ones ({@link FeatureVector#copyReusing}).
 */
public final class ReservoirScorer {

    private final int classes;
    private final int dimension;
    /** The loaded rows; a row's vector is made by the first load that reaches it. */
    private final FeatureVector[] rows;
    private final double[] labels;
    private final double[] stds;
    private final double[][] out;
    private int size;
    private double loss = Double.NaN;
    private double accuracy = Double.NaN;

    public ReservoirScorer(int capacity, int dimension, int classes) {
        this.classes = classes;
        this.dimension = dimension;
        this.rows = new FeatureVector[capacity];
        this.labels = new double[capacity];
        this.stds = new double[dimension];
        this.out = new double[capacity][classes == 0 ? 1 : classes];
    }

    /** Takes the rows of {@code records}, dense ones standardized by {@code standardizer} when it is not null. */
    public void load(RecentRecords records, RunningStandardizer standardizer) {
        size = records.size();
        if (standardizer != null) {
            standardizer.stds(stds);
        }
        for (int i = 0; i < size; i++) {
            FeatureVector x = records.row(i);
            if (standardizer != null && !x.isSparse()) {
                if (rows[i] == null || rows[i].isSparse()) {
                    rows[i] = FeatureVector.dense(new double[dimension]);
                }
                standardizer.transform(x.denseValues(), rows[i].denseValues(), stds);
            } else {
                rows[i] = x.copyReusing(rows[i]);
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
