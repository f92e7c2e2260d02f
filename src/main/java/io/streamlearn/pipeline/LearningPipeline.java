package io.streamlearn.pipeline;

import io.streamlearn.eval.EvaluationSettings;
import io.streamlearn.eval.LearnerStats;
import io.streamlearn.eval.RecentRecords;
import io.streamlearn.eval.ReservoirScorer;
import io.streamlearn.learn.OnlineModel;
import io.streamlearn.learn.RunningStandardizer;
import io.streamlearn.learn.drift.DriftOptions;
import io.streamlearn.vector.FeatureVector;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The learning loop of one pipeline, shared by {@code replay} and the stream processor: split,
 * predict with every learner, train on training records, evaluate. What it keeps per learner is
 * that learner's {@link LearnerSlot} (model, evaluation, drift monitoring, a path's members); what
 * it keeps itself is the record-level work shared by all learners.
 *
 * <p>Per record ({@link #process}):
 * <ol>
 *   <li>split by the id's hash ({@link HoldoutSplitter}); a record without label is UNLABELED;
 *   <li>every learner predicts, on x standardized with the statistics <em>before</em> this record —
 *       so no prediction has seen its own record;
 *   <li>a TRAIN record: each prediction's loss enters the learner's prequential window (and its
 *       drift detector, {@link LearnerDrift}); then the standardizer is updated with x (TRAIN
 *       records only, so that holdout and unlabeled records leak into nothing that is trained), x is
 *       standardized again with the updated statistics, and every learner trains on it; x (raw) is
 *       copied into the training reservoir;
 *   <li>a HOLDOUT record: x (raw) is copied into the holdout reservoir; nothing is trained;
 *   <li>every {@code every} labeled records, the reservoirs are standardized once with the current
 *       statistics into the two scorers the slots share, and each learner's current model is
 *       scored on both ({@link LearnerSlot#rescore}, lazily): train and holdout loss, the gap.
 * </ol>
 *
 * <p>Features are a {@link FeatureVector} of width {@code dimension}, dense or sparse. Without
 * {@code scaledColumns} the standardizer scales every column of a dense vector and a sparse vector
 * reaches the models as given. With {@code scaledColumns} (raw events: the numeric value columns,
 * {@code EventLayout.numericColumns()}) it scales just those columns, of a dense or sparse vector
 * (a scaled column absent from a sparse vector is a value of 0, scaled like any other); one-hot and
 * hashed columns stay 0/1. The reservoirs keep each record in its own layout: raw for feature
 * records (standardized with the current statistics when rescored), and, with
 * {@code scaledColumns}, as the models saw it (scaled with the statistics of its time: the scorers
 * scale dense rows only).
 *
 * <p>The per-record path allocates nothing: the {@link StepResult} and the work buffers are
 * allocated once. Not thread-safe. Its state but the models is saved and restored by
 * {@link PipelineStateCodec}.
 */
public final class LearningPipeline {

    private final String name;
    private final int dimension;
    private final int classes;
    private final EvaluationSettings settings;
    private final List<String> learnerNames;
    /** The learners in output order (the index order of {@link StepResult}). */
    private final LearnerSlot[] slots;
    private final List<LearnerSlot> slotList;
    private final HoldoutSplitter splitter;
    /** The standardization of x: the running statistics and the work buffers. */
    final FeatureScaling scaling;
    final RecentRecords trainRecords;
    final RecentRecords holdoutRecords;
    private final ReservoirScorer trainScorer;
    private final ReservoirScorer holdoutScorer;
    private final StepResult result;
    /** The raw-event input that feeds this pipeline; null for feature records. */
    EventInput events;
    long trained;
    long heldOut;
    long unlabeled;

    /**
     * @param dimension number of features of every record and input dimension of every model
     * @param classes 0 for regression, K &gt;= 2 for classification over K classes
     * @param learners the models by learner name, in output order; each with input dimension
     *     {@code dimension} and output dimension 1 (regression) or K
     */
    public LearningPipeline(String name, int dimension, int classes, boolean standardize,
                            EvaluationSettings settings, LinkedHashMap<String, OnlineModel> learners) {
        this(name, dimension, classes, standardize, null, settings, learners);
    }

    /**
     * @param scaledColumns the columns {@code standardize} scales, increasing (raw events: the
     *     numeric value columns); null scales every column of a dense record and none of a sparse one
     */
    public LearningPipeline(String name, int dimension, int classes, boolean standardize, int[] scaledColumns,
                            EvaluationSettings settings, LinkedHashMap<String, OnlineModel> learners) {
        if (dimension < 1) {
            throw new IllegalArgumentException("dimension must be >= 1: " + dimension);
        }
        if (classes < 0 || classes == 1) {
            throw new IllegalArgumentException("classes must be 0 (regression) or >= 2: " + classes);
        }
        if (learners.isEmpty()) {
            throw new IllegalArgumentException("pipeline " + name + " has no learners");
        }
        this.name = name;
        this.dimension = dimension;
        this.classes = classes;
        this.settings = settings;
        this.learnerNames = Collections.unmodifiableList(new ArrayList<>(learners.keySet()));
        this.trainScorer = new ReservoirScorer(settings.reservoir(), dimension, classes);
        this.holdoutScorer = new ReservoirScorer(settings.reservoir(), dimension, classes);
        int outputs = classes == 0 ? 1 : classes;
        this.slots = new LearnerSlot[learners.size()];
        int i = 0;
        for (Map.Entry<String, OnlineModel> e : learners.entrySet()) {
            OnlineModel m = e.getValue();
            if (m.inputDimension() != dimension || m.outputDimension() != outputs) {
                throw new IllegalArgumentException("learner " + e.getKey() + " maps " + m.inputDimension()
                        + " inputs to " + m.outputDimension() + " outputs; the pipeline needs "
                        + dimension + " to " + outputs);
            }
            slots[i] = LearnerSlot.of(e.getKey(), i++, m, settings.window(), classes, trainScorer, holdoutScorer);
        }
        this.slotList = List.of(slots);
        this.splitter = new HoldoutSplitter(settings.holdoutFraction());
        this.scaling = new FeatureScaling(dimension, standardize, scaledColumns);
        this.trainRecords = new RecentRecords(settings.reservoir(), dimension);
        this.holdoutRecords = new RecentRecords(settings.reservoir(), dimension);
        this.result = new StepResult(slots.length, outputs);
    }

    /**
     * Monitors the learner's prequential loss for drift; call before the first record (and before a
     * restore, which then reads the detector's state).
     *
     * @param factory a fresh model of the learner, for the reset and challenger actions
     */
    public void monitorDrift(String learner, DriftOptions options, Supplier<OnlineModel> factory) {
        slot(learner).monitorDrift(options, factory);
    }

    /**
     * Processes one validated record: split, predict with every learner (before training), train on
     * a TRAIN record, update the evaluators. {@code x} is not retained (the reservoirs copy it).
     *
     * @param x the record's features (finite, width {@code dimension}, dense or sparse); not modified
     * @param label the target, or the class index for a classifier; NaN when unlabeled
     * @return this pipeline's reused result, valid until the next call
     */
    public StepResult process(CharSequence id, FeatureVector x, double label) {
        checkRecord(id, x, label);
        boolean labeled = !Double.isNaN(label);
        Split split = splitter.split(id, labeled);
        result.begin(split);
        predictAll(scaling.apply(x));
        switch (split) {
            case TRAIN -> train(x, label);
            case HOLDOUT -> holdOut(x, label);
            default -> unlabeled++;
        }
        if (labeled && (trained + heldOut) % settings.every() == 0) {
            rescore();
        }
        return result;
    }

    /**
     * Predicts a record whose label comes later, with every learner, as {@link #process} predicts
     * an unlabeled record, but changes nothing and counts nothing: the record is counted when it
     * is learned ({@link #learnDelayed}). Keep {@link #predictionsThen()} to learn it later.
     *
     * @return this pipeline's reused result (split UNLABELED), valid until the next call
     */
    public StepResult predict(CharSequence id, FeatureVector x) {
        checkRecord(id, x, Double.NaN);
        result.begin(Split.UNLABELED);
        predictAll(scaling.apply(x));
        return result;
    }

    /**
     * What the last {@link #predict} (or {@link #process}) predicted, as {@link #learnDelayed} needs
     * it: each learner's prediction and model version, a path learner's member predictions, and a
     * challenger's prediction (NaN when the learner had none). A copy.
     */
    public PredictionsThen predictionsThen() {
        return PredictionsThen.of(slots, result);
    }

    /**
     * Learns a record whose label came after its prediction (the delayed-prequential protocol):
     * split by id as {@link #process} does; each learner's prequential loss (and drift detector, and
     * a path's member evaluators) sees the prediction it made then, {@code then}, not a prediction
     * of its current model; then a TRAIN record updates the standardizer and trains every learner
     * exactly as {@link #process} does, a HOLDOUT record goes to the holdout reservoir, and every
     * {@code every} labeled records the learners are rescored. With no other record between
     * {@link #predict} and this call, the state after it is bit-identical to that after
     * {@code process(id, x, label)}; in general the models are those of {@code process} called in
     * label order.
     *
     * @param then {@link #predictionsThen()} of the record's {@link #predict}
     * @return this pipeline's reused result (predictions: {@code then}'s), valid until the next call
     * @throws IllegalArgumentException when {@code then} does not fit this pipeline's learners
     */
    public StepResult learnDelayed(CharSequence id, FeatureVector x, double label, PredictionsThen then) {
        if (Double.isNaN(label)) {
            throw new IllegalArgumentException("record " + id + " has no label");
        }
        checkRecord(id, x, label);
        Split split = splitter.split(id, true);
        result.begin(split);
        then.restoreInto(slots, result, id, name);
        if (split == Split.TRAIN) {
            train(x, label);
        } else {
            holdOut(x, label);
        }
        if ((trained + heldOut) % settings.every() == 0) {
            rescore();
        }
        return result;
    }

    private void checkRecord(CharSequence id, FeatureVector x, double label) {
        if (x.width() != dimension) {
            throw new IllegalArgumentException("record " + id + " has " + x.width() + " features, pipeline "
                    + name + " has " + dimension);
        }
        boolean labeled = !Double.isNaN(label);
        if (Double.isInfinite(label)) {
            throw new IllegalArgumentException("record " + id + " has an infinite label");
        }
        if (labeled && classes > 0 && !(label >= 0 && label < classes && label == Math.rint(label))) {
            throw new IllegalArgumentException("record " + id + " has class index " + label + ", not in [0, "
                    + classes + ")");
        }
    }

    /** Every learner (and path member, and challenger) predicts the standardized record into the result. */
    private void predictAll(FeatureVector input) {
        for (LearnerSlot s : slots) {
            s.predict(input, result);
        }
    }

    private void train(FeatureVector x, double label) {
        trained++;
        for (LearnerSlot s : slots) {
            s.observe(label, result);
        }
        scaling.update(x);
        FeatureVector input = scaling.apply(x);
        for (LearnerSlot s : slots) {
            s.train(input, label, result);
        }
        trainRecords.add(scaling.scaledColumns() == null ? x : input, label);
    }

    private void holdOut(FeatureVector x, double label) {
        heldOut++;
        holdoutRecords.add(scaling.scaledColumns() == null ? x : scaling.apply(x), label);
    }

    /** The raw-event input of this pipeline (reader and encoder); null for feature records. */
    public EventInput events() {
        return events;
    }

    /** The split of a record: a pure function of its id (and whether it is labeled). */
    Split splitOf(CharSequence id, boolean labeled) {
        return splitter.split(id, labeled);
    }

    /** The columns the standardizer scales; null: every column of a dense record. */
    int[] scaledColumns() {
        return scaling.scaledColumns();
    }

    /** Scores every learner's current model on both reservoirs. */
    private void rescore() {
        // standardized once for all learners: the statistics do not change while scoring
        // with scaled columns the reservoirs hold the records as the models saw them
        RunningStandardizer rows = scaling.scaledColumns() == null ? scaling.standardizer : null;
        trainScorer.load(trainRecords, rows);
        holdoutScorer.load(holdoutRecords, rows);
        for (LearnerSlot s : slots) {
            s.rescore();
        }
    }

    public String name() {
        return name;
    }

    public int dimension() {
        return dimension;
    }

    /** 0 for regression, K for classification. */
    public int classes() {
        return classes;
    }

    public EvaluationSettings settings() {
        return settings;
    }

    /** Learner names in output order (the index order of {@link StepResult}). */
    public List<String> learnerNames() {
        return learnerNames;
    }

    /** The learners in output order. */
    public List<LearnerSlot> slots() {
        return slotList;
    }

    /** The learner's slot; throws IllegalArgumentException for an unknown name. */
    public LearnerSlot slot(String learner) {
        int i = learnerNames.indexOf(learner);
        if (i < 0) {
            throw new IllegalArgumentException("pipeline " + name + " has no learner " + learner);
        }
        return slots[i];
    }

    /** The learner's model: {@code slot(learner).model()}. */
    public OnlineModel model(String learner) {
        return slot(learner).model();
    }

    /** The learner's current loss estimates: {@code slot(learner).stats()}. */
    public LearnerStats stats(String learner) {
        return slot(learner).stats();
    }

    /** The running feature statistics; null when standardize is off. */
    public RunningStandardizer standardizer() {
        return scaling.standardizer;
    }

    /** Records processed so far that went to {@code split}. */
    public long recordsSeen(Split split) {
        return switch (split) {
            case TRAIN -> trained;
            case HOLDOUT -> heldOut;
            case UNLABELED -> unlabeled;
        };
    }
}
