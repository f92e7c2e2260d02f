package io.streamlearn.topology;

import io.streamlearn.pipeline.PipelineBlueprint;
import io.streamlearn.record.RecordSchema;
import io.streamlearn.spec.TopologySpec;
import java.util.List;

/**
 * What the topology needs to know of one pipeline: its {@link PipelineBlueprint} (schema, scaling,
 * evaluation, learners) and its topics. Made from a spec by {@link #of}.
 */
public record PipelineDefinition(
        PipelineBlueprint blueprint,
        Topic<byte[], byte[]> input,
        Topic<byte[], byte[]> output,
        Topic<byte[], byte[]> deadLetter) {

    /** The pipeline of a validated spec. */
    public static PipelineDefinition of(TopologySpec spec) {
        return new PipelineDefinition(PipelineBlueprint.of(spec), Topic.ofBytes(spec.input()),
                Topic.ofBytes(spec.output()), Topic.ofBytes(spec.deadLetter()));
    }

    /** The same pipeline with another blueprint. */
    public PipelineDefinition withBlueprint(PipelineBlueprint other) {
        return new PipelineDefinition(other, input, output, deadLetter);
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
