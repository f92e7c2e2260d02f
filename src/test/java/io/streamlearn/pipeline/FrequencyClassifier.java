package io.streamlearn.pipeline;

import io.streamlearn.learn.OnlineModel;
import io.streamlearn.learn.TrainResult;
import io.streamlearn.vector.FeatureVector;
import java.io.DataOutput;
import java.io.IOException;

/**
 * Test double of a pure interface: a classifier that ignores x and predicts the Laplace-smoothed
 * class frequencies p_k = (n_k + 1) / (n + K) of what it was trained on.
 */
final class FrequencyClassifier implements OnlineModel {

    private final int dimension;
    private final long[] counts;
    private long n;

    FrequencyClassifier(int dimension, int classes) {
        this.dimension = dimension;
        this.counts = new long[classes];
    }

    @Override
    public int inputDimension() {
        return dimension;
    }

    @Override
    public int outputDimension() {
        return counts.length;
    }

    @Override
    public void predict(FeatureVector x, double[] out) {
        for (int k = 0; k < counts.length; k++) {
            out[k] = (counts[k] + 1.0) / (n + counts.length);
        }
    }

    @Override
    public TrainResult train(FeatureVector x, double label) {
        counts[(int) label]++;
        n++;
        return TrainResult.STEPPED;
    }

    @Override
    public long updates() {
        return n;
    }

    @Override
    public double weightsL1() {
        return 0;
    }

    @Override
    public double weightsL2() {
        return 0;
    }

    @Override
    public long nonZeroWeights() {
        return 0;
    }

    @Override
    public long weightCount() {
        return 0;
    }

    @Override
    public double lastGradientNorm() {
        return Double.NaN;
    }

    @Override
    public long clippedSteps() {
        return 0;
    }

    @Override
    public byte typeTag() {
        return 98;
    }

    @Override
    public void writeTo(DataOutput out) throws IOException {
        out.writeInt(counts.length);
        for (long c : counts) {
            out.writeLong(c);
        }
    }
}
