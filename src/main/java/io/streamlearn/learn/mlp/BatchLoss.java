package io.streamlearn.learn.mlp;

import org.ejml.data.DMatrixRMaj;

/** A batch loss of the network's output against targets, one example per row. */
public interface BatchLoss {

    /**
     * Returns the mean loss over the rows of {@code output} against {@code target} (same shape) and
     * writes its gradient with respect to {@code output} into {@code gradient}.
     */
    double lossAndGradient(DMatrixRMaj output, DMatrixRMaj target, DMatrixRMaj gradient);
}
