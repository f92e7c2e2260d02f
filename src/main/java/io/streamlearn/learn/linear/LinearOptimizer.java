package io.streamlearn.learn.linear;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * An online optimizer of a linear model with {@code rows} weight rows over {@code dimension}
 * features and one unpenalized intercept per row; it owns the parameters and its own state.
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
 * <p>Both steps are this class's: the loop over rows and features, the candidates computed into spare
 * arrays (dense) or a scratch of the touched features (sparse), the one finiteness check, the commit
 * and the step count. A subclass keeps its state in {@link #state} and {@link #interceptState}, says
 * how one weight and one intercept move ({@link #update}, {@link #updateIntercept}), and may prepare a
 * step or follow up on one ({@link #beforeDenseStep}, {@link #beforeStep}, {@link #afterSparseStep}).
 */
public abstract class LinearOptimizer {

    protected final int rows;
    protected final int dimension;
    /** Steps applied so far. */
    protected long steps;
    /**
     * The optimizer's per-weight state, state[s][k * dimension + j], s < the number of arrays it asked
     * for: the weights themselves, or what they are a function of. A committed step swaps the arrays,
     * so a subclass reads them through this field each time and never keeps one.
     */
    protected final double[][] state;
    /** The per-row intercept state, interceptState[s][k]. */
    protected final double[][] interceptState;
    /** Candidate state of a dense step, [s][k * dimension + j]; swapped with {@link #state} when finite. */
    private final double[][] spare;
    /** Candidate intercept state of a step; swapped with {@link #interceptState} when finite. */
    private final double[][] nextIntercepts;
    /** Candidate state of a sparse step, [s][i * rows + k]; grown to the largest nnz seen. */
    private final double[][] touched;

    /**
     * @param stateArrays how many arrays of rows * dimension values the optimizer keeps per weight
     * @param interceptArrays how many arrays of rows values it keeps per intercept
     */
    protected LinearOptimizer(int rows, int dimension, int stateArrays, int interceptArrays) {
        if (rows < 1 || dimension < 1) {
            throw new IllegalArgumentException("rows and dimension must be >= 1, got " + rows + ", " + dimension);
        }
        this.rows = rows;
        this.dimension = dimension;
        this.state = new double[stateArrays][rows * dimension];
        this.spare = new double[stateArrays][rows * dimension];
        this.touched = new double[stateArrays][0];
        this.interceptState = new double[interceptArrays][rows];
        this.nextIntercepts = new double[interceptArrays][rows];
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

    /**
     * One step on dense x with score gradient dL/ds; false (and no change) if it is non-finite. Every
     * weight's candidate goes to the spare arrays ({@link #update} with x_j, 0 included), every
     * intercept's to the next-intercept arrays; if all are finite they become the state.
     */
    public final boolean step(double[] x, double[] scoreGradient) {
        beforeDenseStep();
        beforeStep();
        double check = 0;
        for (int k = 0; k < rows; k++) {
            double g = scoreGradient[k];
            int offset = k * dimension;
            for (int j = 0; j < dimension; j++) {
                check += update(j, offset + j, x[j], g, spare, offset + j);
            }
        }
        check += updateIntercepts(scoreGradient);
        if (check != 0) {
            return false;
        }
        swap(state, spare);
        swap(interceptState, nextIntercepts);
        steps++;
        return true;
    }

    /**
     * One step touching only the given features; false (and no change) if it is non-finite. The
     * candidates of the touched weights go to scratch arrays, [i * rows + k], and are written back
     * into the state when all are finite; then {@link #afterSparseStep}.
     */
    public final boolean step(int[] indices, double[] values, int nnz, double[] scoreGradient) {
        checkSparse(indices, values, nnz);
        beforeStep();
        for (int s = 0; s < touched.length; s++) {
            touched[s] = sparseScratch(touched[s], nnz);
        }
        double check = 0;
        for (int i = 0; i < nnz; i++) {
            int j = indices[i];
            double xj = values[i];
            for (int k = 0; k < rows; k++) {
                check += update(j, k * dimension + j, xj, scoreGradient[k], touched, i * rows + k);
            }
        }
        check += updateIntercepts(scoreGradient);
        if (check != 0) {
            return false;
        }
        for (int s = 0; s < touched.length; s++) {
            commitSparse(touched[s], indices, nnz, state[s]);
        }
        swap(interceptState, nextIntercepts);
        steps++;
        afterSparseStep(indices, nnz);
        return true;
    }

    /**
     * The step's update of weight (k, j), at = k * dimension + j, with feature value x = x_j and score
     * gradient g = dL/ds_k: writes its candidate state into out[s][o] for every state array s, from
     * {@link #state} (which it does not modify) and what {@link #beforeStep} prepared. Returns 0 when
     * every value it wrote is finite or unchanged, NaN otherwise ({@link #nonFinite}).
     */
    protected abstract double update(int feature, int at, double x, double g, double[][] out, int o);

    /** As {@link #update}, for intercept b_k: from {@link #interceptState} into out[s][row]. */
    protected abstract double updateIntercept(int row, double g, double[][] out);

    /** Before a dense step: brings every weight a sparse step left behind up to date. */
    protected void beforeDenseStep() {}

    /** Before either step's updates, at step t = steps + 1: computes what every coordinate's update shares. */
    protected void beforeStep() {}

    /** After a sparse step has been committed and counted: the bookkeeping of the touched features. */
    protected void afterSparseStep(int[] indices, int nnz) {}

    private double updateIntercepts(double[] scoreGradient) {
        double check = 0;
        for (int k = 0; k < rows; k++) {
            check += updateIntercept(k, scoreGradient[k], nextIntercepts);
        }
        return check;
    }

    private static void swap(double[][] a, double[][] b) {
        for (int s = 0; s < a.length; s++) {
            double[] t = a[s];
            a[s] = b[s];
            b[s] = t;
        }
    }

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
    private double[] sparseScratch(double[] scratch, int nnz) {
        return scratch.length < nnz * rows ? new double[nnz * rows] : scratch;
    }

    /**
     * Commits the candidates of a sparse step: target[k * dimension + indices[i]] = candidates[i * rows + k]
     * for i < nnz and every row k. Modifies only {@code target}.
     */
    private void commitSparse(double[] candidates, int[] indices, int nnz, double[] target) {
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

    /** Writes every state array, then every intercept array, in order. */
    protected final void writeArrays(DataOutput out) throws IOException {
        for (double[] a : state) {
            writeDoubles(out, a);
        }
        for (double[] a : interceptState) {
            writeDoubles(out, a);
        }
    }

    /** Reads what {@link #writeArrays} wrote. */
    protected final void readArrays(DataInput in) throws IOException {
        for (double[] a : state) {
            readDoubles(in, a);
        }
        for (double[] a : interceptState) {
            readDoubles(in, a);
        }
    }

    private static void writeDoubles(DataOutput out, double[] a) throws IOException {
        for (double v : a) {
            out.writeDouble(v);
        }
    }

    private static void readDoubles(DataInput in, double[] a) throws IOException {
        for (int i = 0; i < a.length; i++) {
            a[i] = in.readDouble();
        }
    }
}
