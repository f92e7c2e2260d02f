package io.streamlearn.learn.linear;

import io.streamlearn.learn.StateVisitor;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Arrays;

/**
 * An online optimizer of a linear model with {@code rows} weight rows over {@code dimension}
 * features and one unpenalized intercept per row; it owns the parameters and its own state. They
 * are one object here, unlike the MLP's parameters and its {@code ParameterOptimizer}: FTRL's and
 * RDA's weights are functions of their state, and a sparse step of SGD or AdaGrad leaves weights
 * that the next read catches up from the optimizer's bookkeeping.
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
 *
 * <p>A step is all or nothing: it writes its candidate values into the {@link StateArray#candidates}
 * of the state arrays it registered ({@link #perWeight}, {@link #perRow}) and hands the sum of their
 * {@link #nonFinite} checks to {@link #commit}, the one tail every step ends with. The loops stay in
 * each optimizer's own step (bench/results/linear-skeleton-2026-12-02.md: a per-coordinate call
 * shared by several optimizers is not inlined). There is no reset in place: a model that restarts
 * (a drift reset) builds a fresh optimizer.
 */
public abstract class LinearOptimizer {

    protected final int rows;
    protected final int dimension;
    /** Steps applied so far. */
    protected long steps;
    /** The state arrays that {@link #commit} commits, as registered by {@link #perWeight} and {@link #perRow}. */
    private StateArray[] perWeight = new StateArray[0];
    private StateArray[] perRow = new StateArray[0];

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

    /** A new per-weight state array, [k * dimension + j], committed by every step. */
    protected final StateArray perWeight() {
        StateArray state = new StateArray(rows * dimension);
        perWeight = append(perWeight, state);
        return state;
    }

    /** A new per-row state array (an intercept's), [k], committed by every step. */
    protected final StateArray perRow() {
        StateArray state = new StateArray(rows);
        perRow = append(perRow, state);
        return state;
    }

    private static StateArray[] append(StateArray[] states, StateArray state) {
        StateArray[] more = Arrays.copyOf(states, states.length + 1);
        more[states.length] = state;
        return more;
    }

    /**
     * The tail of a dense step whose candidates are all written: unless {@code check} (a sum of
     * {@link #nonFinite} terms) says a candidate is NaN or infinite, makes every candidate the value
     * and counts the step. Returns whether the step was applied; a refused step changes nothing.
     */
    protected final boolean commit(double check) {
        if (check != 0) {
            return false;
        }
        for (StateArray state : perWeight) {
            state.swap();
        }
        commitPerRow();
        steps++;
        return true;
    }

    /**
     * The tail of a sparse step whose candidates are written for the given features (every row)
     * and for every row's per-row state: as {@link #commit(double)}, copying only the touched
     * per-weight candidates.
     */
    protected final boolean commit(double check, int[] indices, int nnz) {
        if (check != 0) {
            return false;
        }
        for (StateArray state : perWeight) {
            state.commit(indices, nnz, rows, dimension);
        }
        commitPerRow();
        steps++;
        return true;
    }

    /** Copies the few per-row candidates: cheaper than a swap's two reference stores and their GC barriers. */
    private void commitPerRow() {
        for (StateArray state : perRow) {
            double[] values = state.values;
            double[] candidates = state.candidates;
            for (int k = 0; k < rows; k++) {
                values[k] = candidates[k];
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

    /**
     * One state array of an optimizer (its weights, squared-gradient sums, z, n...) and the
     * candidates a step writes before it is known to be finite. A dense step writes every candidate
     * and is committed by swapping the two arrays (a per-row array is copied); a sparse step writes
     * the candidates of its features only, and those are copied. {@code values} is a different
     * array after a dense step: read it through this object, never keep it.
     */
    protected static final class StateArray {

        /** The committed state. */
        protected double[] values;
        /** What the current step would make of it, at the same positions. */
        protected double[] candidates;

        private StateArray(int size) {
            this.values = new double[size];
            this.candidates = new double[size];
        }

        private void swap() {
            double[] previous = values;
            values = candidates;
            candidates = previous;
        }

        /** values[k * dimension + j] = candidates[k * dimension + j] for each j in indices[0..nnz), every row k. */
        private void commit(int[] indices, int nnz, int rows, int dimension) {
            for (int i = 0; i < nnz; i++) {
                int j = indices[i];
                for (int k = 0; k < rows; k++) {
                    values[k * dimension + j] = candidates[k * dimension + j];
                }
            }
        }
    }
}
