package io.streamlearn.eval;

/**
 * A learner's current evaluation. Losses are squared error (regression) or log loss
 * (classification); accuracies are NaN for regression. A value not yet measured is NaN.
 *
 * @param prequentialLoss mean loss of the predictions made before training, over the last
 *     {@code window} training records
 * @param trainLoss the current model's mean loss on the reservoir of recent training records, as of
 *     the last recompute
 * @param holdoutLoss the same on the reservoir of recent holdout records
 * @param gap holdoutLoss - trainLoss
 * @param prequentialAccuracy share of correct pre-training predictions over the window
 * @param trainAccuracy accuracy on the training reservoir at the last recompute
 * @param holdoutAccuracy accuracy on the holdout reservoir at the last recompute
 * @param updates optimizer steps of the model
 * @param rejectedSteps training calls the model refused because a parameter would have become non-finite
 */
public record LearnerStats(
        double prequentialLoss,
        double trainLoss,
        double holdoutLoss,
        double gap,
        double prequentialAccuracy,
        double trainAccuracy,
        double holdoutAccuracy,
        long updates,
        long rejectedSteps) {}
