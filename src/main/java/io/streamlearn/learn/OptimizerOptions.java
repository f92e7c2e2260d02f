package io.streamlearn.learn;

/**
 * Settings of an optimizer, as a spec names them. {@code l1} and {@code l2} are not here: they are
 * part of the objective and mean the same whatever the optimizer.
 */
public sealed interface OptimizerOptions
        permits OptimizerOptions.Sgd, OptimizerOptions.Ftrl, OptimizerOptions.Rda, OptimizerOptions.AdamW {

    /** Step size schedule of plain (proximal) SGD. */
    enum Schedule {
        /** eta_t = learningRate. */
        CONSTANT,
        /** eta_t = learningRate / t^power, t = 1 at the first step (sklearn's {@code invscaling}). */
        INVSCALING,
        /** per coordinate eta_t,j = learningRate / sqrt(sum of squared gradients of j) (Duchi et al., 2011). */
        ADAGRAD
    }

    /** Proximal SGD. sklearn's SGDRegressor defaults: eta0 0.01, invscaling with power 0.25. */
    record Sgd(double learningRate, Schedule schedule, double power) implements OptimizerOptions {}

    /** FTRL-Proximal (McMahan et al., "Ad Click Prediction: a View from the Trenches", KDD 2013). */
    record Ftrl(double alpha, double beta) implements OptimizerOptions {}

    /** l1-regularized dual averaging (Xiao, "Dual Averaging Methods for Regularized Stochastic Learning", JMLR 2010). */
    record Rda(double gamma) implements OptimizerOptions {}

    /** AdamW as {@code torch.optim.AdamW} (Loshchilov and Hutter, 2019); PyTorch's defaults are 1e-3, (0.9, 0.999), 1e-8, 0.01. */
    record AdamW(double learningRate, double beta1, double beta2, double eps, double weightDecay)
            implements OptimizerOptions {}
}
