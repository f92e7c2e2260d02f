package io.streamlearn.eval;

import io.streamlearn.learn.OnlineModel;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/** One learner's loss trackers: the prequential window and the last reservoir scores. */
public final class LearnerEvaluator {

    private final WindowedMean prequentialLoss;
    /** 1 per correct pre-training prediction, 0 otherwise; null for regression. */
    private final WindowedMean prequentialHits;
    private double trainLoss = Double.NaN;
    private double holdoutLoss = Double.NaN;
    private double trainAccuracy = Double.NaN;
    private double holdoutAccuracy = Double.NaN;
    private long rejectedSteps;

    public LearnerEvaluator(int window, int classes) {
        this.prequentialLoss = new WindowedMean(window);
        this.prequentialHits = classes > 0 ? new WindowedMean(window) : null;
    }

    /**
     * Records the loss (and, for a classifier, the hit) of a prediction made before training.
     *
     * @return the prediction's loss
     */
    public double observePrequential(int classes, double[] prediction, double label) {
        double loss = Losses.loss(classes, prediction, label);
        prequentialLoss.add(loss);
        if (prequentialHits != null) {
            prequentialHits.add(Losses.hit(prediction, label));
        }
        return loss;
    }

    public void countRejectedStep() {
        rejectedSteps++;
    }

    public void setTrainScore(double loss, double accuracy) {
        trainLoss = loss;
        trainAccuracy = accuracy;
    }

    public void setHoldoutScore(double loss, double accuracy) {
        holdoutLoss = loss;
        holdoutAccuracy = accuracy;
    }

    public LearnerStats stats(OnlineModel model) {
        return new LearnerStats(
                prequentialLoss.mean(),
                trainLoss,
                holdoutLoss,
                holdoutLoss - trainLoss,
                prequentialHits == null ? Double.NaN : prequentialHits.mean(),
                trainAccuracy,
                holdoutAccuracy,
                model.updates(),
                rejectedSteps);
    }

    public void writeTo(DataOutput out) throws IOException {
        prequentialLoss.writeTo(out);
        out.writeBoolean(prequentialHits != null);
        if (prequentialHits != null) {
            prequentialHits.writeTo(out);
        }
        out.writeDouble(trainLoss);
        out.writeDouble(holdoutLoss);
        out.writeDouble(trainAccuracy);
        out.writeDouble(holdoutAccuracy);
        out.writeLong(rejectedSteps);
    }

    public void readFrom(DataInput in) throws IOException {
        prequentialLoss.readFrom(in);
        boolean hasHits = in.readBoolean();
        if (hasHits != (prequentialHits != null)) {
            throw new IOException("stored evaluator is for another task (classification: " + hasHits + ")");
        }
        if (hasHits) {
            prequentialHits.readFrom(in);
        }
        trainLoss = in.readDouble();
        holdoutLoss = in.readDouble();
        trainAccuracy = in.readDouble();
        holdoutAccuracy = in.readDouble();
        rejectedSteps = in.readLong();
    }
}
