package io.streamlearn.learn;

import java.util.Arrays;

/**
 * Settings of a multilayer perceptron.
 *
 * @param inputs number of input features
 * @param hidden widths of the hidden ReLU layers
 * @param classes 0 for regression (one linear output, MSELoss); K >= 2 for softmax with cross-entropy
 * @param dropout probability of zeroing a hidden unit in training (inverted dropout), in [0, 1)
 * @param batchSize examples per optimizer step
 * @param optimizer AdamW settings
 * @param clipNorm max total gradient norm ({@code clip_grad_norm_}); 0 for no clipping
 * @param layerNorm LayerNorm before each hidden activation
 * @param weightNorm weight normalization (Salimans and Kingma, 2016) of the dense layers
 * @param labelSmoothing epsilon of label smoothing for classification, in [0, 1)
 * @param noise standard deviation of Gaussian noise added to training features; 0 for none
 * @param mixupAlpha alpha of mixup (Zhang et al., 2018) within a batch; 0 for none
 * @param seed seed of initialisation, dropout and augmentation
 */
public record MlpOptions(
        int inputs,
        int[] hidden,
        int classes,
        double dropout,
        int batchSize,
        AdamWOptions optimizer,
        double clipNorm,
        boolean layerNorm,
        boolean weightNorm,
        double labelSmoothing,
        double noise,
        double mixupAlpha,
        long seed) {

    public MlpOptions {
        hidden = hidden.clone();
    }

    @Override
    public int[] hidden() {
        return hidden.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MlpOptions m
                && inputs == m.inputs && Arrays.equals(hidden, m.hidden) && classes == m.classes
                && dropout == m.dropout && batchSize == m.batchSize && optimizer.equals(m.optimizer)
                && clipNorm == m.clipNorm && layerNorm == m.layerNorm && weightNorm == m.weightNorm
                && labelSmoothing == m.labelSmoothing && noise == m.noise && mixupAlpha == m.mixupAlpha
                && seed == m.seed;
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(hidden) + Long.hashCode(seed) + inputs;
    }
}
