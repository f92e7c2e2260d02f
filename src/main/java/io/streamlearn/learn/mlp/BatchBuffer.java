package io.streamlearn.learn.mlp;

import io.streamlearn.vector.FeatureVector;
import java.util.Arrays;
import org.ejml.data.DMatrixRMaj;

/**
 * The examples of the mini-batch being collected: up to {@code capacity} feature rows and labels,
 * copied in by {@link #add}. Part of a model's state (it is in the snapshot).
 *
 * <p>A dense example is kept as its row of {@code dimension} values; a sparse one as its nonzero
 * entries (compressed rows: {@link #rowStart}, {@link #indices}, {@link #values}; a stored exact 0
 * is left out, as a model treats it as an absent column), so that collecting it costs its nonzeros,
 * not the width. {@link #copyFeaturesTo} writes every row dense (a sparse one as its dense copy) for
 * the dense training step; the sparse step reads the compressed rows.
 */
public final class BatchBuffer {

    private final int dimension;
    private final double[] features;
    private final double[] labels;
    private final boolean[] sparse;
    /** Entries of sparse row r: [rowStart[r], rowStart[r + 1]); a dense row has none. */
    private final int[] rowStart;
    private int[] indices = new int[16];
    private double[] values = new double[16];
    private int size;
    private int sparseRows;

    public BatchBuffer(int capacity, int dimension) {
        this.dimension = dimension;
        this.features = new double[capacity * dimension];
        this.labels = new double[capacity];
        this.sparse = new boolean[capacity];
        this.rowStart = new int[capacity + 1];
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

    /** Copies one example in, a sparse one as its nonzero entries; the buffer must not be full. */
    public void add(FeatureVector x, double label) {
        int start = rowStart[size];
        int end = start;
        if (x.isSparse()) {
            int[] xi = x.indices();
            double[] xv = x.values();
            int nnz = x.nonZeros();
            if (start + nnz > indices.length) {
                int grown = Math.max(2 * indices.length, start + nnz);
                indices = Arrays.copyOf(indices, grown);
                values = Arrays.copyOf(values, grown);
            }
            for (int i = 0; i < nnz; i++) {
                if (xv[i] != 0.0) {
                    indices[end] = xi[i];
                    values[end] = xv[i];
                    end++;
                }
            }
            sparse[size] = true;
            sparseRows++;
        } else {
            System.arraycopy(x.denseValues(), 0, features, size * dimension, dimension);
            sparse[size] = false;
        }
        rowStart[size + 1] = end;
        labels[size] = label;
        size++;
    }

    public void clear() {
        size = 0;
        sparseRows = 0;
    }

    /** Whether every buffered example came in sparse (true for an empty buffer). */
    public boolean allSparse() {
        return sparseRows == size;
    }

    /** Whether some buffered example came in sparse. */
    public boolean anySparse() {
        return sparseRows > 0;
    }

    /** Whether buffered example r came in sparse. */
    public boolean isSparse(int r) {
        return sparse[r];
    }

    /** The first entry of sparse row r in {@link #indices} and {@link #values}; row r ends where row r + 1 starts. */
    public int rowStart(int r) {
        return rowStart[r];
    }

    /** The columns of the sparse rows' entries (strictly increasing within a row). */
    public int[] indices() {
        return indices;
    }

    /** The values of the sparse rows' entries, none exactly 0. */
    public double[] values() {
        return values;
    }

    /** Writes the buffered feature rows, dense, into the first {@link #size()} rows of {@code x}. */
    public void copyFeaturesTo(DMatrixRMaj x) {
        double[] xd = x.data;
        for (int r = 0; r < size; r++) {
            int row = r * dimension;
            if (sparse[r]) {
                Arrays.fill(xd, row, row + dimension, 0.0);
                for (int e = rowStart[r]; e < rowStart[r + 1]; e++) {
                    xd[row + indices[e]] = values[e];
                }
            } else {
                System.arraycopy(features, row, xd, row, dimension);
            }
        }
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

    /** Label of buffered example r. */
    public double label(int r) {
        return labels[r];
    }

    /** The dense rows (row-major, capacity rows; a sparse row's is not written), for a snapshot writer or reader. */
    public double[] features() {
        return features;
    }

    /** The backing label array (capacity entries), for a snapshot writer or reader. */
    public double[] labels() {
        return labels;
    }

    /** Sets the number of valid dense rows after a snapshot reader filled {@link #features} and {@link #labels}. */
    public void restoreSize(int size) {
        if (size < 0 || size > labels.length) {
            throw new IllegalArgumentException("buffered count " + size + " outside [0, " + labels.length + "]");
        }
        Arrays.fill(sparse, 0, size, false);
        Arrays.fill(rowStart, 0, size + 1, 0);
        this.size = size;
        this.sparseRows = 0;
    }
}
