package io.streamlearn.learn.mlp;

import java.util.Arrays;

/**
 * The distinct input columns of a sparse mini-batch and the first layer's gradient on them: the
 * gradient of W[j][k] is zero for a column k that no example of the batch has, so the sparse step
 * keeps only the touched columns' gradients, {@code hidden} values per column, in
 * {@link #gradient()} at {@code c * hidden + j} for touched column c = 0..count-1 (first-seen order)
 * and hidden unit j. Reused from step to step: it allocates only when a batch touches more columns
 * than any before.
 */
public final class TouchedColumns {

    private final int hidden;
    /** slot[k]: position of column k among the touched columns, or -1. */
    private final int[] slot;
    private int[] columns = new int[64];
    private double[] gradient;
    private int count;

    public TouchedColumns(int width, int hidden) {
        this.hidden = hidden;
        this.slot = new int[width];
        Arrays.fill(slot, -1);
        this.gradient = new double[columns.length * hidden];
    }

    /** Forgets the columns of the last batch (cost: their number). */
    public void clear() {
        for (int c = 0; c < count; c++) {
            slot[columns[c]] = -1;
        }
        count = 0;
    }

    /** Adds the columns of {@code indices[from, to)} not already touched. */
    public void addAll(int[] indices, int from, int to) {
        for (int e = from; e < to; e++) {
            int k = indices[e];
            if (slot[k] < 0) {
                if (count == columns.length) {
                    columns = Arrays.copyOf(columns, 2 * count);
                    gradient = Arrays.copyOf(gradient, 2 * count * hidden);
                }
                slot[k] = count;
                columns[count++] = k;
            }
        }
    }

    /** Number of touched columns. */
    public int count() {
        return count;
    }

    /** The touched columns, valid on [0, {@link #count()}). */
    public int[] columns() {
        return columns;
    }

    /** Position of column k among the touched columns, or -1. */
    public int slot(int k) {
        return slot[k];
    }

    /** Hidden units per column (the first layer's outputs). */
    public int hidden() {
        return hidden;
    }

    /** dL/dW[j][columns[c]] at c * hidden + j, valid on [0, count * hidden). */
    public double[] gradient() {
        return gradient;
    }
}
