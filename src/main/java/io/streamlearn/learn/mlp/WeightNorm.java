package io.streamlearn.learn.mlp;

import org.ejml.data.DMatrixRMaj;

/**
 * Weight normalization (Salimans and Kingma, 2016) of a dense layer's weight as PyTorch's
 * {@code weight_norm(linear, dim=0)}: each output row is W_i = g_i v_i / ||v_i||, with trainable
 * g (length out) and v ([out][in]). Initialised from a weight W as v = W, g_i = ||W_i||, so the
 * effective weight starts equal to W.
 */
public final class WeightNorm {

    private final int rows;
    private final int cols;
    private final Parameter g;
    private final Parameter v;

    public WeightNorm(String name, int rows, int cols) {
        this.rows = rows;
        this.cols = cols;
        this.g = new Parameter(name + "_g", rows, 1, false);
        this.v = new Parameter(name + "_v", rows, cols, false);
    }

    public Parameter g() {
        return g;
    }

    public Parameter v() {
        return v;
    }

    /** Sets v = w and g_i = ||w_i||. */
    public void initializeFrom(DMatrixRMaj w) {
        v.value().setTo(w);
        for (int i = 0; i < rows; i++) {
            g.value().data[i] = rowNorm(w.data, i);
        }
    }

    /** Writes the effective weight W_i = g_i v_i / ||v_i|| into {@code w}. */
    public void computeWeight(DMatrixRMaj w) {
        double[] vd = v.value().data;
        double[] wd = w.data;
        for (int i = 0; i < rows; i++) {
            double scale = g.value().data[i] / rowNorm(vd, i);
            int off = i * cols;
            for (int j = 0; j < cols; j++) {
                wd[off + j] = vd[off + j] * scale;
            }
        }
    }

    /**
     * From the gradient dW of the effective weight, sets dg_i = dW_i . v_i / ||v_i|| and
     * dv_i = (g_i / ||v_i||) dW_i - (g_i dg_i / ||v_i||^2) v_i.
     */
    public void backward(DMatrixRMaj dW) {
        double[] vd = v.value().data;
        double[] dwd = dW.data;
        double[] dg = g.grad().data;
        double[] dv = v.grad().data;
        for (int i = 0; i < rows; i++) {
            double norm = rowNorm(vd, i);
            int off = i * cols;
            double dot = 0.0;
            for (int j = 0; j < cols; j++) {
                dot += dwd[off + j] * vd[off + j];
            }
            double gi = g.value().data[i];
            double dgi = dot / norm;
            dg[i] = dgi;
            double a = gi / norm;
            double b = gi * dgi / (norm * norm);
            for (int j = 0; j < cols; j++) {
                dv[off + j] = a * dwd[off + j] - b * vd[off + j];
            }
        }
    }

    private double rowNorm(double[] m, int row) {
        double sum = 0.0;
        int off = row * cols;
        for (int j = 0; j < cols; j++) {
            sum += m[off + j] * m[off + j];
        }
        return Math.sqrt(sum);
    }
}
