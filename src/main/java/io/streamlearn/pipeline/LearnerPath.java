package io.streamlearn.pipeline;

import io.streamlearn.eval.LearnerEvaluator;
import io.streamlearn.eval.LearnerStats;
import io.streamlearn.learn.ModelPath;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * The evaluation side of one learner's regularization path ({@link PathSlot}): an evaluator per
 * member (prequential window, train and holdout score, as a learner has), each member's prediction
 * of the current record, each member's model at the last rescore until scored on the training
 * reservoir ({@link DeferredScore}), and the champion rule's state. The models are the
 * learner's {@link ModelPath}; who is champion is stored there (it decides the predictions), the
 * rule's pending switch here. Saved with the pipeline's evaluation state ({@link PipelineStateCodec},
 * format 3).
 *
 * <p>The champion rule, applied at every rescore (every {@code evaluation.every} labeled records):
 * the candidate is the member with the lowest loss — holdout loss on the holdout reservoir, or
 * prequential loss over the window with {@code select: prequential}; members whose loss is not
 * known yet (NaN) do not compete. The candidate takes over when its loss is lower than the
 * champion's by more than {@link #MARGIN} (relative) at {@link #CONFIRMATIONS} consecutive rescores,
 * with the same candidate each time; any rescore that does not confirm it starts the count afresh.
 * While the champion's own loss is unknown, the first candidate with a known loss takes over at once.
 * The first member (the first value listed) is champion until then.
 */
final class LearnerPath {

    /** Relative margin by which a candidate must beat the champion. */
    static final double MARGIN = 0.01;
    /** Consecutive rescores at which the same candidate must beat the champion by the margin. */
    static final int CONFIRMATIONS = 2;
    private static final byte FORMAT = 1;

    final boolean prequential;
    final LearnerEvaluator[] evaluators;
    final double[][] predictions;
    /** Per member: its model at the last rescore, until scored on the training reservoir. */
    final DeferredScore[] deferred;
    /** The champion after the last rescore (whose train score is the learner's). */
    int deferredChampion;
    /** The member that beat the champion at the last rescore(s), or -1. */
    int candidate = -1;
    /** Consecutive rescores at which {@link #candidate} beat the champion. */
    int streak;
    /** Times the champion changed. */
    long switches;

    LearnerPath(int members, int outputs, int window, int classes, boolean prequential) {
        this.prequential = prequential;
        this.evaluators = new LearnerEvaluator[members];
        this.predictions = new double[members][outputs];
        this.deferred = new DeferredScore[members];
        for (int k = 0; k < members; k++) {
            evaluators[k] = new LearnerEvaluator(window, classes);
            deferred[k] = new DeferredScore();
        }
    }

    /** The loss the rule compares for member k. */
    double selectionLoss(int k, ModelPath path) {
        LearnerStats s = evaluators[k].stats(path.member(k));
        return prequential ? s.prequentialLoss() : s.holdoutLoss();
    }

    /** Applies the champion rule once; returns whether the champion changed. */
    boolean rechoose(ModelPath path) {
        int champion = path.champion();
        int best = -1;
        double bestLoss = Double.NaN;
        for (int k = 0; k < path.size(); k++) {
            double loss = selectionLoss(k, path);
            if (!Double.isNaN(loss) && (best < 0 || loss < bestLoss)) {
                best = k;
                bestLoss = loss;
            }
        }
        double championLoss = selectionLoss(champion, path);
        if (best < 0 || best == champion) {
            candidate = -1;
            streak = 0;
            return false;
        }
        if (Double.isNaN(championLoss)) {
            return takeOver(path, best);
        }
        if (bestLoss < (1 - MARGIN) * championLoss) {
            streak = best == candidate ? streak + 1 : 1;
            candidate = best;
            if (streak >= CONFIRMATIONS) {
                return takeOver(path, best);
            }
            return false;
        }
        candidate = -1;
        streak = 0;
        return false;
    }

    private boolean takeOver(ModelPath path, int k) {
        path.setChampion(k);
        switches++;
        candidate = -1;
        streak = 0;
        return true;
    }

    void writeTo(DataOutput out) throws IOException {
        out.writeByte(FORMAT);
        out.writeBoolean(prequential);
        out.writeInt(candidate);
        out.writeInt(streak);
        out.writeLong(switches);
        out.writeInt(evaluators.length);
        for (LearnerEvaluator e : evaluators) {
            e.writeTo(out);
        }
    }

    /**
     * Reads what {@link #writeTo} wrote. Member evaluators are kept when the stored path has as many
     * members and was selected by the same loss; else the evaluators start afresh (the spec changed).
     */
    void readFrom(DataInput in, int window, int classes) throws IOException {
        byte format = in.readByte();
        if (format != FORMAT) {
            throw new IOException("unsupported path state format " + format);
        }
        boolean storedPrequential = in.readBoolean();
        int storedCandidate = in.readInt();
        int storedStreak = in.readInt();
        long storedSwitches = in.readLong();
        int n = in.readInt();
        boolean same = n == evaluators.length && storedPrequential == prequential;
        for (int k = 0; k < n; k++) {
            LearnerEvaluator target = same ? evaluators[k] : new LearnerEvaluator(window, classes);
            target.readFrom(in);
        }
        switches = storedSwitches;
        candidate = same ? storedCandidate : -1;
        streak = same ? storedStreak : 0;
    }

    /** Reads and drops a stored slot (of a learner that is no longer a path). */
    static void skip(DataInput in, int window, int classes) throws IOException {
        new LearnerPath(0, 1, window, classes, false).readFrom(in, window, classes);
    }
}
