package io.streamlearn.pipeline;

/**
 * What a {@link LearningPipeline} predicted for a record whose label comes later
 * ({@link LearningPipeline#predictionsThen()}), for {@link LearningPipeline#learnDelayed}: per
 * learner in output order its prediction ({@code outputDimension} values), then a path learner's
 * member predictions, then a challenger's prediction (NaN when it had none); and each learner's
 * model version. Each {@link LearnerSlot} writes and reads its own part.
 */
public record PredictionsThen(double[] values, long[] versions) {

    /** A copy of what the slots predicted into {@code result}. */
    static PredictionsThen of(LearnerSlot[] slots, StepResult result) {
        double[] values = new double[width(slots)];
        long[] versions = new long[slots.length];
        int at = 0;
        for (LearnerSlot s : slots) {
            at = s.writeThen(result, values, at);
            versions[s.index] = result.version(s.index);
        }
        return new PredictionsThen(values, versions);
    }

    /**
     * Puts these predictions back: into {@code result} and the slots' member and challenger buffers.
     *
     * @throws IllegalArgumentException when they are not of these slots' shape
     */
    void restoreInto(LearnerSlot[] slots, StepResult result, CharSequence id, String pipeline) {
        if (versions.length != slots.length) {
            throw new IllegalArgumentException("the predictions of record " + id + " are of " + versions.length
                    + " learners; pipeline " + pipeline + " has " + slots.length);
        }
        if (values.length != width(slots)) {
            throw new IllegalArgumentException("the predictions of record " + id + " do not fit pipeline " + pipeline);
        }
        int at = 0;
        for (LearnerSlot s : slots) {
            at = s.readThen(values, at, result);
            result.setVersion(s.index, versions[s.index]);
        }
    }

    private static int width(LearnerSlot[] slots) {
        int n = 0;
        for (LearnerSlot s : slots) {
            n += s.thenWidth();
        }
        return n;
    }
}
