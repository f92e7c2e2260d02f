package io.streamlearn.spec;

import io.streamlearn.learn.LinearModel;
import io.streamlearn.learn.LinearOptions;
import io.streamlearn.learn.Mlp;
import io.streamlearn.learn.MlpOptions;
import io.streamlearn.learn.OnlineModel;
import io.streamlearn.learn.OptimizerOptions;
import java.util.List;

/**
 * One learner of a spec, validated, defaults filled in. Fields that do not apply to the type are
 * at their neutral values (an MLP's l1 and l2 are 0; a linear learner's hidden is empty).
 *
 * @param name the learner's name: a metric label and part of the state key
 * @param type linear or mlp
 * @param l1 weight of the L1 penalty (linear only)
 * @param l2 weight of the L2 penalty (linear only)
 * @param optimizer sgd, ftrl or rda for a linear learner; adamw for an MLP
 * @param hidden widths of the MLP's hidden layers
 * @param dropout dropout probability of the MLP's hidden units, in [0, 1)
 * @param batchSize the MLP's examples per step
 * @param clipNorm the MLP's max total gradient norm; 0 for none
 * @param seed seed of initialisation, dropout and augmentation; default 42
 * @param layerNorm LayerNorm in the MLP's hidden layers
 * @param weightNorm weight normalization of the MLP's dense layers
 * @param labelSmoothing the MLP's label smoothing (classification only), in [0, 1)
 * @param noise standard deviation of Gaussian noise added to training features; 0 for none
 * @param mixup alpha of mixup within the MLP's batches; 0 for none
 */
public record LearnerSpec(
        String name,
        LearnerType type,
        double l1,
        double l2,
        OptimizerOptions optimizer,
        List<Integer> hidden,
        double dropout,
        int batchSize,
        double clipNorm,
        long seed,
        boolean layerNorm,
        boolean weightNorm,
        double labelSmoothing,
        double noise,
        double mixup) {

    public LearnerSpec {
        hidden = List.copyOf(hidden);
    }

    /** The options of a linear learner over {@code dimension} features and {@code classes} classes (0: regression). */
    public LinearOptions linearOptions(int dimension, int classes) {
        if (type != LearnerType.LINEAR) {
            throw new IllegalStateException("learner " + name + " is not linear");
        }
        return new LinearOptions(dimension, classes, l1, l2, optimizer, noise, seed);
    }

    /** The options of an MLP learner over {@code dimension} features and {@code classes} classes (0: regression). */
    public MlpOptions mlpOptions(int dimension, int classes) {
        if (type != LearnerType.MLP) {
            throw new IllegalStateException("learner " + name + " is not an mlp");
        }
        int[] widths = hidden.stream().mapToInt(Integer::intValue).toArray();
        return new MlpOptions(dimension, widths, classes, dropout, batchSize, (OptimizerOptions.AdamW) optimizer,
                clipNorm, layerNorm, weightNorm, labelSmoothing, noise, mixup, seed);
    }

    /** A new, untrained model of this learner. */
    public OnlineModel newModel(int dimension, int classes) {
        return type == LearnerType.LINEAR
                ? LinearModel.create(linearOptions(dimension, classes))
                : Mlp.create(mlpOptions(dimension, classes));
    }
}
