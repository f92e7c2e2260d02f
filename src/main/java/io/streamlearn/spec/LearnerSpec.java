package io.streamlearn.spec;

import io.streamlearn.learn.AdamWOptions;
import io.streamlearn.learn.LinearModel;
import io.streamlearn.learn.LinearOptimizerOptions;
import io.streamlearn.learn.LinearOptions;
import io.streamlearn.learn.MlpOptions;
import io.streamlearn.learn.ModelPath;
import io.streamlearn.learn.OnlineModel;
import io.streamlearn.learn.TargetStandardizedModel;
import io.streamlearn.learn.drift.DriftOptions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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
     * Lasso, elastic net, logistic, softmax. With a list of {@code l1} and/or {@code l2} values it is
     * a regularization path ({@link #isPath()}): one model per value (per pair, for two lists),
     * predicting with the champion.
     *
     * @param name the learner's name: a metric label and part of the state key
     * @param l1 weight of the L1 penalty (the first of {@code l1Path} on a path)
     * @param l2 weight of the L2 penalty (the first of {@code l2Path} on a path)
     * @param optimizer sgd, ftrl or rda
     * @param noise standard deviation of Gaussian noise added to training features; 0 for none
     * @param seed seed of the augmentation noise; default 42
     * @param drift drift detection; null when off
     * @param standardizeTarget learn on a running-standardized target (regression)
     * @param l1Path the listed l1 values, in spec order; empty when l1 is one number
     * @param l2Path the listed l2 values, in spec order; empty when l2 is one number
     * @param select the loss by which a path's champion is chosen
     */
    record Linear(String name, double l1, double l2, LinearOptimizerOptions optimizer, double noise, long seed,
                  DriftOptions drift, boolean standardizeTarget, List<Double> l1Path, List<Double> l2Path,
                  PathSelection select)
            implements LearnerSpec {

        public Linear {
            l1Path = List.copyOf(l1Path);
            l2Path = List.copyOf(l2Path);
        }

        /** A linear learner without drift detection or target scaling. */
        public Linear(String name, double l1, double l2, LinearOptimizerOptions optimizer, double noise, long seed) {
            this(name, l1, l2, optimizer, noise, seed, null, false);
        }

        /** A linear learner with one l1 and one l2 value. */
        public Linear(String name, double l1, double l2, LinearOptimizerOptions optimizer, double noise, long seed,
                      DriftOptions drift, boolean standardizeTarget) {
            this(name, l1, l2, optimizer, noise, seed, drift, standardizeTarget, List.of(), List.of(),
                    PathSelection.HOLDOUT);
        }

        /** The options of this learner over {@code dimension} features and {@code classes} classes (0: regression). */
        public LinearOptions options(int dimension, int classes) {
            return new LinearOptions(dimension, classes, l1, l2, optimizer, noise, seed);
        }

        /** Whether {@code l1} or {@code l2} is a list: the learner is a regularization path. */
        public boolean isPath() {
            return !l1Path.isEmpty() || !l2Path.isEmpty();
        }

        /**
         * The path's members in order, each as its penalties by name ({@code l1} and/or {@code l2}, only
         * the listed ones); l1 varies slowest. Empty when not a path.
         */
        public List<Map<String, Double>> pathMembers() {
            List<Map<String, Double>> members = new ArrayList<>();
            if (!isPath()) {
                return members;
            }
            List<Double> l1s = l1Path.isEmpty() ? List.of(l1) : l1Path;
            List<Double> l2s = l2Path.isEmpty() ? List.of(l2) : l2Path;
            for (double a : l1s) {
                for (double b : l2s) {
                    Map<String, Double> m = new LinkedHashMap<>();
                    if (!l1Path.isEmpty()) {
                        m.put("l1", a);
                    }
                    if (!l2Path.isEmpty()) {
                        m.put("l2", b);
                    }
                    members.add(m);
                }
            }
            return members;
        }

        @Override
        public OnlineModel newModel(int dimension, int classes) {
            if (!isPath()) {
                return LearnerSpec.scaled(LinearModel.create(options(dimension, classes)), standardizeTarget);
            }
            List<Map<String, Double>> grid = pathMembers();
            List<String> names = new ArrayList<>(grid.get(0).keySet());
            double[][] penalties = new double[grid.size()][];
            List<OnlineModel> members = new ArrayList<>();
            for (int k = 0; k < grid.size(); k++) {
                Map<String, Double> m = grid.get(k);
                penalties[k] = m.values().stream().mapToDouble(Double::doubleValue).toArray();
                LinearOptions o = new LinearOptions(dimension, classes, m.getOrDefault("l1", l1),
                        m.getOrDefault("l2", l2), optimizer, noise, seed);
                members.add(LearnerSpec.scaled(LinearModel.create(o), standardizeTarget));
            }
            return new ModelPath(names, penalties, members);
        }
    }

    /** By which loss a path's champion is chosen ({@code select:}). */
    enum PathSelection {
        /** The current model's loss on the holdout reservoir, at each rescore. */
        HOLDOUT("holdout"),
        /** The prequential loss over the evaluation window. */
        PREQUENTIAL("prequential");

        private final String label;

        PathSelection(String label) {
            this.label = label;
        }

        public String label() {
            return label;
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
