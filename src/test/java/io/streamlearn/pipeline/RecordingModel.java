package io.streamlearn.pipeline;

import io.streamlearn.learn.OnlineModel;
import io.streamlearn.learn.TrainResult;
import io.streamlearn.vector.FeatureVector;
import java.io.DataOutput;
import java.io.IOException;

/**
 * Test double: wraps a model and keeps copies of the last x it was asked to predict on and to train
 * on, so a test can see exactly what the pipeline fed it. Optionally refuses every training call.
 */
final class RecordingModel implements OnlineModel {

    private final OnlineModel inner;
    private final boolean rejectAll;
    final double[] lastPredictX;
    final double[] lastTrainX;
    long trainCalls;

    RecordingModel(OnlineModel inner, boolean rejectAll) {
        this.inner = inner;
        this.rejectAll = rejectAll;
        this.lastPredictX = new double[inner.inputDimension()];
        this.lastTrainX = new double[inner.inputDimension()];
    }

    @Override
    public int inputDimension() {
        return inner.inputDimension();
    }

    @Override
    public int outputDimension() {
        return inner.outputDimension();
    }

    @Override
    public void predict(FeatureVector x, double[] out) {
        x.toDense(lastPredictX);
        inner.predict(x, out);
    }

    @Override
    public TrainResult train(FeatureVector x, double label) {
        x.toDense(lastTrainX);
        trainCalls++;
        return rejectAll ? TrainResult.rejected("refused by the test") : inner.train(x, label);
    }

    @Override
    public long updates() {
        return inner.updates();
    }

    @Override
    public double weightsL1() {
        return inner.weightsL1();
    }

    @Override
    public double weightsL2() {
        return inner.weightsL2();
    }

    @Override
    public long nonZeroWeights() {
        return inner.nonZeroWeights();
    }

    @Override
    public long weightCount() {
        return inner.weightCount();
    }

    @Override
    public double lastGradientNorm() {
        return inner.lastGradientNorm();
    }

    @Override
    public long clippedSteps() {
        return inner.clippedSteps();
    }

    @Override
    public byte typeTag() {
        return inner.typeTag();
    }

    @Override
    public void writeTo(DataOutput out) throws IOException {
        inner.writeTo(out);
    }
}
