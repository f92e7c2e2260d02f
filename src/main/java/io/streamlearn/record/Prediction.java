package io.streamlearn.record;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One output record: what every learner predicted for one input record, before training on it.
 * Immutable: the constructor copies the arrays, the accessors return copies.
 *
 * <p>Conventions as in {@link FeatureRecord}: {@code label} is the target value (regression) or the
 * class index (classification), NaN when unlabeled; each learner's output is its predicted value
 * (one number) for regression, its class probabilities (K numbers, in the schema's class order)
 * for classification.
 */
public final class Prediction implements PredictionFields {

    private final String id;
    private final String pipeline;
    private final String split;
    private final double label;
    private final List<String> learners;
    private final double[][] outputs;
    private final long[] versions;
    private final Long timestamp;
    private final Map<String, Map<String, Double>> champions;

    /**
     * @param split {@code train}, {@code holdout} or {@code unlabeled}
     * @param learners learner names, in output order
     * @param outputs per learner, its output values
     * @param versions per learner, the model version that made the prediction
     * @param timestamp the input record's timestamp; null when it had none
     */
    public Prediction(String id, String pipeline, String split, double label, List<String> learners,
                      double[][] outputs, long[] versions, Long timestamp) {
        this(id, pipeline, split, label, learners, outputs, versions, timestamp, Map.of());
    }

    /**
     * @param champions per regularization-path learner (by name), its champion's penalties
     *     ({@code {"l1": 0.01}}); empty when no learner is a path
     */
    public Prediction(String id, String pipeline, String split, double label, List<String> learners,
                      double[][] outputs, long[] versions, Long timestamp,
                      Map<String, Map<String, Double>> champions) {
        if (outputs.length != learners.size() || versions.length != learners.size()) {
            throw new IllegalArgumentException(learners.size() + " learners, " + outputs.length + " outputs, "
                    + versions.length + " versions");
        }
        this.id = Objects.requireNonNull(id, "id");
        this.pipeline = Objects.requireNonNull(pipeline, "pipeline");
        this.split = Objects.requireNonNull(split, "split");
        this.label = label;
        this.learners = List.copyOf(learners);
        this.outputs = new double[outputs.length][];
        for (int i = 0; i < outputs.length; i++) {
            this.outputs[i] = outputs[i].clone();
        }
        this.versions = versions.clone();
        this.timestamp = timestamp;
        Map<String, Map<String, Double>> c = new LinkedHashMap<>();
        champions.forEach((learner, penalties) -> c.put(learner, java.util.Collections.unmodifiableMap(new LinkedHashMap<>(penalties))));
        this.champions = java.util.Collections.unmodifiableMap(c);
    }

    /** Per regularization-path learner, its champion's penalties by name; empty without paths. */
    public Map<String, Map<String, Double>> champions() {
        return champions;
    }

    public String id() {
        return id;
    }

    public String pipeline() {
        return pipeline;
    }

    public String split() {
        return split;
    }

    /** Target value or class index; NaN when unlabeled. */
    public double label() {
        return label;
    }

    public boolean labeled() {
        return !Double.isNaN(label);
    }

    public List<String> learners() {
        return learners;
    }

    /** A copy of learner i's output values. */
    public double[] output(int learnerIndex) {
        return outputs[learnerIndex].clone();
    }

    public long version(int learnerIndex) {
        return versions[learnerIndex];
    }

    /** The input record's timestamp; null when it had none. */
    public Long timestamp() {
        return timestamp;
    }

    @Override
    public boolean hasTimestamp() {
        return timestamp != null;
    }

    @Override
    public long timestampMillis() {
        return timestamp == null ? 0 : timestamp;
    }

    /** Learner i's output, not copied, for the writer. */
    @Override
    public double[] outputView(int learnerIndex) {
        return outputs[learnerIndex];
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Prediction p && id.equals(p.id) && pipeline.equals(p.pipeline) && split.equals(p.split)
                && Double.compare(label, p.label) == 0 && learners.equals(p.learners)
                && Arrays.deepEquals(outputs, p.outputs) && Arrays.equals(versions, p.versions)
                && Objects.equals(timestamp, p.timestamp) && champions.equals(p.champions);
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, pipeline, split, label, learners, Arrays.deepHashCode(outputs),
                Arrays.hashCode(versions), timestamp, champions);
    }

    @Override
    public String toString() {
        return "Prediction[id=" + id + ", pipeline=" + pipeline + ", split=" + split + ", label=" + label
                + ", learners=" + learners + ", outputs=" + Arrays.deepToString(outputs) + ", versions="
                + Arrays.toString(versions) + ", timestamp=" + timestamp + (champions.isEmpty() ? "" : ", champions=" + champions) + "]";
    }
}
