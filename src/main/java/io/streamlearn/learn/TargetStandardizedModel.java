package io.streamlearn.learn;

import io.streamlearn.vector.FeatureVector;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * A regressor that learns on a running-standardized target and predicts in the original scale:
 * on each training example y is first added to the running mean and variance (Welford, as
 * {@link RunningStandardizer} does for the features), then the inner model trains on
 * z = (y − mean) / std (only centred while std is 0); a prediction is mean + std · inner's output.
 * Losses computed from {@link #predict} are therefore in the original scale, while the inner model's
 * gradients (and so its clipping) see a target of unit scale.
 *
 * <p>A mini-batch inner model buffers z with the statistics of the time the example arrived. The
 * snapshot ({@link ModelCodec} tag {@link ModelCodec#TAG_TARGET_STANDARDIZED}) holds the scaler and
 * the inner model's own snapshot, so a restored model continues bit-identically.
 */
public final class TargetStandardizedModel implements OnlineModel {

    private static final byte FORMAT = 1;

    private final OnlineModel inner;
    private RunningStandardizer target;
    private final double[] y = new double[1];

    /** @param inner a regressor (one output) */
    public TargetStandardizedModel(OnlineModel inner) {
        this(inner, new RunningStandardizer(1));
    }

    private TargetStandardizedModel(OnlineModel inner, RunningStandardizer target) {
        if (inner.outputDimension() != 1) {
            throw new IllegalArgumentException("target standardization is for regressors, got "
                    + inner.outputDimension() + " outputs");
        }
        if (target.dimension() != 1) {
            throw new IllegalArgumentException("a target scaler has dimension 1, got " + target.dimension());
        }
        this.inner = inner;
        this.target = target;
    }

    /** The model that learns on the standardized target. */
    public OnlineModel inner() {
        return inner;
    }

    /** Running mean of the targets trained on. */
    public double targetMean() {
        return target.mean(0);
    }

    /** Running population standard deviation of the targets trained on; 0 before two distinct values. */
    public double targetStd() {
        return target.std(0);
    }

    /** Examples the scaler has seen. */
    public long targetCount() {
        return target.count();
    }

    @Override
    public int inputDimension() {
        return inner.inputDimension();
    }

    @Override
    public int outputDimension() {
        return 1;
    }

    @Override
    public void predict(FeatureVector x, double[] out) {
        inner.predict(x, out);
        double s = target.std(0);
        out[0] = s > 0 ? target.mean(0) + s * out[0] : target.mean(0) + out[0];
    }

    /** The inner model's batch prediction (bit-identical to its per-row one), mapped back row by row. */
    @Override
    public void predict(FeatureVector[] rows, int n, double[][] out) {
        inner.predict(rows, n, out);
        double s = target.std(0);
        double m = target.mean(0);
        for (int i = 0; i < n; i++) {
            out[i][0] = s > 0 ? m + s * out[i][0] : m + out[i][0];
        }
    }

    @Override
    public TrainResult train(FeatureVector x, double label) {
        y[0] = label;
        target.update(y);
        target.transform(y, y);
        return inner.train(x, y[0]);
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
        return ModelCodec.TAG_TARGET_STANDARDIZED;
    }

    @Override
    public void writeTo(DataOutput out) throws IOException {
        out.writeByte(FORMAT);
        target.writeTo(out);
        ModelCodec.write(inner, out);
    }

    static TargetStandardizedModel readFrom(DataInput in) throws IOException {
        byte format = in.readByte();
        if (format != FORMAT) {
            throw new IOException("unsupported target-standardized model format " + format);
        }
        RunningStandardizer target = RunningStandardizer.readFrom(in);
        OnlineModel inner = ModelCodec.read(in);
        try {
            return new TargetStandardizedModel(inner, target);
        } catch (IllegalArgumentException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    /** The target scaler pooled ({@link RunningStandardizer#visitState}), then the inner model's state. */
    @Override
    public void visitState(StateVisitor visitor) {
        target.visitState(visitor);
        inner.visitState(visitor);
    }
}
