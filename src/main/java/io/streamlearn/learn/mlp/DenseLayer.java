package io.streamlearn.learn.mlp;

import io.streamlearn.learn.SeededRandom;
import java.util.Arrays;
import java.util.List;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;

/**
 * A fully connected layer as PyTorch's {@code nn.Linear}: y = x W^T + b, with W of shape
 * [out][in] and b of length out. Works on a mini-batch, one example per row. With weight
 * normalization, W is derived from the trainable g and v of a {@link WeightNorm} (refreshed by
 * {@link #forward} and {@link #refreshWeight}), and the trainable parameters are, in PyTorch's
 * order, b, g, v; otherwise W, b.
 */
public final class DenseLayer {

    private final int inputs;
    private final int outputs;
    private final Parameter weight;
    private final Parameter bias;
    private final WeightNorm weightNorm;
    private final List<Parameter> trainable;

    public DenseLayer(String name, int inputs, int outputs, boolean weightNorm) {
        this.inputs = inputs;
        this.outputs = outputs;
        this.weight = new Parameter(name + ".weight", outputs, inputs, true);
        this.bias = new Parameter(name + ".bias", 1, outputs, false);
        this.weightNorm = weightNorm ? new WeightNorm(name + ".weight", outputs, inputs) : null;
        this.trainable = weightNorm
                ? List.of(bias, this.weightNorm.g(), this.weightNorm.v())
                : List.of(weight, bias);
    }

    public DenseLayer(String name, int inputs, int outputs) {
        this(name, inputs, outputs, false);
    }

    /** The trainable parameters: W, b; or b, g, v with weight normalization. */
    public List<Parameter> parameters() {
        return trainable;
    }

    /** Recomputes the effective W from g and v after they changed; nothing without weight normalization. */
    public void refreshWeight() {
        if (weightNorm != null) {
            weightNorm.computeWeight(weight.value());
        }
    }

    public int inputs() {
        return inputs;
    }

    public int outputs() {
        return outputs;
    }

    /** The effective weight W ([out][in]); derived, not trainable, under weight normalization. */
    public Parameter weight() {
        return weight;
    }

    public Parameter bias() {
        return bias;
    }

    /**
     * PyTorch's default initialisation of {@code nn.Linear} (kaiming_uniform with a = sqrt(5)):
     * every weight, then every bias, uniform on [-1/sqrt(in), 1/sqrt(in)). Draws from {@code rng}.
     */
    public void initialize(SeededRandom rng) {
        double bound = 1.0 / Math.sqrt(inputs);
        double[] w = weight.value().data;
        for (int i = 0; i < w.length; i++) {
            w[i] = rng.nextDouble(-bound, bound);
        }
        double[] b = bias.value().data;
        for (int i = 0; i < b.length; i++) {
            b[i] = rng.nextDouble(-bound, bound);
        }
        if (weightNorm != null) {
            weightNorm.initializeFrom(weight.value());
        }
    }

    /** Writes y = x W^T + b into {@code y} (batch x out). */
    public void forward(DMatrixRMaj x, DMatrixRMaj y) {
        refreshWeight();
        multTransB(x, weight.value(), y); // y = x W^T
        double[] b = bias.value().data;
        double[] yd = y.data;
        int rows = y.numRows;
        for (int r = 0; r < rows; r++) {
            int off = r * outputs;
            for (int j = 0; j < outputs; j++) {
                yd[off + j] += b[j];
            }
        }
    }

    /**
     * Writes y = x W^T + b for one example given by its nonzero entries {@code [from, to)} (strictly
     * increasing columns {@code indices}, their {@code values}) into row {@code row} of {@code y}:
     * y_j = sum over the entries, in column order, of x_k W[j][k] s_k, plus b_j, where s_k is
     * {@code scale[e]} of the entry (the weight decay a lazily stepped column still owes, see
     * {@link AdamW#stepSparse}), or 1 with {@code scale} null. Cost nnz x out instead of in x out.
     * With {@code scale} null, the same sums as {@link #forward} on the dense copy, in the same
     * order, less the exact zero products it adds: bit for bit the same values (but for the sign of
     * an exact zero).
     */
    public void forwardSparse(int[] indices, double[] values, double[] scale, int from, int to, DMatrixRMaj y, int row) {
        refreshWeight();
        double[] w = weight.value().data;
        double[] b = bias.value().data;
        double[] yd = y.data;
        int yo = row * outputs;
        for (int j = 0; j < outputs; j++) {
            int wo = j * inputs;
            double s = 0.0;
            if (scale == null) {
                for (int e = from; e < to; e++) {
                    s += values[e] * w[wo + indices[e]];
                }
            } else {
                for (int e = from; e < to; e++) {
                    s += values[e] * (w[wo + indices[e]] * scale[e]);
                }
            }
            yd[yo + j] = s + b[j];
        }
    }

    /**
     * c = a b^T (a: rows x in, b: out x in), each c[i][j] = sum over k, in order k = 0..in-1, of
     * a[i][k] b[j][k]: the same operations in the same order as EJML's {@code CommonOps_DDRM.multTransB}
     * (which starts from 0.0, or from the first product when b has one row), hence bit-identical
     * results. Two rows by four outputs are summed side by side: the additions of one sum need not
     * wait for another's (a single sum is bound by the latency of its additions), and each loaded
     * weight serves two rows.
     */
    static void multTransB(DMatrixRMaj a, DMatrixRMaj b, DMatrixRMaj c) {
        int rows = a.numRows;
        int in = a.numCols;
        int out = b.numRows;
        if (b.numCols != in) {
            throw new IllegalArgumentException("a has " + in + " columns, b " + b.numCols);
        }
        c.reshape(rows, out);
        if (out == 1) {
            multOneOutput(a, b, c);
            return;
        }
        int i = 0;
        for (; i + 2 <= rows; i += 2) {
            multTwoRows(a, b, c, i);
        }
        if (i < rows) {
            multOneRow(a, b, c, i);
        }
    }

    /** c[i] = a[i] . b[0] for every row, starting from the first product as EJML does for one output. */
    private static void multOneOutput(DMatrixRMaj a, DMatrixRMaj b, DMatrixRMaj c) {
        int in = a.numCols;
        double[] ad = a.data;
        double[] bd = b.data;
        double[] cd = c.data;
        for (int i = 0; i < a.numRows; i++) {
            int ai = i * in;
            double s = ad[ai] * bd[0];
            for (int k = 1; k < in; k++) {
                s += ad[ai + k] * bd[k];
            }
            cd[i] = s;
        }
    }

    /** Rows i and i + 1 of c = a b^T, four outputs at a time (eight sums side by side). */
    private static void multTwoRows(DMatrixRMaj a, DMatrixRMaj b, DMatrixRMaj c, int i) {
        int in = a.numCols;
        int out = b.numRows;
        double[] ad = a.data;
        double[] bd = b.data;
        double[] cd = c.data;
        int a0 = i * in;
        int a1 = a0 + in;
        int c0 = i * out;
        int c1 = c0 + out;
        int j = 0;
        for (; j + 4 <= out; j += 4) {
            int b0 = j * in;
            int b1 = b0 + in;
            int b2 = b1 + in;
            int b3 = b2 + in;
            double s00 = 0.0;
            double s01 = 0.0;
            double s02 = 0.0;
            double s03 = 0.0;
            double s10 = 0.0;
            double s11 = 0.0;
            double s12 = 0.0;
            double s13 = 0.0;
            for (int k = 0; k < in; k++) {
                double u = ad[a0 + k];
                double v = ad[a1 + k];
                double w0 = bd[b0 + k];
                double w1 = bd[b1 + k];
                double w2 = bd[b2 + k];
                double w3 = bd[b3 + k];
                s00 += u * w0;
                s01 += u * w1;
                s02 += u * w2;
                s03 += u * w3;
                s10 += v * w0;
                s11 += v * w1;
                s12 += v * w2;
                s13 += v * w3;
            }
            cd[c0 + j] = s00;
            cd[c0 + j + 1] = s01;
            cd[c0 + j + 2] = s02;
            cd[c0 + j + 3] = s03;
            cd[c1 + j] = s10;
            cd[c1 + j + 1] = s11;
            cd[c1 + j + 2] = s12;
            cd[c1 + j + 3] = s13;
        }
        for (; j < out; j++) {
            cd[c0 + j] = dot(ad, a0, bd, j * in, in);
            cd[c1 + j] = dot(ad, a1, bd, j * in, in);
        }
    }

    /** Row i of c = a b^T, four outputs at a time. */
    private static void multOneRow(DMatrixRMaj a, DMatrixRMaj b, DMatrixRMaj c, int i) {
        int in = a.numCols;
        int out = b.numRows;
        double[] ad = a.data;
        double[] bd = b.data;
        double[] cd = c.data;
        int ai = i * in;
        int ci = i * out;
        int j = 0;
        for (; j + 4 <= out; j += 4) {
            int b0 = j * in;
            int b1 = b0 + in;
            int b2 = b1 + in;
            int b3 = b2 + in;
            double s0 = 0.0;
            double s1 = 0.0;
            double s2 = 0.0;
            double s3 = 0.0;
            for (int k = 0; k < in; k++) {
                double v = ad[ai + k];
                s0 += v * bd[b0 + k];
                s1 += v * bd[b1 + k];
                s2 += v * bd[b2 + k];
                s3 += v * bd[b3 + k];
            }
            cd[ci + j] = s0;
            cd[ci + j + 1] = s1;
            cd[ci + j + 2] = s2;
            cd[ci + j + 3] = s3;
        }
        for (; j < out; j++) {
            cd[ci + j] = dot(ad, ai, bd, j * in, in);
        }
    }

    /** sum over k of x[xi + k] y[yi + k], from 0.0, in order. */
    private static double dot(double[] x, int xi, double[] y, int yi, int n) {
        double s = 0.0;
        for (int k = 0; k < n; k++) {
            s += x[xi + k] * y[yi + k];
        }
        return s;
    }

    /** db = sum over the rows of dy, in row order, into the bias's gradient. */
    private void biasGradient(DMatrixRMaj dy) {
        double[] db = bias.grad().data;
        double[] dyd = dy.data;
        Arrays.fill(db, 0.0);
        for (int r = 0; r < dy.numRows; r++) {
            int off = r * outputs;
            for (int j = 0; j < outputs; j++) {
                db[j] += dyd[off + j];
            }
        }
    }

    /**
     * Back-propagates the gradient {@code dy} of the loss with respect to y = x W^T + b: sets
     * dW = dy^T x and db = sum over rows of dy in the parameters' gradients, and, when {@code dx} is
     * not null, writes dx = dy W into it. Under weight normalization dW is then mapped to dg and dv.
     */
    public void backward(DMatrixRMaj x, DMatrixRMaj dy, DMatrixRMaj dx) {
        GradientProducts.multTransA(dy, x, weight.grad()); // dW = dy^T x
        biasGradient(dy);
        if (dx != null) {
            GradientProducts.mult(dy, weight.value(), dx); // dx = dy W
        }
        if (weightNorm != null) {
            weightNorm.backward(weight.grad());
        }
    }

    /**
     * {@link #backward} for a batch of sparse rows (no weight normalization, no dx: the first layer):
     * db = sum over rows of dy, and dW only on the batch's touched columns, into
     * {@code touched.gradient()}: dW[j][k] = sum over rows r, in order, of dy[r][j] x[r][k]. The
     * weight's dense gradient is not written.
     */
    public void backwardSparse(BatchBuffer batch, DMatrixRMaj dy, TouchedColumns touched) {
        if (weightNorm != null) {
            throw new IllegalStateException("a weight-normalized layer has no sparse gradient");
        }
        biasGradient(dy);
        int rows = dy.numRows;
        double[] dyd = dy.data;
        double[] g = touched.gradient();
        Arrays.fill(g, 0, touched.count() * outputs, 0.0);
        int[] indices = batch.indices();
        double[] values = batch.values();
        for (int r = 0; r < rows; r++) {
            int off = r * outputs;
            for (int e = batch.rowStart(r), end = batch.rowStart(r + 1); e < end; e++) {
                int go = touched.slot(indices[e]) * outputs;
                double x = values[e];
                for (int j = 0; j < outputs; j++) {
                    g[go + j] += dyd[off + j] * x;
                }
            }
        }
    }
}
