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
     * c = a b^T (a: rows x in, b: out x in), each c[i][j] = sum over k, in order k = 0..in-1, of
     * a[i][k] b[j][k]: the same operations in the same order as EJML's {@code CommonOps_DDRM.multTransB}
     * (which starts from 0.0, or from the first product when b has one row), hence bit-identical
     * results. Four outputs are summed side by side so that the additions of one output need not
     * wait for those of another: a single sum is bound by the latency of its additions.
     */
    static void multTransB(DMatrixRMaj a, DMatrixRMaj b, DMatrixRMaj c) {
        int rows = a.numRows;
        int in = a.numCols;
        int out = b.numRows;
        if (b.numCols != in) {
            throw new IllegalArgumentException("a has " + in + " columns, b " + b.numCols);
        }
        c.reshape(rows, out);
        double[] ad = a.data;
        double[] bd = b.data;
        double[] cd = c.data;
        for (int i = 0; i < rows; i++) {
            int ai = i * in;
            int ci = i * out;
            if (out == 1) {
                double s = ad[ai] * bd[0];
                for (int k = 1; k < in; k++) {
                    s += ad[ai + k] * bd[k];
                }
                cd[ci] = s;
                continue;
            }
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
                int bj = j * in;
                double s = 0.0;
                for (int k = 0; k < in; k++) {
                    s += ad[ai + k] * bd[bj + k];
                }
                cd[ci + j] = s;
            }
        }
    }

    /**
     * Back-propagates the gradient {@code dy} of the loss with respect to y = x W^T + b: sets
     * dW = dy^T x and db = sum over rows of dy in the parameters' gradients, and, when {@code dx} is
     * not null, writes dx = dy W into it. Under weight normalization dW is then mapped to dg and dv.
     */
    public void backward(DMatrixRMaj x, DMatrixRMaj dy, DMatrixRMaj dx) {
        CommonOps_DDRM.multTransA(dy, x, weight.grad()); // dW = dy^T x
        double[] db = bias.grad().data;
        double[] dyd = dy.data;
        Arrays.fill(db, 0.0);
        int rows = dy.numRows;
        for (int r = 0; r < rows; r++) {
            int off = r * outputs;
            for (int j = 0; j < outputs; j++) {
                db[j] += dyd[off + j];
            }
        }
        if (dx != null) {
            CommonOps_DDRM.mult(dy, weight.value(), dx); // dx = dy W
        }
        if (weightNorm != null) {
            weightNorm.backward(weight.grad());
        }
    }
}
