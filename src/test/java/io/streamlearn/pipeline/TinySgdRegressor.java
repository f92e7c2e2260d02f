package io.streamlearn.pipeline;

import io.streamlearn.learn.OnlineModel;
import io.streamlearn.learn.TrainResult;
import io.streamlearn.vector.FeatureVector;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInput;
import java.io.DataInputStream;
import java.io.DataOutput;
import java.io.DataOutputStream;
import java.io.IOException;

/**
 * Test double of a pure interface: plain SGD on 0.5 (y - w.x - b)^2 with a constant step, so that
 * eval can be tested without the real learners. Allocates nothing per call; its state round-trips
 * through {@link #toBytes()} / {@link #fromBytes(byte[])}.
 */
final class TinySgdRegressor implements OnlineModel {

    private final double[] w;
    private final double rate;
    private double b;
    private long steps;

    TinySgdRegressor(int dimension, double rate) {
        this.w = new double[dimension];
        this.rate = rate;
    }

    @Override
    public int inputDimension() {
        return w.length;
    }

    @Override
    public int outputDimension() {
        return 1;
    }

    @Override
    public void predict(FeatureVector x, double[] out) {
        out[0] = dot(x);
    }

    /** b + w . x, over the nonzero columns of a sparse x. */
    private double dot(FeatureVector x) {
        double s = b;
        if (x.isSparse()) {
            for (int i = 0; i < x.nonZeros(); i++) {
                s += w[x.indices()[i]] * x.values()[i];
            }
            return s;
        }
        double[] d = x.denseValues();
        for (int j = 0; j < w.length; j++) {
            s += w[j] * d[j];
        }
        return s;
    }

    @Override
    public TrainResult train(FeatureVector x, double label) {
        double step = rate * (dot(x) - label);
        if (!Double.isFinite(step)) {
            return TrainResult.rejected("non-finite step");
        }
        if (x.isSparse()) {
            for (int i = 0; i < x.nonZeros(); i++) {
                w[x.indices()[i]] -= step * x.values()[i];
            }
        } else {
            double[] d = x.denseValues();
            for (int j = 0; j < w.length; j++) {
                w[j] -= step * d[j];
            }
        }
        b -= step;
        steps++;
        return TrainResult.STEPPED;
    }

    @Override
    public long updates() {
        return steps;
    }

    @Override
    public double weightsL1() {
        double s = 0;
        for (double v : w) {
            s += Math.abs(v);
        }
        return s;
    }

    @Override
    public double weightsL2() {
        double s = 0;
        for (double v : w) {
            s += v * v;
        }
        return Math.sqrt(s);
    }

    @Override
    public long nonZeroWeights() {
        long n = 0;
        for (double v : w) {
            n += v != 0 ? 1 : 0;
        }
        return n;
    }

    @Override
    public long weightCount() {
        return w.length;
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
        return 99;
    }

    @Override
    public void writeTo(DataOutput out) throws IOException {
        out.writeInt(w.length);
        out.writeDouble(rate);
        out.writeDouble(b);
        out.writeLong(steps);
        for (double v : w) {
            out.writeDouble(v);
        }
    }

    byte[] toBytes() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            writeTo(out);
        }
        return bytes.toByteArray();
    }

    static TinySgdRegressor fromBytes(byte[] bytes) throws IOException {
        return readFrom(new DataInputStream(new ByteArrayInputStream(bytes)));
    }

    static TinySgdRegressor readFrom(DataInput in) throws IOException {
        TinySgdRegressor m = new TinySgdRegressor(in.readInt(), in.readDouble());
        m.b = in.readDouble();
        m.steps = in.readLong();
        for (int j = 0; j < m.w.length; j++) {
            m.w[j] = in.readDouble();
        }
        return m;
    }
}
