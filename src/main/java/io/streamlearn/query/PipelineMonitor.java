package io.streamlearn.query;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.streamlearn.encode.EventLayout;
import io.streamlearn.eval.LearnerStats;
import io.streamlearn.learn.ModelPath;
import io.streamlearn.learn.OnlineModel;
import io.streamlearn.metrics.LearnerReading;
import io.streamlearn.metrics.PipelineReadings;
import io.streamlearn.metrics.UpdateTimer;
import io.streamlearn.pipeline.LabelOutcome;
import io.streamlearn.pipeline.LearnerSlot;
import io.streamlearn.pipeline.LearningPipeline;
import io.streamlearn.pipeline.Split;
import io.streamlearn.record.RecordSchema;
import io.streamlearn.record.RejectReason;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.DoubleConsumer;

/**
 * What one pipeline has done, for the HTTP server, the demo table and the metrics: record counts
 * by outcome, dead letters by reason (updated per record by the stream thread, read by any thread),
 * optimizer steps and clipped steps per learner, and a snapshot of every learner's evaluation,
 * published by the processor about once a second. It is what the metrics read
 * ({@link PipelineReadings}): a scrape never touches the working copy.
 */
public final class PipelineMonitor implements PipelineReadings {

    /** One learner's state at a snapshot. */
    public record LearnerSnapshot(String learner, LearnerStats stats, long nonZeroWeights, long weightCount,
                                  double weightsL1, double weightsL2, double lastGradientNorm, long clippedSteps,
                                  List<LearnerStats> pathStats, List<Long> pathNonZero, Map<String, Double> champion)
            implements LearnerReading {

        public LearnerSnapshot {
            pathStats = List.copyOf(pathStats);
            pathNonZero = List.copyOf(pathNonZero);
            champion = Map.copyOf(champion);
        }

        /** A learner that is not a regularization path. */
        public LearnerSnapshot(String learner, LearnerStats stats, long nonZeroWeights, long weightCount,
                               double weightsL1, double weightsL2, double lastGradientNorm, long clippedSteps) {
            this(learner, stats, nonZeroWeights, weightCount, weightsL1, weightsL2, lastGradientNorm, clippedSteps,
                    List.of(), List.of(), Map.of());
        }

        /** Every learner of {@code p}, in output order; call on the thread that owns {@code p}. */
        public static List<LearnerSnapshot> of(LearningPipeline p) {
            List<LearnerSnapshot> snapshot = new ArrayList<>();
            for (LearnerSlot slot : p.slots()) {
                OnlineModel m = slot.model();
                List<Long> nonZero = new ArrayList<>();
                Map<String, Double> champion = Map.of();
                if (m instanceof ModelPath path) {
                    for (int k = 0; k < path.size(); k++) {
                        nonZero.add(path.member(k).nonZeroWeights());
                    }
                    champion = path.penalties(path.champion());
                }
                snapshot.add(new LearnerSnapshot(slot.name(), slot.stats(), m.nonZeroWeights(), m.weightCount(),
                        m.weightsL1(), m.weightsL2(), m.lastGradientNorm(), m.clippedSteps(), slot.memberStats(),
                        nonZero, champion));
            }
            return List.copyOf(snapshot);
        }
    }

    private static final List<String> REJECT_REASONS = java.util.Arrays.stream(RejectReason.values())
            .map(RejectReason::label).toList();

    private final String pipeline;
    private final List<String> learnerNames;
    private final boolean classification;
    private final Map<Split, LongAdder> records = new EnumMap<>(Split.class);
    private final Map<RejectReason, LongAdder> rejected = new EnumMap<>(RejectReason.class);
    private final LongAdder[] updates;
    private final LongAdder[] clipped;
    private final Map<String, List<String>> pathLabels;
    private final Map<String, List<String>> pathPenalties;
    private volatile UpdateTimer updateTimer = UpdateTimer.NONE;
    private volatile List<LearnerSnapshot> learners = List.of();
    /** Per learner, the stored drift count at the last snapshot. */
    private volatile long[] driftDetections;
    private volatile Map<String, ObjectNode> models = Map.of();
    private volatile SaveCost saveCost;
    private volatile PredictionSnapshot predictor;
    /** Training records of the pipeline when {@link #predictor} was copied; -1: never. */
    private long predictorTrained = -1;
    private final boolean perKey;
    /** {@code scope: key}: what each task of this instance last published. */
    private final Map<String, KeyReading> keyTasks = new LinkedHashMap<>();
    private final LongAdder keysEvicted = new LongAdder();
    private volatile boolean parallel;
    private final AtomicLong parallelGeneration = new AtomicLong();
    private final LongAdder keysExpired = new LongAdder();
    private volatile long keys;
    private volatile boolean delayedLabels;
    private final Map<LabelOutcome, LongAdder> labelOutcomes = new EnumMap<>(LabelOutcome.class);
    private volatile DoubleConsumer labelDelays = seconds -> { };
    private volatile long cachedKeys;
    private final RecentOutputs recent = new RecentOutputs();
    /** A raw-event pipeline's encoder counts at the last snapshot (summed over keys); null for feature records. */
    private volatile FieldCounts fieldCounts;
    /** The raw-event layout ({@link #expectEvents}); null for feature records. */
    private volatile EventLayout eventLayout;

    /** One task's keys at its last snapshot. */
    private record KeyReading(long keys, long cached, KeyAggregate learners) {}

    /**
     * @param learnerNames the pipeline's learners in output order
     * @param classification whether the pipeline classifies
     */
    public PipelineMonitor(String pipeline, List<String> learnerNames, boolean classification) {
        this(pipeline, learnerNames, classification, false, Map.of());
    }

    /**
     * @param perKey whether the pipeline keeps one model set per record key ({@code scope: key})
     * @param paths a fresh model of each regularization-path learner, by name: where its member
     *     labels and penalties come from
     */
    public PipelineMonitor(String pipeline, List<String> learnerNames, boolean classification, boolean perKey,
                           Map<String, ModelPath> paths) {
        this.perKey = perKey;
        Map<String, List<String>> labels = new java.util.HashMap<>();
        Map<String, List<String>> penalties = new java.util.HashMap<>();
        paths.forEach((learner, path) -> {
            labels.put(learner, path.labels());
            penalties.put(learner, path.penaltyNames());
        });
        this.pathLabels = Map.copyOf(labels);
        this.pathPenalties = Map.copyOf(penalties);
        this.pipeline = pipeline;
        this.learnerNames = List.copyOf(learnerNames);
        this.classification = classification;
        this.updates = new LongAdder[learnerNames.size()];
        this.clipped = new LongAdder[learnerNames.size()];
        for (int i = 0; i < updates.length; i++) {
            updates[i] = new LongAdder();
            clipped[i] = new LongAdder();
        }
        this.driftDetections = new long[learnerNames.size()];
        for (Split s : Split.values()) {
            records.put(s, new LongAdder());
        }
        for (RejectReason r : RejectReason.values()) {
            rejected.put(r, new LongAdder());
        }
        for (LabelOutcome o : LabelOutcome.values()) {
            labelOutcomes.put(o, new LongAdder());
        }
    }

    /**
     * The pipeline reads raw events laid out as {@code layout}: its encoder's per-field counts are
     * exported (zero until the first snapshot). Call before binding.
     */
    public void expectEvents(EventLayout layout) {
        eventLayout = layout;
        fieldCounts = FieldCounts.zero(layout);
    }

    @Override
    public List<String> missingFields() {
        FieldCounts c = fieldCounts;
        return c == null ? List.of() : c.fields().stream().map(FieldCounts.Field::name).toList();
    }

    @Override
    public List<String> vocabularyFields() {
        FieldCounts c = fieldCounts;
        return c == null ? List.of() : c.fields().stream().filter(FieldCounts.Field::oneHot)
                .map(FieldCounts.Field::name).toList();
    }

    @Override
    public long vocabularySize(String field) {
        FieldCounts c = fieldCounts;
        return c == null ? 0 : c.vocabularySize(field);
    }

    @Override
    public long missingTotal(String field) {
        FieldCounts c = fieldCounts;
        return c == null ? 0 : c.missing(field);
    }

    @Override
    public long otherTotal(String field) {
        FieldCounts c = fieldCounts;
        return c == null ? 0 : c.other(field);
    }

    /** The pipeline takes delayed labels ({@code labels:}): its label metrics are exported. Call before binding. */
    public void expectDelayedLabels() {
        delayedLabels = true;
    }

    @Override
    public boolean delayedLabels() {
        return delayedLabels;
    }

    @Override
    public long labels(LabelOutcome outcome) {
        return labelOutcomes.get(outcome).sum();
    }

    @Override
    public void recordLabelDelaysWith(DoubleConsumer delays) {
        this.labelDelays = delays;
    }

    /** A delayed label (or a record awaiting one) came to {@code outcome}; called on the stream thread. */
    public void labelOutcome(LabelOutcome outcome) {
        labelOutcomes.get(outcome).increment();
    }

    /** A label joined its record {@code seconds} after it (record timestamps; 0 when earlier). */
    public void labelJoined(double seconds) {
        labelOutcomes.get(LabelOutcome.JOINED).increment();
        labelDelays.accept(Math.max(0, seconds));
    }

    @Override
    public String pipeline() {
        return pipeline;
    }

    @Override
    public List<String> learnerNames() {
        return learnerNames;
    }

    @Override
    public boolean classification() {
        return classification;
    }

    @Override
    public List<String> rejectReasons() {
        return REJECT_REASONS;
    }

    @Override
    public long rejected(String reason) {
        for (RejectReason r : RejectReason.values()) {
            if (r.label().equals(reason)) {
                return rejected(r);
            }
        }
        return 0;
    }

    @Override
    public long modelUpdates(int learnerIndex) {
        return updates[learnerIndex].sum();
    }

    @Override
    public long clippedSteps(int learnerIndex) {
        return clipped[learnerIndex].sum();
    }

    @Override
    public List<String> pathLabels(int learnerIndex) {
        return pathLabels.getOrDefault(learnerNames.get(learnerIndex), List.of());
    }

    @Override
    public List<String> pathPenalties(int learnerIndex) {
        return pathPenalties.getOrDefault(learnerNames.get(learnerIndex), List.of());
    }

    @Override
    public long driftDetections(int learnerIndex) {
        return driftDetections[learnerIndex];
    }

    @Override
    public void timeUpdatesWith(UpdateTimer timer) {
        this.updateTimer = timer;
    }

    /** The learner took an optimizer step that lasted {@code nanos}; called on the stream thread. */
    public void learnerStepped(int learnerIndex, long nanos, boolean gradientClipped) {
        updates[learnerIndex].increment();
        if (gradientClipped) {
            clipped[learnerIndex].increment();
        }
        updateTimer.record(learnerIndex, nanos);
    }

    public void recordProcessed(Split split) {
        records.get(split).increment();
    }

    public void recordRejected(RejectReason reason) {
        rejected.get(reason).increment();
    }

    /**
     * Takes a snapshot of every learner, with its JSON view ({@link ModelJson}); called on the
     * stream thread that owns {@code p}.
     */
    public void publish(LearningPipeline p, RecordSchema schema, SaveCost cost) {
        learners = LearnerSnapshot.of(p);
        long[] drifts = p.slots().stream().mapToLong(LearnerSlot::driftDetections).toArray();
        driftDetections = drifts;
        Map<String, ObjectNode> views = new LinkedHashMap<>();
        for (String name : p.learnerNames()) {
            views.put(name, ModelJson.describe(p, name, schema.featureNames(), schema.classes(), ModelJson.MAX_TOP));
        }
        models = java.util.Collections.unmodifiableMap(views);
        if (p.events() != null) {
            fieldCounts = FieldCounts.of(p);
        }
        saveCost = cost;
        long trained = p.recordsSeen(Split.TRAIN);
        if (trained != predictorTrained) {
            // models and scaling change only when trained on: an idle pipeline is not copied again
            predictor = PredictionSnapshot.of(p, schema);
            predictorTrained = trained;
        }
    }

    /**
     * Publishes one task's keys of a {@code scope: key} pipeline: how many it holds (in memory or
     * only in the store), how many are in memory, and their learners summed ({@link KeyAggregate}).
     * The pipeline's readings become the sums over this instance's tasks, its learners the means
     * over their keys in memory.
     */
    public synchronized void publishKeys(String task, long taskKeys, long taskCached, KeyAggregate learners) {
        keyTasks.put(task, new KeyReading(taskKeys, taskCached, learners));
        combineKeys();
    }

    /** The task left this instance (closed, revoked): its keys are no longer counted here. */
    public synchronized void taskClosed(String task) {
        if (keyTasks.remove(task) != null) {
            combineKeys();
        }
    }

    private void combineKeys() {
        long k = 0;
        long c = 0;
        KeyAggregate all = new KeyAggregate(learnerNames);
        for (KeyReading r : keyTasks.values()) {
            k += r.keys();
            c += r.cached();
            all.addAll(r.learners());
        }
        keys = k;
        cachedKeys = c;
        if (eventLayout != null) {
            fieldCounts = all.fieldCounts() != null ? all.fieldCounts() : FieldCounts.zero(eventLayout);
        }
        learners = List.copyOf(all.snapshots());
    }

    /** Marks the pipeline as trained data-parallel (before its meters are bound). */
    public void markParallel() {
        parallel = true;
    }

    /** A replica of this instance adopted merged generation {@code generation}. */
    public void generationAdopted(long generation) {
        parallelGeneration.accumulateAndGet(generation, Math::max);
    }

    @Override
    public boolean parallel() {
        return parallel;
    }

    @Override
    public long parallelGeneration() {
        return parallelGeneration.get();
    }

    /** A key's state was written to the store and dropped from memory (over maxKeys). */
    public void keyEvicted() {
        keysEvicted.increment();
    }

    /** A key idle for longer than its TTL was deleted. */
    public void keyExpired() {
        keysExpired.increment();
    }

    @Override
    public boolean perKey() {
        return perKey;
    }

    /** {@code scope: key}: keys the tasks of this instance hold, at their last snapshots. */
    @Override
    public long keys() {
        return keys;
    }

    /** {@code scope: key}: keys in memory in this instance, at the tasks' last snapshots. */
    @Override
    public long cachedKeys() {
        return cachedKeys;
    }

    @Override
    public long keysEvicted() {
        return keysEvicted.sum();
    }

    @Override
    public long keysExpired() {
        return keysExpired.sum();
    }

    /**
     * A copy of the models and scaling at the last snapshot that followed training, for predictions
     * on any thread; null before the first snapshot.
     */
    public PredictionSnapshot predictor() {
        return predictor;
    }

    /** Records processed (not dead-lettered) that went to {@code split}, since this process started. */
    @Override
    public long records(Split split) {
        return records.get(split).sum();
    }

    /** Records processed (not dead-lettered), all splits. */
    public long processed() {
        long n = 0;
        for (LongAdder a : records.values()) {
            n += a.sum();
        }
        return n;
    }

    /** Records dead-lettered for {@code reason}, since this process started. */
    public long rejected(RejectReason reason) {
        return rejected.get(reason).sum();
    }

    public long rejected() {
        long n = 0;
        for (LongAdder a : rejected.values()) {
            n += a.sum();
        }
        return n;
    }

    /** The learners at the last snapshot, in output order; empty before the first. */
    @Override
    public List<LearnerSnapshot> learners() {
        return learners;
    }

    /**
     * The JSON view of every learner's model at the last snapshot, by learner name, in output
     * order; empty before the first. Do not modify the nodes.
     */
    public Map<String, ObjectNode> models() {
        return models;
    }

    /** The last predictions and dead letters this instance emitted, for the console. */
    public RecentOutputs recent() {
        return recent;
    }

    /** Time and bytes spent writing state at commits; null before the first snapshot. */
    public SaveCost saveCost() {
        return saveCost;
    }
}
