package io.streamlearn.vector;

import java.util.Arrays;

/**
 * One record's features as a model reads them: a vector of a fixed {@link #width()}, held either
 * <em>dense</em> (every value, in column order) or <em>sparse</em> (the nonzero columns: strictly
 * increasing {@link #indices()} and their {@link #values()}).
 *
 * <p>Today's records are dense: {@link #dense(double[])} wraps the reader's reused array without a
 * copy, so a dense record costs nothing more than before. One-hot, hashed and text features are
 * sparse: a record of a few dozen nonzeros in a width of 2^18 is held by {@link #sparse(int, int)},
 * filled by {@link #add} and made canonical by {@link #finish} (sorted, duplicate columns summed, as
 * scikit-learn's {@code FeatureHasher} sums colliding features).
 *
 * <p>A vector is reused from one record to the next: nothing is allocated per record once its
 * capacity has grown to the largest record's nonzeros. It is valid until its owner refills it;
 * {@link #copyTo} makes a copy a caller may keep (a reservoir, a pending record). Not thread-safe.
 */
public final class FeatureVector {

    private final int width;
    private final boolean sparse;
    /** Dense: the values, length {@link #width}, possibly a caller's array. */
    private double[] dense;
    /** Sparse: the columns of the first {@link #nnz} entries (strictly increasing once finished). */
    private int[] indices;
    /** Sparse: the values of the first {@link #nnz} entries. */
    private double[] values;
    private int nnz;
    /** Sparse: whether indices are strictly increasing (set by {@link #finish}, cleared by {@link #add}). */
    private boolean canonical = true;

    private FeatureVector(int width, boolean sparse, double[] dense, int capacity) {
        if (width < 1) {
            throw new IllegalArgumentException("width must be >= 1: " + width);
        }
        this.width = width;
        this.sparse = sparse;
        this.dense = dense;
        if (sparse) {
            this.indices = new int[Math.max(1, capacity)];
            this.values = new double[Math.max(1, capacity)];
        }
    }

    /** A dense vector over {@code values} (not copied: later writes to the array show through). */
    public static FeatureVector dense(double[] values) {
        return new FeatureVector(values.length, false, values, 0);
    }

    /** An empty sparse vector of {@code width} columns with room for {@code capacity} nonzeros (it grows). */
    public static FeatureVector sparse(int width, int capacity) {
        return new FeatureVector(width, true, null, capacity);
    }

    /** Number of columns: the model's input dimension. */
    public int width() {
        return width;
    }

    public boolean isSparse() {
        return sparse;
    }

    /** The dense values (the backing array, length {@link #width()}). */
    public double[] denseValues() {
        if (sparse) {
            throw new IllegalStateException("a sparse vector has no dense values; use toDense");
        }
        return dense;
    }

    /** Replaces a dense vector's backing array (same width), e.g. the standardized copy of a record. */
    public void setDense(double[] values) {
        if (sparse) {
            throw new IllegalStateException("setDense on a sparse vector");
        }
        if (values.length != width) {
            throw new IllegalArgumentException("width " + width + ", got " + values.length + " values");
        }
        this.dense = values;
    }

    /** Sparse: the number of stored entries; dense: the width. */
    public int nonZeros() {
        return sparse ? nnz : width;
    }

    /**
     * Sparse: the backing column array, strictly increasing on {@code [0, nonZeros())}.
     *
     * @throws IllegalStateException on a dense vector, or after {@link #add} without {@link #finish}
     */
    public int[] indices() {
        requireSparse();
        requireCanonical();
        return indices;
    }

    /**
     * Sparse: the backing value array, valid on {@code [0, nonZeros())}.
     *
     * @throws IllegalStateException on a dense vector, or after {@link #add} without {@link #finish}
     */
    public double[] values() {
        requireSparse();
        requireCanonical();
        return values;
    }

    /** Sparse: removes every entry (the capacity stays). */
    public void clear() {
        requireSparse();
        nnz = 0;
        canonical = true;
    }

    /**
     * Sparse: appends {@code value} at {@code column}, in any order; {@link #finish} sorts and sums.
     *
     * @throws IndexOutOfBoundsException if {@code column} is outside {@code [0, width)}
     * @throws IllegalArgumentException if {@code value} is not finite
     */
    public void add(int column, double value) {
        requireSparse();
        if (column < 0 || column >= width) {
            throw new IndexOutOfBoundsException("column " + column + " outside [0, " + width + ")");
        }
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException("value at column " + column + " is not finite: " + value);
        }
        if (nnz == indices.length) {
            int grown = 2 * indices.length;
            indices = Arrays.copyOf(indices, grown);
            values = Arrays.copyOf(values, grown);
        }
        if (nnz > 0 && column <= indices[nnz - 1]) {
            canonical = false;
        }
        indices[nnz] = column;
        values[nnz] = value;
        nnz++;
    }

    /**
     * Sparse: makes the entries canonical — columns strictly increasing, the values of a repeated
     * column summed (in the order they were added), entries that sum to exactly 0 kept (a model
     * treats a stored 0 as it treats an absent column). Insertion sort: a record's nonzeros are few
     * and mostly added in order. Allocates nothing.
     */
    public void finish() {
        requireSparse();
        if (canonical) {
            return;
        }
        for (int i = 1; i < nnz; i++) {
            int c = indices[i];
            double v = values[i];
            int j = i - 1;
            while (j >= 0 && indices[j] > c) {
                indices[j + 1] = indices[j];
                values[j + 1] = values[j];
                j--;
            }
            indices[j + 1] = c;
            values[j + 1] = v;
        }
        int out = 0;
        for (int i = 0; i < nnz; i++) {
            if (out > 0 && indices[out - 1] == indices[i]) {
                values[out - 1] += values[i];
            } else {
                indices[out] = indices[i];
                values[out] = values[i];
                out++;
            }
        }
        nnz = out;
        canonical = true;
    }

    /** The value at {@code column} (a binary search on a sparse vector; canonical vectors only). */
    public double get(int column) {
        if (!sparse) {
            return dense[column];
        }
        requireCanonical();
        int k = Arrays.binarySearch(indices, 0, nnz, column);
        return k >= 0 ? values[k] : 0.0;
    }

    /** Writes every column into {@code out} (length {@link #width()}): zeros where a sparse vector has none. */
    public void toDense(double[] out) {
        if (out.length != width) {
            throw new IllegalArgumentException("width " + width + ", got an array of " + out.length);
        }
        if (!sparse) {
            System.arraycopy(dense, 0, out, 0, width);
            return;
        }
        Arrays.fill(out, 0.0);
        for (int i = 0; i < nnz; i++) {
            out[indices[i]] += values[i];
        }
    }

    /**
     * Copies this vector into {@code target}, of the same width and layout, growing its arrays only
     * when they are too small (so a reused target allocates nothing in steady state). A dense target
     * must own its array: the values are copied into it.
     */
    public void copyTo(FeatureVector target) {
        if (target.width != width || target.sparse != sparse) {
            throw new IllegalArgumentException("copy of a " + describe() + " into a " + target.describe());
        }
        if (!sparse) {
            System.arraycopy(dense, 0, target.dense, 0, width);
            return;
        }
        if (target.indices.length < nnz) {
            target.indices = new int[nnz];
            target.values = new double[nnz];
        }
        System.arraycopy(indices, 0, target.indices, 0, nnz);
        System.arraycopy(values, 0, target.values, 0, nnz);
        target.nnz = nnz;
        target.canonical = canonical;
    }

    /**
     * This vector copied into {@code reuse} when it has the same width and layout (see
     * {@link #copyTo}), else into a new vector: a slot that keeps copies of records (a reservoir row)
     * is {@code slot = x.copyReusing(slot)}, which allocates only the first time, or when the layout
     * changes, or when a sparse record has more nonzeros than the slot held before.
     *
     * @param reuse the previous copy, or null
     * @return {@code reuse} or the new copy
     */
    public FeatureVector copyReusing(FeatureVector reuse) {
        if (reuse == null || reuse.width != width || reuse.sparse != sparse) {
            return copy();
        }
        copyTo(reuse);
        return reuse;
    }

    /** A new vector equal to this one, owning its arrays. */
    public FeatureVector copy() {
        FeatureVector c = sparse ? sparse(width, nnz) : dense(new double[width]);
        copyTo(c);
        return c;
    }

    private void requireSparse() {
        if (!sparse) {
            throw new IllegalStateException("a dense vector has no sparse entries");
        }
    }

    private void requireCanonical() {
        if (!canonical) {
            throw new IllegalStateException("call finish() after add() before reading the vector");
        }
    }

    private String describe() {
        return (sparse ? "sparse" : "dense") + " vector of width " + width;
    }

    @Override
    public String toString() {
        if (!sparse) {
            return "FeatureVector[dense " + Arrays.toString(dense) + "]";
        }
        StringBuilder b = new StringBuilder("FeatureVector[sparse width ").append(width).append(" {");
        for (int i = 0; i < nnz; i++) {
            b.append(i == 0 ? "" : ", ").append(indices[i]).append(": ").append(values[i]);
        }
        return b.append("}]").toString();
    }
}
