package io.streamlearn.pipeline;

import io.streamlearn.eval.EvaluationSettings;
import io.streamlearn.learn.OnlineModel;
import io.streamlearn.learn.ParameterMixing;
import io.streamlearn.learn.drift.DriftOptions;
import io.streamlearn.record.RecordSchema;
import io.streamlearn.spec.EventSpec;
import io.streamlearn.spec.LearnerSpec;
import io.streamlearn.spec.TopologySpec;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * What a pipeline is made of, without its topics: its name, its record schema, whether it
 * standardizes, its evaluation settings and a factory of each learner's untrained model. Made from
 * a validated spec; {@code replay} builds its {@link LearningPipeline} from this, the topology adds
 * the topics ({@code topology.PipelineDefinition}).
 *
 * @param learners a factory of a fresh model per learner name, in output order
 * @param drift the drift detection of the learners that have one, by learner name
 * @param prequentialPaths the regularization-path learners whose champion is chosen by prequential
 *     loss ({@code select: prequential}); the others by holdout loss
 * @param events the raw-event form of the spec (its pipelines read raw events through an
 *     {@link EventInput} and standardize the numeric columns only); null for feature records
 */
public record PipelineBlueprint(
        String name,
        RecordSchema schema,
        boolean standardize,
        EvaluationSettings settings,
        Map<String, Supplier<OnlineModel>> learners,
        Map<String, DriftOptions> drift,
        Set<String> prequentialPaths,
        EventSpec events) {

    public PipelineBlueprint {
        learners = new LinkedHashMap<>(learners);
        drift = new LinkedHashMap<>(drift);
        prequentialPaths = Set.copyOf(prequentialPaths);
    }

    /** A blueprint of feature records. */
    public PipelineBlueprint(String name, RecordSchema schema, boolean standardize, EvaluationSettings settings,
                             Map<String, Supplier<OnlineModel>> learners, Map<String, DriftOptions> drift,
                             Set<String> prequentialPaths) {
        this(name, schema, standardize, settings, learners, drift, prequentialPaths, null);
    }

    /** A blueprint whose paths (if any) choose their champion by holdout loss. */
    public PipelineBlueprint(String name, RecordSchema schema, boolean standardize, EvaluationSettings settings,
                             Map<String, Supplier<OnlineModel>> learners, Map<String, DriftOptions> drift) {
        this(name, schema, standardize, settings, learners, drift, Set.of());
    }

    /** A blueprint without drift detection. */
    public PipelineBlueprint(String name, RecordSchema schema, boolean standardize, EvaluationSettings settings,
                             Map<String, Supplier<OnlineModel>> learners) {
        this(name, schema, standardize, settings, learners, Map.of());
    }

    /** The blueprint of a validated spec. */
    public static PipelineBlueprint of(TopologySpec spec) {
        int dimension = spec.dimension();
        int classes = spec.classCount();
        Map<String, Supplier<OnlineModel>> learners = new LinkedHashMap<>();
        Map<String, DriftOptions> drift = new LinkedHashMap<>();
        Set<String> prequentialPaths = new HashSet<>();
        for (LearnerSpec l : spec.learners()) {
            learners.put(l.name(), () -> l.newModel(dimension, classes));
            if (l.drift() != null) {
                drift.put(l.name(), l.drift());
            }
            if (l instanceof LearnerSpec.Linear linear && linear.isPath()
                    && linear.select() == LearnerSpec.PathSelection.PREQUENTIAL) {
                prequentialPaths.add(l.name());
            }
        }
        return new PipelineBlueprint(spec.name(),
                spec.events() != null ? RecordSchema.events(dimension, spec.classes())
                        : RecordSchema.of(dimension, spec.features().names(), spec.classes()),
                spec.features().standardize(),
                new EvaluationSettings(spec.evaluation().holdoutFraction(), spec.evaluation().reservoir(),
                        spec.evaluation().every(), spec.evaluation().window()),
                learners, drift, prequentialPaths, spec.events());
    }

    /** The same pipeline with another record schema (other limits, say). */
    public PipelineBlueprint withSchema(RecordSchema other) {
        return new PipelineBlueprint(name, other, standardize, settings, learners, drift, prequentialPaths, events);
    }

    /**
     * The blueprint of each replica of this pipeline trained data-parallel over {@code partitions}
     * input partitions: its learners start from {@link ParameterMixing#forReplicas}. Throws, naming
     * the learner, when a replica's options are invalid (an invscaling rate scaled past 1 / l2).
     */
    public PipelineBlueprint forReplicas(int partitions) {
        Map<String, Supplier<OnlineModel>> replicas = new LinkedHashMap<>();
        learners.forEach((learner, factory) -> {
            Supplier<OnlineModel> replica = () -> ParameterMixing.forReplicas(factory.get(), partitions);
            try {
                replica.get();
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("pipeline " + name + ", learner " + learner + " trained over "
                        + partitions + " partitions: " + e.getMessage(), e);
            }
            replicas.put(learner, replica);
        });
        return new PipelineBlueprint(name, schema, standardize, settings, replicas, drift, prequentialPaths, events);
    }

    /** A fresh model of each learner that is a regularization path, by name, in output order. */
    public Map<String, io.streamlearn.learn.ModelPath> paths() {
        Map<String, io.streamlearn.learn.ModelPath> paths = new LinkedHashMap<>();
        learners.forEach((learner, factory) -> {
            if (factory.get() instanceof io.streamlearn.learn.ModelPath path) {
                paths.put(learner, path);
            }
        });
        return paths;
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

    /** A pipeline over the given models, with evaluation (and drift detection) starting afresh. */
    public LearningPipeline newPipeline(LinkedHashMap<String, OnlineModel> models) {
        LearningPipeline p = new LearningPipeline(name, schema.dimension(), classes(), standardize,
                events == null ? null : events.layout().numericColumns(), settings, models);
        if (events != null) {
            p.events = new EventInput(p, schema, events, schema.limits());
        }
        drift.forEach((learner, options) -> p.monitorDrift(learner, options, learners.get(learner)));
        for (String learner : prequentialPaths) {
            LearnerSlot slot = p.slot(learner);
            if (slot.isPath()) {
                slot.selectByPrequential();
            }
        }
        return p;
    }

    /** A pipeline continuing from the given models and the state {@link PipelineStateCodec#write} wrote. */
    public LearningPipeline restorePipeline(LinkedHashMap<String, OnlineModel> models, byte[] state) {
        return PipelineStateCodec.restore(newPipeline(models), state);
    }
}
