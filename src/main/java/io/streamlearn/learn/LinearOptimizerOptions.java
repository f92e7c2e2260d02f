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

    /**
     * The options each of {@code replicas} data-parallel replicas trains with (docs/DESIGN.md
     * "Data-parallel training"): this, except for {@link Sgd#forReplicas}.
     */
    default LinearOptimizerOptions forReplicas(int replicas) {
        return this;
    }

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

        /**
         * invscaling: learningRate * P^(1 - power) for P replicas, the other schedules unchanged. After
         * n records in all, a replica's step counter is about n / P (merging averages the counters), so
         * averaging the P replicas moves the model by about sum_{t <= n/P} eta0 t^-power, which is
         * eta0 (n/P)^(1 - power) / (1 - power): P^(1 - power) times less than one task's n steps.
         * Scaling eta0 by that restores the single task's progress (the linear scaling rule of
         * large-batch SGD, for a decaying rate). A constant or AdaGrad rate reaches its noise floor
         * between merges anyway; scaling it only adds noise (bench/results/parallel-mixing-*.md).
         */
        @Override
        public Sgd forReplicas(int replicas) {
            if (replicas < 1) {
                throw new IllegalArgumentException("replicas must be >= 1: " + replicas);
            }
            return schedule == Schedule.INVSCALING && replicas > 1
                    ? new Sgd(learningRate * Math.pow(replicas, 1 - power), schedule, power)
                    : this;
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
