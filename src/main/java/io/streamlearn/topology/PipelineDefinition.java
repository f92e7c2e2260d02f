package io.streamlearn.topology;

import io.streamlearn.eval.EvaluationSettings;
import io.streamlearn.learn.OnlineModel;
import io.streamlearn.pipeline.LearningPipeline;
import io.streamlearn.record.RecordSchema;
import io.streamlearn.spec.LearnerSpec;
import io.streamlearn.spec.TopologySpec;
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

    /** The pipeline of a validated spec. */
    public static PipelineDefinition of(TopologySpec spec) {
        int dimension = spec.dimension();
        int classes = spec.classCount();
        Map<String, Supplier<OnlineModel>> learners = new LinkedHashMap<>();
        for (LearnerSpec l : spec.learners()) {
            learners.put(l.name(), () -> l.newModel(dimension, classes));
        }
        return new PipelineDefinition(spec.name(), Topic.ofBytes(spec.input()), Topic.ofBytes(spec.output()),
                Topic.ofBytes(spec.deadLetter()), RecordSchema.of(dimension, spec.features().names(), spec.classes()),
                spec.features().standardize(),
                new EvaluationSettings(spec.evaluation().holdoutFraction(), spec.evaluation().reservoir(),
                        spec.evaluation().every(), spec.evaluation().window()),
                learners);
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

    /** A pipeline of new, untrained models, one per learner. */
    public LearningPipeline newPipeline() {
        LinkedHashMap<String, OnlineModel> models = new LinkedHashMap<>();
        learners.forEach((name, model) -> models.put(name, model.get()));
        return newPipeline(models);
    }

    /** A pipeline over the given models, with evaluation starting afresh. */
    public LearningPipeline newPipeline(LinkedHashMap<String, OnlineModel> models) {
        return new LearningPipeline(name, schema.dimension(), classes(), standardize, settings, models);
    }

    /** A pipeline continuing from the given models and the state {@link LearningPipeline#writeState()} wrote. */
    public LearningPipeline restorePipeline(LinkedHashMap<String, OnlineModel> models, byte[] state) {
        return LearningPipeline.restore(name, schema.dimension(), classes(), standardize, settings, models, state);
    }
}
