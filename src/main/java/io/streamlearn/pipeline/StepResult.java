package io.streamlearn.pipeline;

import io.streamlearn.learn.TrainResult;
import java.util.Arrays;
import java.util.Map;

/**
 * What {@link LearningPipeline#process} did with one record: its split, each learner's prediction
 * (made before training) and model version, and each learner's training outcome.
 *
 * <p>One instance per pipeline is reused by every {@code process} call, so the per-record path
 * allocates nothing: read it (or copy what you keep) before the next call. Learners are indexed in
 * the order of {@link LearningPipeline#learnerNames()}.
 */
public final class StepResult {

    private final double[][] predictions;
    private final long[] versions;
    private final TrainResult[] trainResults;
    private final long[] trainNanos;
    private final boolean[] clipped;
    private final boolean[] drift;
    /** Per learner: its path champion's penalties, or null when it is not a path. */
    private final Map<?, ?>[] champions;
    private Split split;

    StepResult(int learners, int outputDimension) {
        this.predictions = new double[learners][outputDimension];
        this.versions = new long[learners];
        this.trainResults = new TrainResult[learners];
        this.trainNanos = new long[learners];
        this.clipped = new boolean[learners];
        this.drift = new boolean[learners];
        this.champions = new Map<?, ?>[learners];
    }

    /**
     * The penalties ({@code l1} and/or {@code l2}) of the member of the learner's regularization path
     * that made the prediction; null when the learner is not a path.
     */
    @SuppressWarnings("unchecked")
    public Map<String, Double> champion(int learnerIndex) {
        return (Map<String, Double>) champions[learnerIndex];
    }

    /** Whether some learner is a regularization path (then {@link #champion} is set for it). */
    public boolean hasChampions() {
        for (Map<?, ?> c : champions) {
            if (c != null) {
                return true;
            }
        }
        return false;
    }

    public Split split() {
        return split;
    }

    /**
     * The learner's prediction, {@code outputDimension} values: the predicted value for a regressor,
     * the class probabilities for a classifier. The array is the result's own buffer: do not modify.
     */
    public double[] prediction(int learnerIndex) {
        return predictions[learnerIndex];
    }

    /** The model's version (its optimizer steps, {@code updates()}) when it made the prediction. */
    public long version(int learnerIndex) {
        return versions[learnerIndex];
    }

    /** The training outcome; null when the record was not trained on. */
    public TrainResult trainResult(int learnerIndex) {
        return trainResults[learnerIndex];
    }

    /** Wall time of the learner's {@code train} call (System.nanoTime), in ns; 0 when not trained on. */
    public long trainNanos(int learnerIndex) {
        return trainNanos[learnerIndex];
    }

    /** Whether the learner's step on this record had its gradient clipped. */
    public boolean gradientClipped(int learnerIndex) {
        return clipped[learnerIndex];
    }

    /** Whether the learner's drift detector reported a drift at this record. */
    public boolean driftDetected(int learnerIndex) {
        return drift[learnerIndex];
    }

    public int learnerCount() {
        return versions.length;
    }

    void begin(Split split) {
        this.split = split;
        Arrays.fill(trainResults, null);
        Arrays.fill(trainNanos, 0L);
        Arrays.fill(clipped, false);
        Arrays.fill(drift, false);
    }

    double[] predictionBuffer(int learnerIndex) {
        return predictions[learnerIndex];
    }

    void setVersion(int learnerIndex, long version) {
        versions[learnerIndex] = version;
    }

    void setTrainResult(int learnerIndex, TrainResult result, long nanos, boolean gradientClipped) {
        trainResults[learnerIndex] = result;
        trainNanos[learnerIndex] = nanos;
        clipped[learnerIndex] = gradientClipped;
    }

    void setChampion(int learnerIndex, Map<String, Double> penalties) {
        champions[learnerIndex] = penalties;
    }

    void setDriftDetected(int learnerIndex) {
        drift[learnerIndex] = true;
    }
}
