package io.streamlearn.learn.mlp;

import io.streamlearn.learn.AdamWOptions;
import io.streamlearn.learn.StateVisitor;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
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

    /** One AdamW step (the formula above) at t + 1. */
    @Override
    public boolean step() {
        long step = t + 1;
        double biasCorrection1 = 1.0 - Math.pow(beta1, step);
        double biasCorrection2Sqrt = Math.sqrt(1.0 - Math.pow(beta2, step));
        double stepSize = lr / biasCorrection1;
        double decay = 1.0 - lr * weightDecay;
        boolean finite = true;
        for (int p = 0, n = parameters.size(); p < n; p++) {
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
        if (!finite) {
            return false;
        }
        for (int p = 0, n = parameters.size(); p < n; p++) {
            double[] w = parameters.get(p).value().data;
            System.arraycopy(nextW[p], 0, w, 0, w.length);
            System.arraycopy(nextM[p], 0, m[p], 0, w.length);
            System.arraycopy(nextV[p], 0, v[p], 0, w.length);
        }
        t = step;
        return true;
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

    /** m averaged, v averaged and kept non-negative. */
    @Override
    public void visitState(int p, StateVisitor visitor) {
        visitor.doubles(m[p], StateVisitor.Kind.AVERAGED);
        visitor.doubles(v[p], StateVisitor.Kind.AVERAGED_NON_NEGATIVE);
    }
}
