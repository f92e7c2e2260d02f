package io.streamlearn.learn;

/**
 * Settings of a linear learner.
 *
 * @param dimension number of input features
 * @param classes 0 for regression (squared loss); 2 for binary logistic loss; K > 2 for softmax
 * @param l1 weight of the L1 penalty (objective: l1 ||w||_1)
 * @param l2 weight of the L2 penalty (objective: (l2/2) ||w||^2)
 * @param optimizer SGD (any schedule), FTRL or RDA
 * @param noise standard deviation of Gaussian noise added to training features; 0 for none
 * @param seed seed of the noise generator
 */
public record LinearOptions(
        int dimension, int classes, double l1, double l2, LinearOptimizerOptions optimizer, double noise, long seed) {

    /** These options with the optimizer's {@link LinearOptimizerOptions#forReplicas}. */
    public LinearOptions forReplicas(int replicas) {
        return new LinearOptions(dimension, classes, l1, l2, optimizer.forReplicas(replicas), noise, seed);
    }
}
