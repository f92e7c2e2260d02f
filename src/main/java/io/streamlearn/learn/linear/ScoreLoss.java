package io.streamlearn.learn.linear;

/**
 * The loss of a linear model as a function of its scores s_k = w_k . x + b_k (one score per
 * weight row). The optimizers only need dL/ds_k: the gradient of a weight is then dL/ds_k * x_j.
 */
public interface ScoreLoss {

    /** Number of weight rows (scores): 1 for squared and logistic loss, K for softmax. */
    int rows();

    /** Number of model outputs: 1 for a regressor, K (2 for logistic) for a classifier. */
    int outputs();

    /** Writes the model's outputs for {@code scores} into {@code out} (prediction or probabilities). */
    void output(double[] scores, double[] out);

    /** Writes dL/ds_k for the example's {@code label} into {@code gradient}; modifies only {@code gradient}. */
    void gradient(double[] scores, double label, double[] gradient);

    /** L(scores, label). */
    double value(double[] scores, double label);
}
