package io.streamlearn.learn.mlp;

import io.streamlearn.vector.FeatureVector;
import java.util.Arrays;
import org.ejml.data.DMatrixRMaj;

/**
 * The examples of the mini-batch being collected: up to {@code capacity} feature rows and labels,
 * copied in by {@link #add}. Part of a model's state (it is in the snapshot).
 *
 * <p>Rows are dense: a sparse example is written as its dense copy (zeros, then its nonzeros), so a
 * batch trains exactly as on the dense copies of its examples, and the snapshot's layout is one for
 * both. The cost is {@code inputs} doubles per row and a dense forward and backward pass per step;
 * the AdamW step after it updates every first-layer weight anyway (inputs x hidden per step).
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

    /** Copies one example in, a sparse one as its dense copy; the buffer must not be full. */
    public void add(FeatureVector x, double label) {
        int row = size * dimension;
        if (x.isSparse()) {
            Arrays.fill(features, row, row + dimension, 0.0);
            int[] indices = x.indices();
            double[] values = x.values();
            for (int i = 0; i < x.nonZeros(); i++) {
                features[row + indices[i]] = values[i];
            }
        } else {
            System.arraycopy(x.denseValues(), 0, features, row, dimension);
        }
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
