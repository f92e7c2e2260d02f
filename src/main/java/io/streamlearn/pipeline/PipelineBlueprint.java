package io.streamlearn.pipeline;

import io.streamlearn.eval.EvaluationSettings;
import io.streamlearn.learn.OnlineModel;
import io.streamlearn.record.RecordSchema;
import io.streamlearn.spec.LearnerSpec;
import io.streamlearn.spec.TopologySpec;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * What a pipeline is made of, without its topics: its name, its record schema, whether it
 * standardizes, its evaluation settings and a factory of each learner's untrained model. Made from
 * a validated spec; {@code replay} builds its {@link LearningPipeline} from this, the topology adds
 * the topics ({@code topology.PipelineDefinition}).
 *
 * @param learners a factory of a fresh model per learner name, in output order
 */
public record PipelineBlueprint(
        String name,
        RecordSchema schema,
        boolean standardize,
        EvaluationSettings settings,
        Map<String, Supplier<OnlineModel>> learners) {

    public PipelineBlueprint {
        learners = new LinkedHashMap<>(learners);
    }

    /** The blueprint of a validated spec. */
    public static PipelineBlueprint of(TopologySpec spec) {
        int dimension = spec.dimension();
        int classes = spec.classCount();
        Map<String, Supplier<OnlineModel>> learners = new LinkedHashMap<>();
        for (LearnerSpec l : spec.learners()) {
            learners.put(l.name(), () -> l.newModel(dimension, classes));
        }
        return new PipelineBlueprint(spec.name(),
                RecordSchema.of(dimension, spec.features().names(), spec.classes()),
                spec.features().standardize(),
                new EvaluationSettings(spec.evaluation().holdoutFraction(), spec.evaluation().reservoir(),
                        spec.evaluation().every(), spec.evaluation().window()),
                learners);
    }

    /** The same pipeline with another record schema (other limits, say). */
    public PipelineBlueprint withSchema(RecordSchema other) {
        return new PipelineBlueprint(name, other, standardize, settings, learners);
    }

    public List<String> learnerNames() {
        return List.copyOf(learners.keySet());
    }

    /** 0 for regression, K for classification over K classes. */
    public int classes() {
        return schema.classes().size();
    }

    /** A pipeline of new, untrained models, one per learner. */
    public LearningPipeline newPipeline() {
        LinkedHashMap<String, OnlineModel> models = new LinkedHashMap<>();
        learners.forEach((learner, model) -> models.put(learner, model.get()));
        return newPipeline(models);
    }

    /** A pipeline over the given models, with evaluation starting afresh. */
    public LearningPipeline newPipeline(LinkedHashMap<String, OnlineModel> models) {
        return new LearningPipeline(name, schema.dimension(), classes(), standardize, settings, models);
    }

    /** A pipeline continuing from the given models and the state {@link PipelineStateCodec#write} wrote. */
    public LearningPipeline restorePipeline(LinkedHashMap<String, OnlineModel> models, byte[] state) {
        return PipelineStateCodec.restore(newPipeline(models), state);
    }
}
