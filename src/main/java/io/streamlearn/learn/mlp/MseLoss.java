package io.streamlearn.learn.mlp;

import org.ejml.data.DMatrixRMaj;

/**
 * Mean squared error as PyTorch's {@code MSELoss(reduction='mean')}: L = (1/n) sum_i (yhat_i - y_i)^2
 * over all n entries of the batch, without the factor 1/2; dL/dyhat_i = 2 (yhat_i - y_i) / n.
 */
public final class MseLoss implements BatchLoss {

    @Override
    public double lossAndGradient(DMatrixRMaj output, DMatrixRMaj target, DMatrixRMaj gradient) {
        double[] o = output.data;
        double[] t = target.data;
        double[] g = gradient.data;
        int n = output.getNumElements();
        double sum = 0.0;
        for (int i = 0; i < n; i++) {
            double r = o[i] - t[i];
            sum += r * r;
            g[i] = 2.0 * r / n;
        }
        return sum / n;
    }
}
