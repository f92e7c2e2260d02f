package io.streamlearn.topology;

import io.streamlearn.eval.EvaluationSettings;
import io.streamlearn.eval.LearningPipeline;
import io.streamlearn.learn.OnlineModel;
import io.streamlearn.record.RecordSchema;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * What the topology needs to know of one pipeline: its topics, its record schema and how to build
 * its learners. Made from a spec by {@link StreamlearnTopology}.
 *
 * @param learners a factory of a fresh model per learner name, in output order
 */
public record PipelineDefinition(
        String name,
        Topic<byte[], byte[]> input,
        Topic<byte[], byte[]> output,
        Topic<byte[], byte[]> deadLetter,
        RecordSchema schema,
        boolean standardize,
        EvaluationSettings settings,
        Map<String, Supplier<OnlineModel>> learners) {

    public PipelineDefinition {
        learners = new LinkedHashMap<>(learners);
    }

    public List<String> learnerNames() {
        return List.copyOf(learners.keySet());
    }

    public int classes() {
        return schema.classes().size();
    }

    /** Name of the pipeline's state store; its changelog is {@code <application.id>-<store>-changelog}. */
    public String storeName() {
        return "streamlearn-" + name + "-state";
    }

    /** A pipeline whose models have not learned anything yet. */
    public LearningPipeline newPipeline(LinkedHashMap<String, OnlineModel> models) {
        return new LearningPipeline(name, schema.dimension(), classes(), standardize, settings, models);
    }

    /** A pipeline continuing from the given models and the state {@link LearningPipeline#writeState()} wrote. */
    public LearningPipeline restorePipeline(LinkedHashMap<String, OnlineModel> models, byte[] state) {
        return LearningPipeline.restore(name, schema.dimension(), classes(), standardize, settings, models, state);
    }
}
