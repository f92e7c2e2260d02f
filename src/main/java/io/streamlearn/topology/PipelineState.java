package io.streamlearn.topology;

import io.streamlearn.learn.ModelCodec;
import io.streamlearn.learn.OnlineModel;
import io.streamlearn.pipeline.LearningPipeline;
import io.streamlearn.pipeline.PipelineBlueprint;
import io.streamlearn.pipeline.PipelineStateCodec;
import io.streamlearn.pipeline.Split;
import io.streamlearn.query.SaveCost;
import io.streamlearn.topology.store.ChunkedValues;
import io.streamlearn.topology.store.WorkingCopy;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The working copy of one pipeline's learning state: the {@link LearningPipeline} with its models,
 * and what changed since the last commit. Models change only on training records; the evaluation
 * state (scaler, reservoirs, evaluators, counters) on every record. {@link #saveChanges} writes
 * each changed part under its {@link StateKeys} key.
 */
public final class PipelineState implements WorkingCopy {

    private final StateKeys keys;
    private final LearningPipeline pipeline;
    private final List<String> learners;
    private boolean modelsChanged;
    private boolean evaluationChanged;
    private final SaveCost cost;

    private PipelineState(StateKeys keys, LearningPipeline pipeline, SaveCost cost) {
        this.keys = keys;
        this.pipeline = pipeline;
        this.learners = pipeline.learnerNames();
        this.cost = cost;
    }

    /**
     * Reads the pipeline's state from the store: each stored model, a fresh one for a learner with
     * none stored, and the evaluation state when there is one.
     *
     * @throws StoredStateMismatchException when the stored state is unreadable or does not fit the spec
     */
    public static PipelineState load(PipelineBlueprint blueprint, StateKeys keys, ChunkedValues values) {
        return load(blueprint, keys, values, new SaveCost());
    }

    /** {@link #load(PipelineBlueprint, StateKeys, ChunkedValues)}, adding what saving costs to {@code cost}. */
    static PipelineState load(PipelineBlueprint blueprint, StateKeys keys, ChunkedValues values, SaveCost cost) {
        LinkedHashMap<String, OnlineModel> models = new LinkedHashMap<>();
        try {
            for (Map.Entry<String, Supplier<OnlineModel>> learner : blueprint.learners().entrySet()) {
                byte[] stored = values.get(keys.learner(learner.getKey()));
                models.put(learner.getKey(), stored == null ? learner.getValue().get() : ModelCodec.fromBytes(stored));
            }
            byte[] evaluation = values.get(keys.evaluation());
            LearningPipeline pipeline = evaluation == null
                    ? blueprint.newPipeline(models)
                    : blueprint.restorePipeline(models, evaluation);
            return new PipelineState(keys, pipeline, cost);
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new StoredStateMismatchException(blueprint.name(), e);
        }
    }

    public LearningPipeline pipeline() {
        return pipeline;
    }

    /** Notes what a processed record changed. */
    public void recordProcessed(Split split) {
        evaluationChanged = true;
        modelsChanged |= split == Split.TRAIN;
    }

    @Override
    public void saveChanges(ChunkedValues values) {
        if (!modelsChanged && !evaluationChanged) {
            return;
        }
        long start = System.nanoTime();
        long bytes = 0;
        if (modelsChanged) {
            for (String learner : learners) {
                byte[] model = ModelCodec.toBytes(pipeline.model(learner));
                values.put(keys.learner(learner), model);
                bytes += model.length;
            }
        }
        if (evaluationChanged) {
            byte[] evaluation = PipelineStateCodec.write(pipeline);
            values.put(keys.evaluation(), evaluation);
            bytes += evaluation.length;
        }
        modelsChanged = false;
        evaluationChanged = false;
        cost.add(System.nanoTime() - start, bytes);
    }

    /** Deletes everything {@link #saveChanges} may have written for this scope. */
    void delete(ChunkedValues values) {
        for (String learner : learners) {
            values.delete(keys.learner(learner));
        }
        values.delete(keys.evaluation());
        modelsChanged = false;
        evaluationChanged = false;
    }

    /** What saving has cost so far. */
    public SaveCost saveCost() {
        return cost;
    }
}
