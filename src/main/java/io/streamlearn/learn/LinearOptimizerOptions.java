package io.streamlearn.learn;

import java.util.function.Function;

/**
 * Settings of a linear learner's optimizer, as a spec names them. {@code l1} and {@code l2} are not
 * here: they are part of the objective and mean the same whatever the optimizer. An MLP's optimizer
 * is not one of these: it is {@link AdamWOptions}.
 */
public sealed interface LinearOptimizerOptions
        permits LinearOptimizerOptions.Sgd, LinearOptimizerOptions.Ftrl, LinearOptimizerOptions.Rda {

    /**
     * The result of the case of this optimizer's kind: an exhaustive choice over the kinds, checked by
     * the compiler (in Java 17 a pattern matching {@code switch} is only a preview feature). Another
     * kind would add a parameter here, and so not compile until every choice handles it.
     */
    <R> R match(Function<Sgd, R> sgd, Function<Ftrl, R> ftrl, Function<Rda, R> rda);

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
    record Sgd(double learningRate, Schedule schedule, double power) implements LinearOptimizerOptions {
        @Override
        public <R> R match(Function<Sgd, R> sgd, Function<Ftrl, R> ftrl, Function<Rda, R> rda) {
            return sgd.apply(this);
        }
    }

    /** FTRL-Proximal (McMahan et al., "Ad Click Prediction: a View from the Trenches", KDD 2013). */
    record Ftrl(double alpha, double beta) implements LinearOptimizerOptions {
        @Override
        public <R> R match(Function<Sgd, R> sgd, Function<Ftrl, R> ftrl, Function<Rda, R> rda) {
            return ftrl.apply(this);
        }
    }

    /** l1-regularized dual averaging (Xiao, "Dual Averaging Methods for Regularized Stochastic Learning", JMLR 2010). */
    record Rda(double gamma) implements LinearOptimizerOptions {
        @Override
        public <R> R match(Function<Sgd, R> sgd, Function<Ftrl, R> ftrl, Function<Rda, R> rda) {
            return rda.apply(this);
        }
    }
}
