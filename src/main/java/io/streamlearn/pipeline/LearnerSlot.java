package io.streamlearn.pipeline;

import io.streamlearn.vector.FeatureVector;
import io.streamlearn.eval.LearnerEvaluator;
import io.streamlearn.eval.LearnerStats;
import io.streamlearn.eval.ReservoirScorer;
import io.streamlearn.learn.ModelPath;
import io.streamlearn.learn.OnlineModel;
import io.streamlearn.learn.TrainResult;
import io.streamlearn.learn.drift.DriftOptions;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.List;
import java.util.function.Supplier;

/**
 * One learner of a {@link LearningPipeline} and everything the pipeline keeps for it: its model,
 * its evaluation ({@link LearnerEvaluator}: prequential window, train and holdout scores), its
 * model at the last rescore until scored ({@link DeferredScore}), and its drift monitoring
 * ({@link DriftMonitoring}: none, or a {@link LearnerDrift}). A learner whose model is a
 * {@link ModelPath} is a {@link PathSlot}, which adds its members' evaluation and the champion rule.
 *
 * <p>The pipeline calls, per record, {@link #predict}; on a TRAIN record {@link #observe} (the
 * prediction's loss), then, once the shared standardizer is updated, {@link #train}; every
 * {@code every} labeled records {@link #rescore}, on the reservoirs the two shared scorers hold.
 *
 * <p>A learner is scored lazily: {@link #rescore} keeps a copy of its model and scores it over that
 * rescore's reservoirs only when the figures are read ({@link #stats}, the stored state), so a
 * rescore that the next one supersedes unread costs a model snapshot, not a pass over the
 * reservoirs. The figures are the same, bit for bit. Not thread-safe.
 */
public sealed class LearnerSlot permits PathSlot {

    private final String name;
    /** Position in the pipeline's output order (the index of {@link StepResult}). */
    final int index;
    final int classes;
    /** The prequential window, which a drift challenger's horizon follows. */
    final int window;
    /** Replaced by a drift action and by a merged generation ({@link ParallelReplica}). */
    OnlineModel model;
    final LearnerEvaluator evaluator;
    DriftMonitoring drift = DriftMonitoring.NONE;
    /** The pipeline's scorers, shared by its slots; they hold the last rescore's reservoirs. */
    final ReservoirScorer trainScorer;
    final ReservoirScorer holdoutScorer;
    private final DeferredScore deferred = new DeferredScore();

    LearnerSlot(String name, int index, OnlineModel model, int window, int classes, ReservoirScorer trainScorer,
                ReservoirScorer holdoutScorer) {
        this.name = name;
        this.index = index;
        this.model = model;
        this.window = window;
        this.classes = classes;
        this.evaluator = new LearnerEvaluator(window, classes);
        this.trainScorer = trainScorer;
        this.holdoutScorer = holdoutScorer;
    }

    /** A slot for {@code model}: a {@link PathSlot} when it is a regularization path. */
    static LearnerSlot of(String name, int index, OnlineModel model, int window, int classes,
                          ReservoirScorer trainScorer, ReservoirScorer holdoutScorer) {
        return model instanceof ModelPath path
                ? new PathSlot(name, index, path, window, classes, trainScorer, holdoutScorer)
                : new LearnerSlot(name, index, model, window, classes, trainScorer, holdoutScorer);
    }

    public String name() {
        return name;
    }

    public OnlineModel model() {
        return model;
    }

    /** The learner's current loss estimates. */
    public LearnerStats stats() {
        settle();
        return evaluator.stats(model);
    }

    /** Whether the model is a regularization path. */
    public boolean isPath() {
        return false;
    }

    /** The path members' current loss estimates, in member order; empty when the model is not a path. */
    public List<LearnerStats> memberStats() {
        return List.of();
    }

    /** Times the path champion changed; 0 when the model is not a path. */
    public long pathSwitches() {
        return 0;
    }

    /** Whether the path champion is chosen by prequential loss (else by holdout loss). */
    public boolean selectsByPrequential() {
        return false;
    }

    /** Whether the learner's prequential loss is monitored for drift. */
    public boolean monitorsDrift() {
        return drift.monitors();
    }

    /** Drifts the learner's detector has reported; 0 without drift detection. */
    public long driftDetections() {
        return drift.detections();
    }

    /** Times the learner's model was replaced after a drift (reset, or a challenger that took over). */
    public long driftReplacements() {
        return drift.replacements();
    }

    /**
     * Monitors the prequential loss for drift; call before the first record (and before a restore,
     * which then reads the detector's state).
     *
     * @param factory a fresh model of the learner, for the reset and challenger actions
     */
    void monitorDrift(DriftOptions options, Supplier<OnlineModel> factory) {
        drift = new LearnerDrift(options, factory, window, classes, model.outputDimension());
    }

    /** Chooses the path champion by prequential loss; only for a path. */
    void selectByPrequential() {
        throw new IllegalArgumentException("learner " + name + " is not a regularization path");
    }

    /** Predicts the standardized record into the result (and so does a drift challenger). */
    void predict(FeatureVector input, StepResult result) {
        predictModel(input, result);
        result.setVersion(index, model.updates());
        drift.predict(input);
    }

    void predictModel(FeatureVector input, StepResult result) {
        model.predict(input, result.predictionBuffer(index));
    }

    /** A TRAIN record, before training: its prediction's loss enters the window and the drift detector. */
    void observe(double label, StepResult result) {
        double loss = evaluator.observePrequential(classes, result.prediction(index), label);
        observeMembers(label);
        drift.observe(this, loss, label, result);
    }

    /** A path's members' predictions enter their windows; nothing for a single model. */
    void observeMembers(double label) {}

    /** Trains on the standardized record. */
    void train(FeatureVector input, double label, StepResult result) {
        OnlineModel m = model;
        long clippedBefore = m.clippedSteps();
        // two nanoTime reads (~25 ns each) per learner: the update-time histogram's source
        long start = System.nanoTime();
        TrainResult r = m.train(input, label);
        result.setTrainResult(index, r, System.nanoTime() - start, m.clippedSteps() != clippedBefore);
        if (r.rejected()) {
            evaluator.countRejectedStep();
        }
        drift.train(this, input, label);
    }

    /** Scores the current model on the reservoirs the scorers hold, or keeps it to score when read. */
    void rescore() {
        if (!deferred.defer(model)) {
            score(model);
        }
    }

    /** Scores {@code m} on the reservoirs the scorers hold as this learner's figures. */
    private void score(OnlineModel m) {
        trainScorer.score(m);
        evaluator.setTrainScore(trainScorer.loss(), trainScorer.accuracy());
        holdoutScorer.score(m);
        evaluator.setHoldoutScore(holdoutScorer.loss(), holdoutScorer.accuracy());
    }

    /** Computes the figures of a deferred rescore; before they are read or stored. */
    void settle() {
        if (deferred.pending()) {
            score(deferred.take());
        }
    }

    /** Drops deferred rescores: the evaluation was restored from a stored state. */
    void discardDeferredScores() {
        deferred.discard();
    }

    /** Values of this learner in a {@link PredictionsThen}. */
    int thenWidth() {
        return model.outputDimension() + memberThenWidth() + drift.thenWidth();
    }

    /** Copies what this learner predicted into {@code values} at {@code at}; returns the next position. */
    int writeThen(StepResult result, double[] values, int at) {
        double[] prediction = result.prediction(index);
        System.arraycopy(prediction, 0, values, at, prediction.length);
        return drift.writeThen(values, writeMembers(values, at + prediction.length));
    }

    /** Puts back what {@link #writeThen} copied (the prediction into the result); returns the next position. */
    int readThen(double[] values, int at, StepResult result) {
        double[] prediction = result.predictionBuffer(index);
        System.arraycopy(values, at, prediction, 0, prediction.length);
        return drift.readThen(values, readMembers(values, at + prediction.length));
    }

    /** Values of a path's member predictions in a {@link PredictionsThen}; none for a single model. */
    int memberThenWidth() {
        return 0;
    }

    /** Copies a path's member predictions; returns the next position. */
    int writeMembers(double[] values, int at) {
        return at;
    }

    /** Puts back what {@link #writeMembers} copied; returns the next position. */
    int readMembers(double[] values, int at) {
        return at;
    }

    void writeEvaluation(DataOutput out) throws IOException {
        evaluator.writeTo(out);
    }

    void readEvaluation(DataInput in) throws IOException {
        evaluator.readFrom(in);
    }

    void writeDrift(DataOutput out) throws IOException {
        drift.writeTo(out);
    }

    /** Reads a stored drift state; without drift detection, reads it and drops it. */
    void readDrift(DataInput in) throws IOException {
        drift.readFrom(in);
    }

    void writePath(DataOutput out) throws IOException {
        throw new IllegalStateException("learner " + name + " is not a regularization path");
    }

    /** Reads a stored path state; a learner that is not (or no longer) a path reads it and drops it. */
    void readPath(DataInput in) throws IOException {
        LearnerPath.skip(in, window, classes);
    }
}
