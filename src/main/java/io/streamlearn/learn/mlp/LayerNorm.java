package io.streamlearn.learn.mlp;

import java.util.Arrays;
import org.ejml.data.DMatrixRMaj;

/**
 * Layer normalization (Ba, Kiros and Hinton, 2016) as PyTorch's {@code nn.LayerNorm(width)}: per
 * row, xhat = (x - mean) / sqrt(var + 1e-5) with the biased variance, y = gamma * xhat + beta;
 * gamma starts at 1 and beta at 0.
 */
public final class LayerNorm {

    /** PyTorch's default epsilon. */
    private static final double EPS = 1e-5;

    private final int width;
    private final Parameter gamma;
    private final Parameter beta;

    public LayerNorm(String name, int width) {
        this.width = width;
        this.gamma = new Parameter(name + ".weight", 1, width, false);
        this.beta = new Parameter(name + ".bias", 1, width, false);
        Arrays.fill(gamma.value().data, 1.0);
    }

    public Parameter gamma() {
        return gamma;
    }

    public Parameter beta() {
        return beta;
    }

    /**
     * Writes y = gamma * xhat + beta into {@code y}, xhat into {@code xhat} and 1/sqrt(var + eps) of
     * each row into {@code rstd} (both kept for {@link #backward}).
     */
    public void forward(DMatrixRMaj x, DMatrixRMaj xhat, double[] rstd, DMatrixRMaj y) {
        double[] xd = x.data;
        double[] hd = xhat.data;
        double[] yd = y.data;
        double[] g = gamma.value().data;
        double[] b = beta.value().data;
        for (int r = 0; r < x.numRows; r++) {
            int off = r * width;
            double mean = 0.0;
            for (int j = 0; j < width; j++) {
                mean += xd[off + j];
            }
            mean /= width;
            double var = 0.0;
            for (int j = 0; j < width; j++) {
                double d = xd[off + j] - mean;
                var += d * d;
            }
            var /= width;
            double rs = 1.0 / Math.sqrt(var + EPS);
            rstd[r] = rs;
            for (int j = 0; j < width; j++) {
                double h = (xd[off + j] - mean) * rs;
                hd[off + j] = h;
                yd[off + j] = g[j] * h + b[j];
            }
        }
    }

    /**
     * From dy, sets dgamma = sum_rows dy * xhat and dbeta = sum_rows dy, and writes
     * dx = rstd (dxhat - mean(dxhat) - xhat mean(dxhat * xhat)) with dxhat = dy * gamma into
     * {@code dx} ({@code dx} may be {@code dy}).
     */
    public void backward(DMatrixRMaj xhat, double[] rstd, DMatrixRMaj dy, DMatrixRMaj dx) {
        double[] hd = xhat.data;
        double[] dyd = dy.data;
        double[] dxd = dx.data;
        double[] g = gamma.value().data;
        double[] dg = gamma.grad().data;
        double[] db = beta.grad().data;
        Arrays.fill(dg, 0.0);
        Arrays.fill(db, 0.0);
        for (int r = 0; r < xhat.numRows; r++) {
            int off = r * width;
            double meanDxhat = 0.0;
            double meanDxhatXhat = 0.0;
            for (int j = 0; j < width; j++) {
                double d = dyd[off + j];
                dg[j] += d * hd[off + j];
                db[j] += d;
                double dh = d * g[j];
                meanDxhat += dh;
                meanDxhatXhat += dh * hd[off + j];
            }
            meanDxhat /= width;
            meanDxhatXhat /= width;
            for (int j = 0; j < width; j++) {
                double dh = dyd[off + j] * g[j];
                dxd[off + j] = rstd[r] * (dh - meanDxhat - hd[off + j] * meanDxhatXhat);
            }
        }
    }
}
