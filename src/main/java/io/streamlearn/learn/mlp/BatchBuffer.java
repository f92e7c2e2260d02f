package io.streamlearn.learn.mlp;

import org.ejml.data.DMatrixRMaj;

/**
 * The examples of the mini-batch being collected: up to {@code capacity} feature rows and labels,
 * copied in by {@link #add}. Part of a model's state (it is in the snapshot).
 */
public final class BatchBuffer {

    private final int dimension;
    private final double[] features;
    private final double[] labels;
    private int size;

    public BatchBuffer(int capacity, int dimension) {
        this.dimension = dimension;
        this.features = new double[capacity * dimension];
        this.labels = new double[capacity];
    }

    public int capacity() {
        return labels.length;
    }

    public int size() {
        return size;
    }

    public boolean isFull() {
        return size == labels.length;
    }

    /** Copies one example in; the buffer must not be full. */
    public void add(double[] x, double label) {
        System.arraycopy(x, 0, features, size * dimension, dimension);
        labels[size] = label;
        size++;
    }

    public void clear() {
        size = 0;
    }

    /** Writes the buffered feature rows into the first {@link #size()} rows of {@code x}. */
    public void copyFeaturesTo(DMatrixRMaj x) {
        System.arraycopy(features, 0, x.data, 0, size * dimension);
    }

    /**
     * Writes one target row per buffered example into {@code target}: the label itself for
     * regression ({@code classes} = 0), else the label-smoothed one-hot row
     * ({@link SoftmaxCrossEntropyLoss#smoothedTarget}).
     */
    public void copyTargetsTo(DMatrixRMaj target, int classes, double labelSmoothing) {
        if (classes == 0) {
            System.arraycopy(labels, 0, target.data, 0, size);
            return;
        }
        for (int r = 0; r < size; r++) {
            SoftmaxCrossEntropyLoss.smoothedTarget((int) labels[r], classes, labelSmoothing, target.data, r * classes);
        }
    }

    /** The backing feature array (row-major, capacity rows), for a snapshot writer or reader. */
    public double[] features() {
        return features;
    }

    /** The backing label array (capacity entries), for a snapshot writer or reader. */
    public double[] labels() {
        return labels;
    }

    /** Sets the number of valid entries after a snapshot reader filled the arrays. */
    public void restoreSize(int size) {
        if (size < 0 || size > labels.length) {
            throw new IllegalArgumentException("buffered count " + size + " outside [0, " + labels.length + "]");
        }
        this.size = size;
    }
}
