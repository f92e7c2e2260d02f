package io.streamlearn.pipeline;

import io.streamlearn.vector.FeatureVector;
import io.streamlearn.eval.LearnerStats;
import io.streamlearn.eval.ReservoirScorer;
import io.streamlearn.learn.ModelPath;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The slot of a learner whose model is a {@link ModelPath} (a regularization path): it predicts
 * with its champion; every member also predicts (into its own buffer, on the same standardized x)
 * and its loss enters its own evaluator; every member trains on the same x ({@code ModelPath.train});
 * at each rescore every member is scored on the holdout reservoir at once (those losses choose the
 * champion, {@link LearnerPath}), on the training reservoir lazily, as a learner is. The learner's
 * own evaluator sees the champion's predictions and scores.
 */
final class PathSlot extends LearnerSlot {

    /** Replaced once, before the first record, to select by prequential loss. */
    private LearnerPath path;

    PathSlot(String name, int index, ModelPath model, int window, int classes, ReservoirScorer trainScorer,
             ReservoirScorer holdoutScorer) {
        super(name, index, model, window, classes, trainScorer, holdoutScorer);
        this.path = new LearnerPath(model.size(), model.outputDimension(), window, classes, false);
    }

    private ModelPath members() {
        return (ModelPath) model;
    }

    @Override
    public boolean isPath() {
        return true;
    }

    @Override
    public List<LearnerStats> memberStats() {
        settle();
        ModelPath members = members();
        List<LearnerStats> stats = new ArrayList<>(members.size());
        for (int k = 0; k < members.size(); k++) {
            stats.add(path.evaluators[k].stats(members.member(k)));
        }
        return stats;
    }

    @Override
    public long pathSwitches() {
        return path.switches;
    }

    @Override
    public boolean selectsByPrequential() {
        return path.prequential;
    }

    @Override
    void selectByPrequential() {
        path = new LearnerPath(path.evaluators.length, model.outputDimension(), window, classes, true);
    }

    @Override
    void predictModel(FeatureVector input, StepResult result) {
        ModelPath members = members();
        members.predictMembers(input, path.predictions);
        double[] champion = path.predictions[members.champion()];
        System.arraycopy(champion, 0, result.predictionBuffer(index), 0, champion.length);
        result.setChampion(index, members.penalties(members.champion()));
    }

    @Override
    void observeMembers(double label) {
        for (int k = 0; k < path.evaluators.length; k++) {
            path.evaluators[k].observePrequential(classes, path.predictions[k], label);
        }
    }

    /** Scores every member, re-chooses the champion, and gives the learner the champion's scores. */
    @Override
    void rescore() {
        ModelPath members = members();
        double[] trainLoss = new double[members.size()];
        double[] trainAccuracy = new double[members.size()];
        double[] holdoutLoss = new double[members.size()];
        double[] holdoutAccuracy = new double[members.size()];
        for (int k = 0; k < members.size(); k++) {
            if (!path.deferred[k].defer(members.member(k))) {
                trainScorer.score(members.member(k));
                trainLoss[k] = trainScorer.loss();
                trainAccuracy[k] = trainScorer.accuracy();
                path.evaluators[k].setTrainScore(trainLoss[k], trainAccuracy[k]);
            }
            holdoutScorer.score(members.member(k));
            holdoutLoss[k] = holdoutScorer.loss();
            holdoutAccuracy[k] = holdoutScorer.accuracy();
            path.evaluators[k].setHoldoutScore(holdoutLoss[k], holdoutAccuracy[k]);
        }
        path.rechoose(members);
        int c = members.champion();
        path.deferredChampion = c;
        if (!path.deferred[c].pending()) {
            evaluator.setTrainScore(trainLoss[c], trainAccuracy[c]);
        }
        evaluator.setHoldoutScore(holdoutLoss[c], holdoutAccuracy[c]);
    }

    /** The members' deferred training-reservoir scores; the champion's is the learner's. */
    @Override
    void settle() {
        for (int k = 0; k < path.deferred.length; k++) {
            if (path.deferred[k].pending()) {
                trainScorer.score(path.deferred[k].take());
                path.evaluators[k].setTrainScore(trainScorer.loss(), trainScorer.accuracy());
                if (k == path.deferredChampion) {
                    evaluator.setTrainScore(trainScorer.loss(), trainScorer.accuracy());
                }
            }
        }
    }

    @Override
    void discardDeferredScores() {
        for (DeferredScore d : path.deferred) {
            d.discard();
        }
    }

    @Override
    int memberThenWidth() {
        return path.predictions.length * model.outputDimension();
    }

    @Override
    int writeMembers(double[] values, int at) {
        for (double[] member : path.predictions) {
            System.arraycopy(member, 0, values, at, member.length);
            at += member.length;
        }
        return at;
    }

    @Override
    int readMembers(double[] values, int at) {
        for (double[] member : path.predictions) {
            System.arraycopy(values, at, member, 0, member.length);
            at += member.length;
        }
        return at;
    }

    @Override
    void writePath(DataOutput out) throws IOException {
        path.writeTo(out);
    }

    @Override
    void readPath(DataInput in) throws IOException {
        path.readFrom(in, window, classes);
    }
}
