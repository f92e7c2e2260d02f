package io.streamlearn.spec;

import io.streamlearn.learn.AdamWOptions;
import io.streamlearn.learn.LinearModel;
import io.streamlearn.learn.LinearOptimizerOptions;
import io.streamlearn.learn.LinearOptions;
import io.streamlearn.learn.MlpOptions;
import io.streamlearn.learn.OnlineModel;
import io.streamlearn.learn.TargetStandardizedModel;
import io.streamlearn.learn.drift.DriftOptions;
import java.util.List;

/**
 * One learner of a spec, validated, defaults filled in: a {@link Linear} or an {@link Mlp} learner,
 * each with the settings of its kind and no others.
 */
public sealed interface LearnerSpec permits LearnerSpec.Linear, LearnerSpec.Mlp {

    /** The learner's name: a metric label and part of the state key. */
    String name();

    /**
     * A new, untrained model of this learner over {@code dimension} features and {@code classes}
     * classes (0: regression); wrapped in a {@link TargetStandardizedModel} when
     * {@link #standardizeTarget()}.
     */
    OnlineModel newModel(int dimension, int classes);

    /** The learner's drift detection ({@code drift:}); null when off. */
    DriftOptions drift();

    /** Whether the learner learns on a running-standardized target ({@code target: {standardize: true}}). */
    boolean standardizeTarget();

    /** The model, target-standardized when asked. */
    private static OnlineModel scaled(OnlineModel model, boolean standardizeTarget) {
        return standardizeTarget ? new TargetStandardizedModel(model) : model;
    }

    /**
     * A linear learner ({@code type: linear}): a linear model by proximal SGD, FTRL or RDA — Ridge,
     * Lasso, elastic net, logistic, softmax.
     *
     * @param name the learner's name: a metric label and part of the state key
     * @param l1 weight of the L1 penalty
     * @param l2 weight of the L2 penalty
     * @param optimizer sgd, ftrl or rda
     * @param noise standard deviation of Gaussian noise added to training features; 0 for none
     * @param seed seed of the augmentation noise; default 42
     * @param drift drift detection; null when off
     * @param standardizeTarget learn on a running-standardized target (regression)
     */
    record Linear(String name, double l1, double l2, LinearOptimizerOptions optimizer, double noise, long seed,
                  DriftOptions drift, boolean standardizeTarget)
            implements LearnerSpec {

        /** A linear learner without drift detection or target scaling. */
        public Linear(String name, double l1, double l2, LinearOptimizerOptions optimizer, double noise, long seed) {
            this(name, l1, l2, optimizer, noise, seed, null, false);
        }

        /** The options of this learner over {@code dimension} features and {@code classes} classes (0: regression). */
        public LinearOptions options(int dimension, int classes) {
            return new LinearOptions(dimension, classes, l1, l2, optimizer, noise, seed);
        }

        @Override
        public OnlineModel newModel(int dimension, int classes) {
            return LearnerSpec.scaled(LinearModel.create(options(dimension, classes)), standardizeTarget);
        }
    }

    /**
     * An MLP learner ({@code type: mlp}): a multilayer perceptron with dropout, trained by AdamW.
     *
     * @param name the learner's name: a metric label and part of the state key
     * @param hidden widths of the hidden layers
     * @param dropout dropout probability of the hidden units, in [0, 1)
     * @param batchSize examples per step
     * @param optimizer adamw
     * @param clipNorm max total gradient norm; 0 for none
     * @param seed seed of initialisation, dropout and augmentation; default 42
     * @param layerNorm LayerNorm in the hidden layers
     * @param weightNorm weight normalization of the dense layers
     * @param labelSmoothing label smoothing (classification only), in [0, 1)
     * @param noise standard deviation of Gaussian noise added to training features; 0 for none
     * @param mixup alpha of mixup within the batches; 0 for none
     * @param drift drift detection; null when off
     * @param standardizeTarget learn on a running-standardized target (regression)
     */
    record Mlp(
            String name,
            List<Integer> hidden,
            double dropout,
            int batchSize,
            AdamWOptions optimizer,
            double clipNorm,
            long seed,
            boolean layerNorm,
            boolean weightNorm,
            double labelSmoothing,
            double noise,
            double mixup,
            DriftOptions drift,
            boolean standardizeTarget) implements LearnerSpec {

        public Mlp {
            hidden = List.copyOf(hidden);
        }

        /** An MLP learner without drift detection or target scaling. */
        public Mlp(String name, List<Integer> hidden, double dropout, int batchSize, AdamWOptions optimizer,
                   double clipNorm, long seed, boolean layerNorm, boolean weightNorm, double labelSmoothing,
                   double noise, double mixup) {
            this(name, hidden, dropout, batchSize, optimizer, clipNorm, seed, layerNorm, weightNorm, labelSmoothing,
                    noise, mixup, null, false);
        }

        /** The options of this learner over {@code dimension} features and {@code classes} classes (0: regression). */
        public MlpOptions options(int dimension, int classes) {
            int[] widths = hidden.stream().mapToInt(Integer::intValue).toArray();
            return new MlpOptions(dimension, widths, classes, dropout, batchSize, optimizer, clipNorm, layerNorm,
                    weightNorm, labelSmoothing, noise, mixup, seed);
        }

        @Override
        public OnlineModel newModel(int dimension, int classes) {
            return LearnerSpec.scaled(io.streamlearn.learn.Mlp.create(options(dimension, classes)), standardizeTarget);
        }
    }
}
