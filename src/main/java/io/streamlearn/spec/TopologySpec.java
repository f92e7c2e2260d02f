package io.streamlearn.spec;

import java.util.List;

/**
 * A validated topology spec ({@code topologies/*.yaml}, docs/DESIGN.md "Topology spec"), defaults filled
 * in. Built by {@link SpecParser}, which refuses a spec with any error.
 *
 * @param name pipeline name: metric label and state key prefix
 * @param input topic of feature records
 * @param output topic of predictions
 * @param deadLetter topic of rejected records; default {@code <input>.dlq}
 * @param task regression or classification
 * @param features the features' names or dimension, and standardization
 * @param evaluation holdout fraction, reservoir, recompute period, prequential window
 * @param classes class names in index order; empty for regression
 * @param learners in the spec's order, which is the output order
 * @param scope one model set for the pipeline, or one per record key, and the per-key limits
 * @param labels delayed labels on their own topic; null when labels come only inside feature records
 * @param parallel data-parallel training of a global pipeline; {@link ParallelSpec#OFF} by default
 * @param events the raw-event form of the features ({@code fields:}, {@code features.numeric} ...);
 *     null for feature records ({@code features.names} or {@code dimension})
 * @param text the spec's YAML as written, for the console; null for a spec built in code
 */
public record TopologySpec(
        String name,
        String input,
        String output,
        String deadLetter,
        Task task,
        FeaturesSpec features,
        EvaluationSpec evaluation,
        List<String> classes,
        List<LearnerSpec> learners,
        ScopeSpec scope,
        LabelsSpec labels,
        ParallelSpec parallel,
        EventSpec events,
        String text) {

    public TopologySpec {
        classes = List.copyOf(classes);
        learners = List.copyOf(learners);
    }

    /** A spec without delayed labels, trained by one task ({@link ParallelSpec#OFF}). */
    public TopologySpec(String name, String input, String output, String deadLetter, Task task, FeaturesSpec features,
                        EvaluationSpec evaluation, List<String> classes, List<LearnerSpec> learners, ScopeSpec scope) {
        this(name, input, output, deadLetter, task, features, evaluation, classes, learners, scope, null, ParallelSpec.OFF,
                null, null);
    }

    /** The same spec, read from {@code yaml}. */
    public TopologySpec withText(String yaml) {
        return new TopologySpec(name, input, output, deadLetter, task, features, evaluation, classes, learners, scope,
                labels, parallel, events, yaml);
    }

    /** Number of features. */
    public int dimension() {
        return features.dimension();
    }

    /** Number of classes; 0 for regression. */
    public int classCount() {
        return task == Task.CLASSIFICATION ? classes.size() : 0;
    }

    /** The learner of that name; throws IllegalArgumentException when there is none. */
    public LearnerSpec learner(String learnerName) {
        for (LearnerSpec l : learners) {
            if (l.name().equals(learnerName)) {
                return l;
            }
        }
        throw new IllegalArgumentException("spec " + name + " has no learner " + learnerName);
    }
}
