package io.streamlearn.pipeline;

/**
 * What a {@link LearningPipeline} predicted for a record whose label comes later
 * ({@link LearningPipeline#predictionsThen()}), for {@link LearningPipeline#learnDelayed}: per
 * learner in output order its prediction ({@code outputDimension} values), then a path learner's
 * member predictions, then a challenger's prediction (NaN when it had none); and each learner's
 * model version.
 */
public record PredictionsThen(double[] values, long[] versions) {}
