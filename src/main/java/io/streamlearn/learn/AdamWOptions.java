package io.streamlearn.learn;

/**
 * Settings of AdamW as {@code torch.optim.AdamW} (Loshchilov and Hutter, 2019), the optimizer of an
 * MLP; PyTorch's defaults are 1e-3, (0.9, 0.999), 1e-8, 0.01.
 */
public record AdamWOptions(double learningRate, double beta1, double beta2, double eps, double weightDecay) {}
