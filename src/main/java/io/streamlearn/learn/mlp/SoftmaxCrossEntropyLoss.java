package io.streamlearn.learn.mlp;

import org.ejml.data.DMatrixRMaj;

/**
 * Softmax cross-entropy on logits as PyTorch's {@code CrossEntropyLoss(label_smoothing=eps)}: per
 * row L_i = -sum_k q_ik log softmax(z_i)_k with the smoothed target q_ik = (1 - eps) [k == t_i] +
 * eps / K (see {@link #smoothedTarget}); mean over the rows. dL/dz_ik = (softmax(z_i)_k - q_ik) / B.
 * The target rows may be any distribution (mixup mixes them).
 */
public final class SoftmaxCrossEntropyLoss implements BatchLoss {

    @Override
    public double lossAndGradient(DMatrixRMaj output, DMatrixRMaj target, DMatrixRMaj gradient) {
        int rows = output.numRows;
        int k = output.numCols;
        double[] z = output.data;
        double[] q = target.data;
        double[] g = gradient.data;
        double total = 0.0;
        for (int r = 0; r < rows; r++) {
            int off = r * k;
            double logSumExp = logSumExp(z, off, k);
            for (int j = 0; j < k; j++) {
                double logP = z[off + j] - logSumExp;
                total -= q[off + j] * logP;
                g[off + j] = (Math.exp(logP) - q[off + j]) / rows;
            }
        }
        return total / rows;
    }

    /** log sum_j exp(z_j) over z[off, off + k), shifted by the maximum so that it cannot overflow. */
    static double logSumExp(double[] z, int off, int k) {
        double max = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < k; j++) {
            max = Math.max(max, z[off + j]);
        }
        double sum = 0.0;
        for (int j = 0; j < k; j++) {
            sum += Math.exp(z[off + j] - max);
        }
        return max + Math.log(sum);
    }

    /** Writes softmax(z)_j = exp(z_j - logsumexp(z)) of the k logits z[off, off + k) into out[outOff, outOff + k). */
    public static void softmax(double[] z, int off, int k, double[] out, int outOff) {
        double logSumExp = logSumExp(z, off, k);
        for (int j = 0; j < k; j++) {
            out[outOff + j] = Math.exp(z[off + j] - logSumExp);
        }
    }

    /** Writes q_j = (1 - eps) [j == label] + eps / k into out[off, off + k). */
    public static void smoothedTarget(int label, int k, double eps, double[] out, int off) {
        for (int j = 0; j < k; j++) {
            out[off + j] = (j == label ? 1.0 - eps : 0.0) + eps / k;
        }
    }
}
