package io.streamlearn.learn.linear;

import io.streamlearn.learn.StateVisitor;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * An online optimizer of a linear model with {@code rows} weight rows over {@code dimension}
 * features and one unpenalized intercept per row; it owns the parameters and its own state. They
 * are one object here, unlike the MLP's parameters and its {@code ParameterOptimizer}: FTRL's and
 * RDA's weights are functions of their state, and a sparse step of SGD or AdaGrad leaves weights
 * that the next read catches up from the optimizer's bookkeeping. Each optimizer keeps its whole
 * step, check-swap-commit tail included, in its own class: a per-coordinate call shared by the
 * four cost 6 to 45% (bench/results/linear-skeleton-2026-12-02.md), and a shared per-step tail
 * (commit of registered state arrays) about 7% at d = 10 (bench/results/optimizers-2026-12-07.md).
 *
 * <p>Life cycle: built with zero weights and zero state; then any interleaving of
 * {@link #scores} (read only) and {@link #step} calls, dense or sparse; {@link #writeState} and
 * {@link #readState} save and restore everything, so a restored optimizer continues bit-identically.
 *
 * <p>A step receives dL/ds_k, the loss gradient with respect to each row's score; the gradient of
 * weight (k, j) is dL/ds_k * x_j. A step that would make any parameter or state value NaN or
 * infinite is not applied: it returns false and leaves the optimizer exactly as it was.
 *
 * <p>The sparse methods take features as (indices, values, nnz) with strictly increasing indices and
 * touch only those features; where a penalty acts on every weight at every step, the steps a weight
 * skipped are applied when it is next read or touched, so that sparse and dense input give the same
 * weights.
 */
public abstract class LinearOptimizer {

    protected final int rows;
    protected final int dimension;
    /** Steps applied so far. */
    protected long steps;

    protected LinearOptimizer(int rows, int dimension) {
        if (rows < 1 || dimension < 1) {
            throw new IllegalArgumentException("rows and dimension must be >= 1, got " + rows + ", " + dimension);
        }
        this.rows = rows;
        this.dimension = dimension;
    }

    public final int rows() {
        return rows;
    }

    public final int dimension() {
        return dimension;
    }

    /** Steps applied so far. */
    public final long steps() {
        return steps;
    }

    /** The current weight (k, j), with every penalty step up to now applied. Does not modify state. */
    public abstract double weight(int row, int feature);

    /** The current intercept b_k. */
    public abstract double intercept(int row);

    /** scores[k] = w_k . x + b_k for dense x; modifies only {@code scores}. */
    public abstract void scores(double[] x, double[] scores);

    /**
     * scores[i][k] = w_k . xs[i] + b_k for each i &lt; n: the same values, bit for bit, as n calls of
     * {@link #scores(double[], double[])}, which an optimizer whose weights are a function of its
     * state may compute once for all rows. Modifies only {@code scores}.
     */
    public void scores(double[][] xs, int n, double[][] scores) {
        for (int i = 0; i < n; i++) {
            scores(xs[i], scores[i]);
        }
    }

    /** scores[k] = sum_i w_{k, idx[i]} val[i] + b_k; modifies only {@code scores}. */
    public final void scores(int[] indices, double[] values, int nnz, double[] scores) {
        checkSparse(indices, values, nnz);
        for (int k = 0; k < rows; k++) {
            double s = intercept(k);
            for (int i = 0; i < nnz; i++) {
                s += weight(k, indices[i]) * values[i];
            }
            scores[k] = s;
        }
    }

    /** One step on dense x with score gradient dL/ds; false (and no change) if it is non-finite. */
    public abstract boolean step(double[] x, double[] scoreGradient);

    /** One step touching only the given features; false (and no change) if it is non-finite. */
    public abstract boolean step(int[] indices, double[] values, int nnz, double[] scoreGradient);

    /**
     * Hands the parameters and state to {@code visitor} for {@link io.streamlearn.learn.ParameterMixing}
     * (see {@link io.streamlearn.learn.OnlineModel#visitState}); owed lazy penalty steps are applied first.
     */
    public abstract void visitState(StateVisitor visitor);

    /** Writes the whole mutable state (parameters, step counter, accumulators, lazy bookkeeping). */
    public abstract void writeState(DataOutput out) throws IOException;

    /** Reads what {@link #writeState} wrote into this freshly built optimizer of the same shape. */
    public abstract void readState(DataInput in) throws IOException;

    /** Throws unless indices are strictly increasing and within [0, dimension). */
    protected final void checkSparse(int[] indices, double[] values, int nnz) {
        if (nnz < 0 || nnz > indices.length || nnz > values.length) {
            throw new IllegalArgumentException("nnz " + nnz + " out of range");
        }
        int previous = -1;
        for (int i = 0; i < nnz; i++) {
            int j = indices[i];
            if (j <= previous || j >= dimension) {
                throw new IllegalArgumentException(
                        "sparse indices must be strictly increasing in [0, " + dimension + "), got " + j + " at " + i);
            }
            previous = j;
        }
    }

    /**
     * The scratch array of a sparse step, which holds one candidate per touched (feature, row) at
     * [i * rows + k]: {@code scratch} itself when it has room for nnz features, else a new one of
     * exactly that size (so scratch grows to the largest nnz seen and then stops allocating).
     */
    protected final double[] sparseScratch(double[] scratch, int nnz) {
        return scratch.length < nnz * rows ? new double[nnz * rows] : scratch;
    }

    /**
     * Commits the candidates of a sparse step: target[k * dimension + indices[i]] = candidates[i * rows + k]
     * for i < nnz and every row k. Modifies only {@code target}.
     */
    protected final void commitSparse(double[] candidates, int[] indices, int nnz, double[] target) {
        for (int i = 0; i < nnz; i++) {
            int j = indices[i];
            for (int k = 0; k < rows; k++) {
                target[k * dimension + j] = candidates[i * rows + k];
            }
        }
    }

    /** 0 when v is finite, NaN otherwise: summed over candidates, one NaN test checks them all. */
    protected static double nonFinite(double v) {
        return v - v;
    }

    protected static void writeDoubles(DataOutput out, double[] a) throws IOException {
        for (double v : a) {
            out.writeDouble(v);
        }
    }

    protected static void readDoubles(DataInput in, double[] a) throws IOException {
        for (int i = 0; i < a.length; i++) {
            a[i] = in.readDouble();
        }
    }
}
