package io.streamlearn.learn.mlp;

import io.streamlearn.learn.AdamWOptions;
import io.streamlearn.learn.StateVisitor;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;

/**
 * AdamW (Loshchilov and Hutter, "Decoupled Weight Decay Regularization", ICLR 2019) exactly as
 * {@code torch.optim.AdamW} (PyTorch 1.13, single-tensor path). For every parameter w with gradient
 * g, at step t (t = 1 at the first step):
 *
 * <pre>
 *   w &lt;- w (1 - lr wd)                       decoupled decay, on biases too
 *   m &lt;- beta1 m + (1 - beta1) g
 *   v &lt;- beta2 v + (1 - beta2) g^2
 *   w &lt;- w - (lr / (1 - beta1^t)) m / (sqrt(v) / sqrt(1 - beta2^t) + eps)
 * </pre>
 *
 * Life cycle as {@link ParameterOptimizer}: built over a fixed list of parameters with zero moments
 * and t = 0; its state is t and, per parameter, m then v. A step is computed into scratch buffers
 * first and committed only when every new parameter and moment is finite, so a step that would
 * poison the model leaves it unchanged.
 *
 * <p>A sparse step ({@link #stepSparse}) takes one parameter W [rows][cols] (the first layer's
 * weight, a column per input) lazily: only the columns k its batch touched are stepped, with
 * {@code torch.optim.SparseAdam}'s update (PyTorch 1.13) after the decoupled decay they owe:
 *
 * <pre>
 *   w &lt;- w (1 - lr wd)^(t - s_k)             the decay of every step since s_k, the last step of column k
 *   m &lt;- m + (1 - beta1) (g - m)
 *   v &lt;- v + (1 - beta2) (g^2 - v)
 *   w &lt;- w - (lr sqrt(1 - beta2^t) / (1 - beta1^t)) m / (sqrt(v) + eps)
 *   s_k &lt;- t
 * </pre>
 *
 * An untouched column keeps its moments and is not moved (SparseAdam), and owes one factor
 * (1 - lr wd) per step; it is read as w (1 - lr wd)^(t - s_k) ({@link #columnScale}) and caught up
 * when next touched, or all at once by {@link #catchUp} (before a dense step, or mixing). The other
 * parameters take the dense step above. The lazy state is s_k per column while some column owes decay.
 */
public final class AdamW implements ParameterOptimizer {

    private final double lr;
    private final double beta1;
    private final double beta2;
    private final double eps;
    private final double weightDecay;
    private final List<Parameter> parameters;
    private final double[][] m;
    private final double[][] v;
    private final double[][] nextW;
    private final double[][] nextM;
    private final double[][] nextV;
    private long t;
    /** The parameter stepped lazily by {@link #stepSparse}; -1 before the first sparse step. */
    private int lazyParameter = -1;
    /** lastStep[k] (s_k): the step through which column k of the lazy parameter had its decay; valid while lazy. */
    private long[] lastStep;
    private boolean lazy;

    public AdamW(AdamWOptions options, List<Parameter> parameters) {
        this.lr = options.learningRate();
        this.beta1 = options.beta1();
        this.beta2 = options.beta2();
        this.eps = options.eps();
        this.weightDecay = options.weightDecay();
        this.parameters = List.copyOf(parameters);
        int n = parameters.size();
        this.m = new double[n][];
        this.v = new double[n][];
        this.nextW = new double[n][];
        this.nextM = new double[n][];
        this.nextV = new double[n][];
        for (int p = 0; p < n; p++) {
            int size = parameters.get(p).size();
            m[p] = new double[size];
            v[p] = new double[size];
            nextW[p] = new double[size];
            nextM[p] = new double[size];
            nextV[p] = new double[size];
        }
    }

    /** One AdamW step (the formula above) at t + 1, on every parameter; first catches every lazy column up. */
    @Override
    public boolean step() {
        catchUp();
        return apply(null);
    }

    /**
     * One step at t + 1 in which parameter p's gradient is zero but on the touched columns (their
     * gradients in {@code touched}): p lazily, the SparseAdam update above; the others as
     * {@link #step}. All or nothing, as {@link #step}.
     */
    @Override
    public boolean stepSparse(int p, TouchedColumns touched) {
        if (lazyParameter >= 0 && lazyParameter != p) {
            throw new IllegalArgumentException("parameter " + lazyParameter + " is the lazy one, not " + p);
        }
        if (parameters.get(p).value().numRows != touched.hidden()) {
            throw new IllegalArgumentException(parameters.get(p).name() + " has " + parameters.get(p).value().numRows
                    + " rows, the touched columns " + touched.hidden());
        }
        lazyParameter = p;
        if (!lazy) {
            if (lastStep == null) {
                lastStep = new long[parameters.get(p).value().numCols];
            }
            Arrays.fill(lastStep, t);
            lazy = true;
        }
        return apply(touched);
    }

    private boolean apply(TouchedColumns touched) {
        long step = t + 1;
        double biasCorrection1 = 1.0 - Math.pow(beta1, step);
        double biasCorrection2Sqrt = Math.sqrt(1.0 - Math.pow(beta2, step));
        double stepSize = lr / biasCorrection1;
        double decay = 1.0 - lr * weightDecay;
        int sparse = touched == null ? -1 : lazyParameter;
        boolean finite = true;
        for (int p = 0, n = parameters.size(); p < n; p++) {
            if (p == sparse) {
                continue;
            }
            double[] w = parameters.get(p).value().data;
            double[] g = parameters.get(p).grad().data;
            double[] mp = m[p];
            double[] vp = v[p];
            double[] w2 = nextW[p];
            double[] m2 = nextM[p];
            double[] v2 = nextV[p];
            for (int i = 0; i < w.length; i++) {
                double mi = mp[i] * beta1 + (1.0 - beta1) * g[i];
                double vi = vp[i] * beta2 + (1.0 - beta2) * (g[i] * g[i]);
                double denom = Math.sqrt(vi) / biasCorrection2Sqrt + eps;
                double wi = w[i] * decay - stepSize * (mi / denom);
                m2[i] = mi;
                v2[i] = vi;
                w2[i] = wi;
                // (x - x) is 0 for a finite x and NaN for NaN or an infinity: one test for all three.
                finite &= (wi - wi) == 0.0 && (mi - mi) == 0.0 && (vi - vi) == 0.0;
            }
        }
        if (touched != null) {
            finite &= sparseUpdate(touched, step, decay);
        }
        if (!finite) {
            return false;
        }
        for (int p = 0, n = parameters.size(); p < n; p++) {
            if (p == sparse) {
                commitSparse(touched, step);
                continue;
            }
            double[] w = parameters.get(p).value().data;
            System.arraycopy(nextW[p], 0, w, 0, w.length);
            System.arraycopy(nextM[p], 0, m[p], 0, w.length);
            System.arraycopy(nextV[p], 0, v[p], 0, w.length);
        }
        t = step;
        return true;
    }

    /** The SparseAdam update of the touched columns into the scratch buffers; whether every result is finite. */
    private boolean sparseUpdate(TouchedColumns touched, long step, double decay) {
        int p = lazyParameter;
        int rows = touched.hidden();
        int cols = parameters.get(p).value().numCols;
        double[] w = parameters.get(p).value().data;
        double[] mp = m[p];
        double[] vp = v[p];
        double[] w2 = nextW[p];
        double[] m2 = nextM[p];
        double[] v2 = nextV[p];
        double[] g = touched.gradient();
        int[] columns = touched.columns();
        double sparseStepSize = lr * Math.sqrt(1.0 - Math.pow(beta2, step)) / (1.0 - Math.pow(beta1, step));
        boolean finite = true;
        for (int c = 0, count = touched.count(); c < count; c++) {
            int k = columns[c];
            double owed = Math.pow(decay, step - lastStep[k]);
            for (int j = 0; j < rows; j++) {
                int i = j * cols + k;
                double gi = g[c * rows + j];
                double mi = mp[i] + (gi - mp[i]) * (1.0 - beta1);
                double vi = vp[i] + (gi * gi - vp[i]) * (1.0 - beta2);
                double wi = w[i] * owed + -sparseStepSize * (mi / (Math.sqrt(vi) + eps));
                m2[i] = mi;
                v2[i] = vi;
                w2[i] = wi;
                finite &= (wi - wi) == 0.0 && (mi - mi) == 0.0 && (vi - vi) == 0.0;
            }
        }
        return finite;
    }

    private void commitSparse(TouchedColumns touched, long step) {
        int p = lazyParameter;
        int rows = touched.hidden();
        int cols = parameters.get(p).value().numCols;
        double[] w = parameters.get(p).value().data;
        int[] columns = touched.columns();
        for (int c = 0, count = touched.count(); c < count; c++) {
            int k = columns[c];
            for (int j = 0; j < rows; j++) {
                int i = j * cols + k;
                w[i] = nextW[p][i];
                m[p][i] = nextM[p][i];
                v[p][i] = nextV[p][i];
            }
            lastStep[k] = step;
        }
    }

    /**
     * The factor (1 - lr wd)^(t - s_k) by which column {@code column} of parameter p, as stored, is
     * to be multiplied to read its current value: 1 unless p is the lazy parameter and the column
     * owes decay. {@link #catchUp} stores exactly stored * factor.
     */
    @Override
    public double columnScale(int p, int column) {
        if (!lazy || p != lazyParameter) {
            return 1.0;
        }
        return Math.pow(1.0 - lr * weightDecay, t - lastStep[column]);
    }

    /** Whether some column of the lazy parameter may owe decay (a sparse step was taken since the last catch-up). */
    @Override
    public boolean lazy() {
        return lazy;
    }

    /** Multiplies every lazy column by its {@link #columnScale}: the stored values become the current ones. */
    @Override
    public void catchUp() {
        if (!lazy) {
            return;
        }
        int cols = parameters.get(lazyParameter).value().numCols;
        double[] scale = new double[cols];
        for (int k = 0; k < cols; k++) {
            scale[k] = columnScale(lazyParameter, k);
        }
        double[] w = parameters.get(lazyParameter).value().data;
        for (int row = 0; row < w.length; row += cols) {
            for (int k = 0; k < cols; k++) {
                w[row + k] *= scale[k];
            }
        }
        lazy = false;
    }

    /** Steps taken (t). */
    @Override
    public long steps() {
        return t;
    }

    @Override
    public void setSteps(long steps) {
        this.t = steps;
    }

    /** The first-moment buffer of parameter p (live, not a copy). */
    public double[] firstMoment(int p) {
        return m[p];
    }

    /** The second-moment buffer of parameter p (live, not a copy). */
    public double[] secondMoment(int p) {
        return v[p];
    }

    /** m of parameter p, then v, each as many doubles as the parameter has values. */
    @Override
    public void writeState(int p, DataOutput out) throws IOException {
        for (double value : m[p]) {
            out.writeDouble(value);
        }
        for (double value : v[p]) {
            out.writeDouble(value);
        }
    }

    @Override
    public void readState(int p, DataInput in) throws IOException {
        readDoubles(m[p], in);
        readDoubles(v[p], in);
    }

    private static void readDoubles(double[] values, DataInput in) throws IOException {
        for (int i = 0; i < values.length; i++) {
            values[i] = in.readDouble();
        }
    }

    /** -1 when no column owes decay; else the lazy parameter's index, its column count and s_k per column. */
    @Override
    public void writeLazyState(DataOutput out) throws IOException {
        out.writeInt(lazy ? lazyParameter : -1);
        if (lazy) {
            out.writeInt(lastStep.length);
            for (long s : lastStep) {
                out.writeLong(s);
            }
        }
    }

    /** Reads what {@link #writeLazyState} wrote, after {@link #setSteps}. */
    @Override
    public void readLazyState(DataInput in) throws IOException {
        int p = in.readInt();
        if (p == -1) {
            lazy = false;
            return;
        }
        if (p < 0 || p >= parameters.size()) {
            throw new IOException("lazy parameter " + p + " outside [0, " + parameters.size() + ")");
        }
        int cols = parameters.get(p).value().numCols;
        int n = in.readInt();
        if (n != cols) {
            throw new IOException(parameters.get(p).name() + ": expected " + cols + " lazy columns, snapshot has " + n);
        }
        long[] steps = new long[n];
        for (int k = 0; k < n; k++) {
            steps[k] = in.readLong();
            if (steps[k] < 0 || steps[k] > t) {
                throw new IOException("column " + k + " last stepped at " + steps[k] + ", outside [0, " + t + "]");
            }
        }
        lazyParameter = p;
        lastStep = steps;
        lazy = true;
    }

    /** m averaged, v averaged and kept non-negative. */
    @Override
    public void visitState(int p, StateVisitor visitor) {
        visitor.doubles(m[p], StateVisitor.Kind.AVERAGED);
        visitor.doubles(v[p], StateVisitor.Kind.AVERAGED_NON_NEGATIVE);
    }
}
