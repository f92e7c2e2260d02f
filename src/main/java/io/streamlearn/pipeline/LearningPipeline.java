package io.streamlearn.pipeline;

import io.streamlearn.eval.EvaluationSettings;
import io.streamlearn.eval.LearnerEvaluator;
import io.streamlearn.eval.LearnerStats;
import io.streamlearn.eval.Losses;
import io.streamlearn.eval.RecentRecords;
import io.streamlearn.eval.ReservoirScorer;
import io.streamlearn.learn.ModelPath;
import io.streamlearn.learn.OnlineModel;
import io.streamlearn.learn.RunningStandardizer;
import io.streamlearn.learn.TrainResult;
import io.streamlearn.learn.drift.DriftAction;
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
 * predict with every learner, train on training records, evaluate.
 *
 * <p>Per record ({@link #process}):
 * <ol>
 *   <li>split by the id's hash ({@link HoldoutSplitter}); a record without label is UNLABELED;
 *   <li>every learner predicts, on x standardized with the statistics <em>before</em> this record —
 *       so no prediction has seen its own record;
 *   <li>a TRAIN record: each prediction's loss enters the learner's prequential window; then the
 *       standardizer is updated with x (TRAIN records only, so that holdout and unlabeled records
 *       leak into nothing that is trained), x is standardized again with the updated statistics, and
 *       every learner trains on it; x (raw) is copied into the training reservoir;
 *   <li>a HOLDOUT record: x (raw) is copied into the holdout reservoir; nothing is trained;
 *   <li>every {@code every} labeled records, each learner's current model is scored on both
 *       reservoirs (standardized with the current statistics): train and holdout loss, the gap.
 * </ol>
 *
 * <p>A learner that is not a path is scored lazily ({@link DeferredScore}): the rescore keeps a copy
 * of its model, and scores it over that rescore's reservoirs only when the figures are read
 * ({@link #stats}, the stored state), so a rescore that the next one supersedes unread costs a
 * model snapshot, not a pass over the reservoirs. The figures are the same, bit for bit. A path's
 * members are scored on the holdout reservoir at once (their holdout losses choose the champion),
 * on the training reservoir lazily as the others.
 *
 * <p>A learner with drift detection ({@link #monitorDrift}) feeds its prequential loss on each TRAIN
 * record to its detector before training; on a drift the action {@code reset} replaces the model
 * with a fresh one (which then trains on this record), {@code challenger} starts a fresh model
 * beside it ({@link LearnerDrift} has the rule by which it takes over).
 *
 * <p>A learner whose model is a {@link ModelPath} (a regularization path) predicts with its
 * champion; every member also predicts (into its own buffer, on the same standardized x) and its loss
 * enters its own evaluator, every member trains on the same standardized x, and at each rescore every
 * member is scored on the same reservoirs (standardized once) before {@link LearnerPath} re-chooses
 * the champion. The learner's own evaluator sees the champion's predictions and scores.
 *
 * <p>Features are a {@link FeatureVector} of width {@code dimension}, dense or sparse; the
 * standardizer sees dense vectors only (a sparse vector is updated on, predicted and trained as
 * given: the raw events' one-hot and hashed columns are not scaled), and the reservoirs keep each in
 * its own layout.
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
    final List<String> learnerNames;
    final OnlineModel[] models;
    final LearnerEvaluator[] evaluators;
    /** Per learner: its drift monitoring, or null. */
    final LearnerDrift[] drift;
    /** Per learner: its regularization path's evaluation, or null when its model is not a path. */
    final LearnerPath[] paths;
    /** Per learner: its challenger's prediction of the current record; null without a challenger action. */
    private final double[][] challengerPredictions;
    /** Per learner: whether its challenger predicted the current record (so its loss is compared). */
    private final boolean[] challengerPredicted;
    private final HoldoutSplitter splitter;
    /** Replaced once, by a restore ({@link PipelineStateCodec}). */
    RunningStandardizer standardizer;
    final RecentRecords trainRecords;
    final RecentRecords holdoutRecords;
    private final ReservoirScorer trainScorer;
    private final ReservoirScorer holdoutScorer;
    /** Per learner: its model at the last rescore, until scored. */
    private final DeferredScore[] deferred;
    /** Per path learner, per member: its model at the last rescore, until scored on the training reservoir; else null. */
    private final DeferredScore[][] memberDeferred;
    /** Per path learner: its champion after the last rescore (whose train score is the learner's). */
    private final int[] deferredChampion;
    private final StepResult result;
    /** x standardized; unused when standardize is off. */
    private final double[] z;
    /** {@link #z} as the vector the models read. */
    private final FeatureVector zVector;
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
        if (dimension < 1) {
            throw new IllegalArgumentException("dimension must be >= 1: " + dimension);
        }
        if (classes < 0 || classes == 1) {
            throw new IllegalArgumentException("classes must be 0 (regression) or >= 2: " + classes);
        }
        if (learners.isEmpty()) {
            throw new IllegalArgumentException("pipeline " + name + " has no learners");
        }
        int outputs = classes == 0 ? 1 : classes;
        for (Map.Entry<String, OnlineModel> e : learners.entrySet()) {
            OnlineModel m = e.getValue();
            if (m.inputDimension() != dimension || m.outputDimension() != outputs) {
                throw new IllegalArgumentException("learner " + e.getKey() + " maps " + m.inputDimension()
                        + " inputs to " + m.outputDimension() + " outputs; the pipeline needs "
                        + dimension + " to " + outputs);
            }
        }
        this.name = name;
        this.dimension = dimension;
        this.classes = classes;
        this.settings = settings;
        this.learnerNames = Collections.unmodifiableList(new ArrayList<>(learners.keySet()));
        this.models = learners.values().toArray(new OnlineModel[0]);
        this.evaluators = new LearnerEvaluator[models.length];
        this.drift = new LearnerDrift[models.length];
        this.challengerPredictions = new double[models.length][];
        this.challengerPredicted = new boolean[models.length];
        this.paths = new LearnerPath[models.length];
        this.deferred = new DeferredScore[models.length];
        this.memberDeferred = new DeferredScore[models.length][];
        this.deferredChampion = new int[models.length];
        for (int i = 0; i < models.length; i++) {
            evaluators[i] = new LearnerEvaluator(settings.window(), classes);
            deferred[i] = new DeferredScore();
            if (models[i] instanceof ModelPath path) {
                paths[i] = new LearnerPath(path.size(), outputs, settings.window(), classes, false);
                memberDeferred[i] = new DeferredScore[path.size()];
                for (int k = 0; k < path.size(); k++) {
                    memberDeferred[i][k] = new DeferredScore();
                }
            }
        }
        this.splitter = new HoldoutSplitter(settings.holdoutFraction());
        this.standardizer = standardize ? new RunningStandardizer(dimension) : null;
        this.trainRecords = new RecentRecords(settings.reservoir(), dimension);
        this.holdoutRecords = new RecentRecords(settings.reservoir(), dimension);
        this.trainScorer = new ReservoirScorer(settings.reservoir(), dimension, classes);
        this.holdoutScorer = new ReservoirScorer(settings.reservoir(), dimension, classes);
        this.result = new StepResult(models.length, outputs);
        this.z = new double[dimension];
        this.zVector = FeatureVector.dense(z);
    }

    /**
     * Monitors the learner's prequential loss for drift; call before the first record (and before a
     * restore, which then reads the detector's state).
     *
     * @param factory a fresh model of the learner, for the reset and challenger actions
     */
    public void monitorDrift(String learner, DriftOptions options, Supplier<OnlineModel> factory) {
        int i = indexOf(learner);
        drift[i] = new LearnerDrift(options, factory, settings.window());
        if (options.action() == DriftAction.CHALLENGER) {
            challengerPredictions[i] = new double[models[i].outputDimension()];
        }
    }

    /**
     * Chooses the learner's path champion by its members' prequential loss over the window instead
     * of their holdout loss; call before the first record (and before a restore).
     */
    public void selectPathByPrequential(String learner) {
        int i = indexOf(learner);
        if (paths[i] == null) {
            throw new IllegalArgumentException("learner " + learner + " is not a regularization path");
        }
        paths[i] = new LearnerPath(paths[i].evaluators.length, models[i].outputDimension(), settings.window(),
                classes, true);
    }

    /** Whether some learner is a regularization path. */
    public boolean hasPath() {
        for (LearnerPath p : paths) {
            if (p != null) {
                return true;
            }
        }
        return false;
    }

    /** The learner's path members' current loss estimates, in member order; empty when it is not a path. */
    public List<LearnerStats> pathStats(String learner) {
        int i = indexOf(learner);
        settleScores();
        if (paths[i] == null) {
            return List.of();
        }
        ModelPath path = (ModelPath) models[i];
        List<LearnerStats> stats = new ArrayList<>(path.size());
        for (int k = 0; k < path.size(); k++) {
            stats.add(paths[i].evaluators[k].stats(path.member(k)));
        }
        return stats;
    }

    /** Times the learner's path champion changed; 0 when it is not a path. */
    public long pathSwitches(String learner) {
        LearnerPath p = paths[indexOf(learner)];
        return p == null ? 0 : p.switches;
    }

    /** Whether the learner's path champion is chosen by prequential loss (else by holdout loss). */
    public boolean pathSelectsByPrequential(String learner) {
        LearnerPath p = paths[indexOf(learner)];
        return p != null && p.prequential;
    }

    /** Whether some learner monitors drift. */
    public boolean monitorsDrift() {
        for (LearnerDrift d : drift) {
            if (d != null) {
                return true;
            }
        }
        return false;
    }

    /** Drifts the learner's detector has reported; 0 for a learner without drift detection. */
    public long driftDetections(String learner) {
        LearnerDrift d = drift[indexOf(learner)];
        return d == null ? 0 : d.detections;
    }

    /** Times the learner's model was replaced after a drift (reset, or a challenger that took over). */
    public long driftReplacements(String learner) {
        LearnerDrift d = drift[indexOf(learner)];
        return d == null ? 0 : d.replacements;
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
        predictAll(standardized(x));
        switch (split) {
            case TRAIN:
                train(x, label);
                break;
            case HOLDOUT:
                heldOut++;
                holdoutRecords.add(x, label);
                break;
            default:
                unlabeled++;
                break;
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
        predictAll(standardized(x));
        return result;
    }

    /**
     * What the last {@link #predict} (or {@link #process}) predicted, as {@link #learnDelayed} needs
     * it: each learner's prediction and model version, a path learner's member predictions, and a
     * challenger's prediction (NaN when the learner had none). A copy.
     */
    public PredictionsThen predictionsThen() {
        int outputs = classes == 0 ? 1 : classes;
        int n = 0;
        for (int i = 0; i < models.length; i++) {
            n += outputs;
            if (paths[i] != null) {
                n += paths[i].predictions.length * outputs;
            }
            if (challengerPredictions[i] != null) {
                n += outputs;
            }
        }
        double[] values = new double[n];
        long[] versions = new long[models.length];
        int at = 0;
        for (int i = 0; i < models.length; i++) {
            System.arraycopy(result.prediction(i), 0, values, at, outputs);
            at += outputs;
            if (paths[i] != null) {
                for (double[] member : paths[i].predictions) {
                    System.arraycopy(member, 0, values, at, outputs);
                    at += outputs;
                }
            }
            if (challengerPredictions[i] != null) {
                if (challengerPredicted[i]) {
                    System.arraycopy(challengerPredictions[i], 0, values, at, outputs);
                } else {
                    java.util.Arrays.fill(values, at, at + outputs, Double.NaN);
                }
                at += outputs;
            }
            versions[i] = result.version(i);
        }
        return new PredictionsThen(values, versions);
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
        restorePredictions(id, then);
        switch (split) {
            case TRAIN:
                train(x, label);
                break;
            default:
                heldOut++;
                holdoutRecords.add(x, label);
                break;
        }
        if ((trained + heldOut) % settings.every() == 0) {
            rescore();
        }
        return result;
    }

    private void restorePredictions(CharSequence id, PredictionsThen then) {
        int outputs = classes == 0 ? 1 : classes;
        double[] values = then.values();
        if (then.versions().length != models.length) {
            throw new IllegalArgumentException("the predictions of record " + id + " are of " + then.versions().length
                    + " learners; pipeline " + name + " has " + models.length);
        }
        int at = 0;
        for (int i = 0; i < models.length; i++) {
            int need = outputs + (paths[i] != null ? paths[i].predictions.length * outputs : 0)
                    + (challengerPredictions[i] != null ? outputs : 0);
            if (at + need > values.length) {
                throw new IllegalArgumentException("the predictions of record " + id + " do not fit pipeline " + name);
            }
            System.arraycopy(values, at, result.predictionBuffer(i), 0, outputs);
            at += outputs;
            if (paths[i] != null) {
                for (double[] member : paths[i].predictions) {
                    System.arraycopy(values, at, member, 0, outputs);
                    at += outputs;
                }
            }
            if (challengerPredictions[i] != null) {
                System.arraycopy(values, at, challengerPredictions[i], 0, outputs);
                challengerPredicted[i] = !Double.isNaN(values[at]) && drift[i].challenger != null;
                at += outputs;
            }
            result.setVersion(i, then.versions()[i]);
        }
        if (at != values.length) {
            throw new IllegalArgumentException("the predictions of record " + id + " do not fit pipeline " + name);
        }
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
        for (int i = 0; i < models.length; i++) {
            if (paths[i] != null) {
                ModelPath path = (ModelPath) models[i];
                path.predictMembers(input, paths[i].predictions);
                double[] champion = paths[i].predictions[path.champion()];
                System.arraycopy(champion, 0, result.predictionBuffer(i), 0, champion.length);
                result.setChampion(i, path.penalties(path.champion()));
            } else {
                models[i].predict(input, result.predictionBuffer(i));
            }
            result.setVersion(i, models[i].updates());
            challengerPredicted[i] = drift[i] != null && drift[i].challenger != null;
            if (challengerPredicted[i]) {
                drift[i].challenger.predict(input, challengerPredictions[i]);
            }
        }
    }

    private void train(FeatureVector x, double label) {
        trained++;
        for (int i = 0; i < models.length; i++) {
            double loss = evaluators[i].observePrequential(classes, result.prediction(i), label);
            if (paths[i] != null) {
                LearnerPath p = paths[i];
                for (int k = 0; k < p.evaluators.length; k++) {
                    p.evaluators[k].observePrequential(classes, p.predictions[k], label);
                }
            }
            if (drift[i] != null) {
                observeDrift(i, loss, label);
            }
        }
        if (standardizer != null && !x.isSparse()) {
            standardizer.update(x.denseValues());
        }
        FeatureVector input = standardized(x);
        for (int i = 0; i < models.length; i++) {
            OnlineModel m = models[i];
            long clippedBefore = m.clippedSteps();
            // two nanoTime reads (~25 ns each) per learner: the update-time histogram's source
            long start = System.nanoTime();
            TrainResult r = m.train(input, label);
            result.setTrainResult(i, r, System.nanoTime() - start, m.clippedSteps() != clippedBefore);
            if (r.rejected()) {
                evaluators[i].countRejectedStep();
            }
            if (drift[i] != null && drift[i].challenger != null) {
                trainChallenger(i, input, label);
            }
        }
        trainRecords.add(x, label);
    }

    /** Feeds the learner's prequential loss to its detector and acts on a drift. */
    private void observeDrift(int i, double loss, double label) {
        LearnerDrift d = drift[i];
        if (d.challenger != null && challengerPredicted[i]) {
            d.challengerLoss += Losses.loss(classes, challengerPredictions[i], label);
            d.learnerLoss += loss;
            d.challengerRecords++;
        }
        if (!d.detector.update(loss)) {
            return;
        }
        d.detections++;
        result.setDriftDetected(i);
        switch (d.action()) {
            case RESET:
                models[i] = d.factory.get();
                d.detector = d.detector.fresh();
                d.replacements++;
                break;
            case CHALLENGER:
                if (d.challenger == null) {
                    d.challenger = d.factory.get();
                    d.challengerRecords = 0;
                    d.challengerLoss = 0;
                    d.learnerLoss = 0;
                }
                break;
            default:
                break;
        }
    }

    /** Trains the challenger; it takes over when its loss since it started is lower, or is dropped after the horizon. */
    private void trainChallenger(int i, FeatureVector input, double label) {
        LearnerDrift d = drift[i];
        d.challenger.train(input, label);
        if (d.challengerRecords >= LearnerDrift.CHALLENGER_MIN_RECORDS && d.challengerLoss < d.learnerLoss) {
            models[i] = d.challenger;
            d.challenger = null;
            d.detector = d.detector.fresh();
            d.replacements++;
        } else if (d.challengerRecords >= d.horizon()) {
            d.challenger = null;
        }
    }

    /**
     * x standardized with the current statistics into the work buffer, or x itself when standardize
     * is off or x is sparse.
     */
    private FeatureVector standardized(FeatureVector x) {
        if (standardizer == null || x.isSparse()) {
            return x;
        }
        standardizer.transform(x.denseValues(), z);
        return zVector;
    }

    /** Scores every learner's current model on both reservoirs. */
    private void rescore() {
        // standardized once for all learners: the statistics do not change while scoring
        trainScorer.load(trainRecords, standardizer);
        holdoutScorer.load(holdoutRecords, standardizer);
        for (int i = 0; i < models.length; i++) {
            if (paths[i] != null) {
                rescorePath(i);
                continue;
            }
            if (!deferred[i].defer(models[i])) {
                score(i, models[i]);
            }
        }
    }

    /** Scores {@code model} on the reservoirs the scorers hold (the last rescore's) as learner i's figures. */
    private void score(int i, OnlineModel model) {
        trainScorer.score(model);
        evaluators[i].setTrainScore(trainScorer.loss(), trainScorer.accuracy());
        holdoutScorer.score(model);
        evaluators[i].setHoldoutScore(holdoutScorer.loss(), holdoutScorer.accuracy());
    }

    /** Computes the figures of every rescore deferred so far; before they are read or stored. */
    void settleScores() {
        for (int i = 0; i < models.length; i++) {
            if (deferred[i].pending()) {
                score(i, deferred[i].take());
            }
            if (memberDeferred[i] != null) {
                settleMembers(i);
            }
        }
    }

    /** A path's members' deferred training-reservoir scores; the champion's is the learner's. */
    private void settleMembers(int i) {
        for (int k = 0; k < memberDeferred[i].length; k++) {
            if (memberDeferred[i][k].pending()) {
                trainScorer.score(memberDeferred[i][k].take());
                paths[i].evaluators[k].setTrainScore(trainScorer.loss(), trainScorer.accuracy());
                if (k == deferredChampion[i]) {
                    evaluators[i].setTrainScore(trainScorer.loss(), trainScorer.accuracy());
                }
            }
        }
    }

    /** Drops the deferred rescores: the evaluators were restored from a stored state. */
    void discardDeferredScores() {
        for (int i = 0; i < models.length; i++) {
            deferred[i].discard();
            if (memberDeferred[i] != null) {
                for (DeferredScore d : memberDeferred[i]) {
                    d.discard();
                }
            }
        }
    }

    /** Scores every member of the learner's path, re-chooses the champion, and gives the learner the champion's scores. */
    private void rescorePath(int i) {
        ModelPath path = (ModelPath) models[i];
        LearnerPath p = paths[i];
        double[] trainLoss = new double[path.size()];
        double[] trainAccuracy = new double[path.size()];
        double[] holdoutLoss = new double[path.size()];
        double[] holdoutAccuracy = new double[path.size()];
        for (int k = 0; k < path.size(); k++) {
            if (!memberDeferred[i][k].defer(path.member(k))) {
                trainScorer.score(path.member(k));
                trainLoss[k] = trainScorer.loss();
                trainAccuracy[k] = trainScorer.accuracy();
                p.evaluators[k].setTrainScore(trainLoss[k], trainAccuracy[k]);
            }
            holdoutScorer.score(path.member(k));
            holdoutLoss[k] = holdoutScorer.loss();
            holdoutAccuracy[k] = holdoutScorer.accuracy();
            p.evaluators[k].setHoldoutScore(holdoutLoss[k], holdoutAccuracy[k]);
        }
        p.rechoose(path);
        int c = path.champion();
        deferredChampion[i] = c;
        if (!memberDeferred[i][c].pending()) {
            evaluators[i].setTrainScore(trainLoss[c], trainAccuracy[c]);
        }
        evaluators[i].setHoldoutScore(holdoutLoss[c], holdoutAccuracy[c]);
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

    /** The learner's model; throws IllegalArgumentException for an unknown name. */
    public OnlineModel model(String learner) {
        return models[indexOf(learner)];
    }

    /** The learner's current loss estimates. */
    public LearnerStats stats(String learner) {
        int i = indexOf(learner);
        settleScores();
        return evaluators[i].stats(models[i]);
    }

    /** The running feature statistics; null when standardize is off. */
    public RunningStandardizer standardizer() {
        return standardizer;
    }

    /** Records processed so far that went to {@code split}. */
    public long recordsSeen(Split split) {
        switch (split) {
            case TRAIN:
                return trained;
            case HOLDOUT:
                return heldOut;
            default:
                return unlabeled;
        }
    }

    private int indexOf(String learner) {
        int i = learnerNames.indexOf(learner);
        if (i < 0) {
            throw new IllegalArgumentException("pipeline " + name + " has no learner " + learner);
        }
        return i;
    }
}
