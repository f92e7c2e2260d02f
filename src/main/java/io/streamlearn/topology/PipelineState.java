package io.streamlearn.topology;

import io.streamlearn.learn.ModelCodec;
import io.streamlearn.learn.OnlineModel;
import io.streamlearn.pipeline.LearnerSlot;
import io.streamlearn.pipeline.LearningPipeline;
import io.streamlearn.pipeline.ModelSetSnapshot;
import io.streamlearn.pipeline.ParallelReplica;
import io.streamlearn.pipeline.PipelineBlueprint;
import io.streamlearn.pipeline.PipelineStateCodec;
import io.streamlearn.pipeline.Split;
import io.streamlearn.query.SaveCost;
import io.streamlearn.spec.ParallelSpec;
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
    /** A data-parallel replica's protocol state; null when the pipeline is trained by one task. */
    private final ParallelReplica replica;
    private boolean replicaChanged;
    /** Whether the replica published or adopted since the last commit. */
    private boolean publishedChanged;
    /** Whether {@link #load} found a stored evaluation state (written at every commit after a record). */
    private boolean stored;

    private PipelineState(StateKeys keys, LearningPipeline pipeline, SaveCost cost, ParallelReplica replica) {
        this.keys = keys;
        this.pipeline = pipeline;
        this.learners = pipeline.learnerNames();
        this.cost = cost;
        this.replica = replica;
    }

    /**
     * Reads the pipeline's state from the store: each stored model, a fresh one for a learner with
     * none stored, and the evaluation state when there is one.
     *
     * @throws StoredStateMismatchException when the stored state is unreadable or does not fit the spec
     * @throws io.streamlearn.topology.store.DamagedValueException when a stored value fails its checksum
     */
    public static PipelineState load(PipelineBlueprint blueprint, StateKeys keys, ChunkedValues values) {
        return load(blueprint, keys, values, new SaveCost());
    }

    /** {@link #load(PipelineBlueprint, StateKeys, ChunkedValues)}, adding what saving costs to {@code cost}. */
    static PipelineState load(PipelineBlueprint blueprint, StateKeys keys, ChunkedValues values, SaveCost cost) {
        return load(blueprint, keys, values, cost, ParallelSpec.OFF);
    }

    /**
     * {@link #load(PipelineBlueprint, StateKeys, ChunkedValues)} of a replica of a data-parallel
     * pipeline ({@code parallel} enabled), with its protocol state; as that method when it is off.
     */
    public static PipelineState load(PipelineBlueprint blueprint, StateKeys keys, ChunkedValues values,
                                     ParallelSpec parallel) {
        return load(blueprint, keys, values, new SaveCost(), parallel);
    }

    private static PipelineState load(PipelineBlueprint blueprint, StateKeys keys, ChunkedValues values, SaveCost cost,
                                      ParallelSpec parallel) {
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
            ParallelReplica replica = null;
            if (parallel.enabled()) {
                byte[] progress = values.get(keys.parallel());
                replica = progress == null ? new ParallelReplica(parallel.every())
                        : ParallelReplica.fromBytes(parallel.every(), progress, values.get(keys.parallelPublished()));
            }
            PipelineState state = new PipelineState(keys, pipeline, cost, replica);
            state.stored = evaluation != null;
            return state;
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new StoredStateMismatchException(blueprint.name(), e);
        }
    }

    public LearningPipeline pipeline() {
        return pipeline;
    }

    /** Whether this state was read from the store, not made fresh: a scope that has taken a record before. */
    boolean stored() {
        return stored;
    }

    /** Notes what a processed record changed. */
    public void recordProcessed(Split split) {
        evaluationChanged = true;
        modelsChanged |= split == Split.TRAIN;
    }

    /**
     * Counts a training record for the data-parallel replica; the contribution to publish, or null
     * (always null without {@code parallel}).
     */
    public ModelSetSnapshot trainedInParallel(int partition) {
        if (replica == null) {
            return null;
        }
        replicaChanged = true;
        ModelSetSnapshot contribution = replica.trained(pipeline, partition);
        publishedChanged |= contribution != null;
        return contribution;
    }

    /** Adopts a merged generation into the replica ({@link ParallelReplica#adopt}); whether it was new. */
    public boolean adopt(ModelSetSnapshot merged) {
        if (replica == null || !replica.adopt(pipeline, merged)) {
            return false;
        }
        replicaChanged = true;
        publishedChanged = true;
        modelsChanged = true;
        evaluationChanged = true; // the scaler
        return true;
    }

    /** The data-parallel replica's state; null without {@code parallel}. */
    public ParallelReplica replica() {
        return replica;
    }

    @Override
    public void saveChanges(ChunkedValues values) {
        if (replicaChanged) {
            values.put(keys.parallel(), replica.progressBytes());
            replicaChanged = false;
        }
        if (publishedChanged) {
            byte[] published = replica.publishedBytes();
            if (published == null) {
                values.delete(keys.parallelPublished());
            } else {
                values.put(keys.parallelPublished(), published);
            }
            publishedChanged = false;
        }
        if (!modelsChanged && !evaluationChanged) {
            return;
        }
        long start = System.nanoTime();
        long bytes = 0;
        if (modelsChanged) {
            for (LearnerSlot slot : pipeline.slots()) {
                byte[] model = ModelCodec.toBytes(slot.model());
                values.put(keys.learner(slot.name()), model);
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
        values.delete(keys.parallel());
        values.delete(keys.parallelPublished());
        modelsChanged = false;
        evaluationChanged = false;
    }

    /** What saving has cost so far. */
    public SaveCost saveCost() {
        return cost;
    }
}
