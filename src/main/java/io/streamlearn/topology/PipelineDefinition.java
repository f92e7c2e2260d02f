package io.streamlearn.topology;

import io.streamlearn.pipeline.PipelineBlueprint;
import io.streamlearn.record.RecordSchema;
import io.streamlearn.spec.LabelsSpec;
import io.streamlearn.spec.ParallelSpec;
import io.streamlearn.spec.ScopeSpec;
import io.streamlearn.spec.TopologySpec;
import java.util.List;

/**
 * What the topology needs to know of one pipeline: its {@link PipelineBlueprint} (schema, scaling,
 * evaluation, learners), its topics and its scope (one model set, or one per record key). Made from
 * a spec by {@link #of}.
 *
 * @param labels delayed labels on their own topic; null when labels come only inside feature records
 * @param parallel data-parallel training of a global pipeline; {@link ParallelSpec#OFF} by default
 * @param spec the YAML of the spec it was made from, as written (for the console); null for a pipeline built in code
 */
public record PipelineDefinition(
        PipelineBlueprint blueprint,
        Topic<byte[], byte[]> input,
        Topic<byte[], byte[]> output,
        Topic<byte[], byte[]> deadLetter,
        ScopeSpec scope,
        LabelsSpec labels,
        ParallelSpec parallel,
        String spec) {

    /** A pipeline without delayed labels, trained by one task. */
    public PipelineDefinition(PipelineBlueprint blueprint, Topic<byte[], byte[]> input, Topic<byte[], byte[]> output,
                              Topic<byte[], byte[]> deadLetter, ScopeSpec scope) {
        this(blueprint, input, output, deadLetter, scope, null, ParallelSpec.OFF, null);
    }

    /** A pipeline of global scope: one model set. */
    public PipelineDefinition(PipelineBlueprint blueprint, Topic<byte[], byte[]> input, Topic<byte[], byte[]> output,
                              Topic<byte[], byte[]> deadLetter) {
        this(blueprint, input, output, deadLetter, ScopeSpec.GLOBAL);
    }

    /** The pipeline of a validated spec. */
    public static PipelineDefinition of(TopologySpec spec) {
        return new PipelineDefinition(PipelineBlueprint.of(spec), Topic.ofBytes(spec.input()),
                Topic.ofBytes(spec.output()), Topic.ofBytes(spec.deadLetter()), spec.scope(), spec.labels(),
                spec.parallel(), spec.text());
    }

    /** The same pipeline with another blueprint. */
    public PipelineDefinition withBlueprint(PipelineBlueprint other) {
        return new PipelineDefinition(other, input, output, deadLetter, scope, labels, parallel, spec);
    }

    /** The same pipeline with another scope. */
    public PipelineDefinition withScope(ScopeSpec other) {
        return new PipelineDefinition(blueprint, input, output, deadLetter, other, labels, parallel, spec);
    }

    /** The same pipeline with delayed labels from {@code other.topic()}; null for none. */
    public PipelineDefinition withLabels(LabelsSpec other) {
        return new PipelineDefinition(blueprint, input, output, deadLetter, scope, other, parallel, spec);
    }

    /** Whether labels also come later on a label topic ({@code labels:}). */
    public boolean delayedLabels() {
        return labels != null;
    }

    /** The label topic; null without delayed labels. */
    public Topic<byte[], byte[]> labelTopic() {
        return labels == null ? null : Topic.ofBytes(labels.topic());
    }

    /**
     * Name of the store of records awaiting their label and of early labels (a key-value store,
     * RocksDB); its changelog is {@code <application.id>-<store>-changelog}.
     */
    public String labelStoreName() {
        return "streamlearn-" + name() + "-labels";
    }

    /** The same pipeline trained data-parallel (or not, with {@link ParallelSpec#OFF}). */
    public PipelineDefinition withParallel(ParallelSpec other) {
        return new PipelineDefinition(blueprint, input, output, deadLetter, scope, labels, other, spec);
    }

    /**
     * The topic a data-parallel pipeline's merged generations are broadcast on, to every partition:
     * {@code <application.id>-<pipeline>-merged}, with as many partitions as the input.
     */
    public String mergedTopic(String applicationId) {
        return applicationId + "-" + name() + "-merged";
    }

    /** The store of the merge task's contributions and last merged generation (changelogged). */
    public String mergeStoreName() {
        return "streamlearn-" + name() + "-parallel-merge";
    }

    public String name() {
        return blueprint.name();
    }

    public RecordSchema schema() {
        return blueprint.schema();
    }

    public List<String> learnerNames() {
        return blueprint.learnerNames();
    }

    public int classes() {
        return blueprint.classes();
    }

    /** Name of the pipeline's state store; its changelog is {@code <application.id>-<store>-changelog}. */
    public String storeName() {
        return "streamlearn-" + name() + "-state";
    }
}
