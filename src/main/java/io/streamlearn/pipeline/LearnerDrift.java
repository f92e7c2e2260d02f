package io.streamlearn.pipeline;

import io.streamlearn.vector.FeatureVector;
import io.streamlearn.eval.Losses;
import io.streamlearn.learn.ByteSink;
import io.streamlearn.learn.ModelCodec;
import io.streamlearn.learn.OnlineModel;
import io.streamlearn.learn.drift.DriftAction;
import io.streamlearn.learn.drift.DriftDetector;
import io.streamlearn.learn.drift.DriftOptions;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Arrays;
import java.util.function.Supplier;

/**
 * One learner's drift monitoring ({@link LearnerSlot}): its detector, fed the learner's
 * prequential loss on every training record, the count of detections, and, for the
 * {@code challenger} action, the fresh model training beside the learner with both models' loss
 * sums since it started and its prediction of the current record. On a drift the action
 * {@code reset} replaces the learner's model with a fresh one (which then trains on this record),
 * {@code challenger} starts a fresh model beside it. Saved with the pipeline's evaluation state
 * ({@link PipelineStateCodec}).
 *
 * <p>The challenger rule: from {@link #CHALLENGER_MIN_RECORDS} training records on, the challenger
 * replaces the learner as soon as its mean prequential loss over the records since it started is
 * lower than the learner's over the same records; if that has not happened after {@code horizon}
 * records (the pipeline's prequential window), the challenger is dropped.
 */
final class LearnerDrift implements DriftMonitoring {

    static final int CHALLENGER_MIN_RECORDS = 50;
    private static final byte FORMAT = 1;

    final DriftOptions options;
    final Supplier<OnlineModel> factory;
    private final int horizon;
    private final int classes;
    DriftDetector detector;
    long detections;
    long replacements;
    OnlineModel challenger;
    long challengerRecords;
    double challengerLoss;
    double learnerLoss;
    /** The challenger's prediction of the current record; empty without the challenger action. */
    private final double[] challengerPrediction;
    /** Whether the challenger predicted the current record (so its loss is compared). */
    private boolean challengerPredicted;

    /**
     * @param factory a fresh model of the learner, for the reset and challenger actions
     * @param horizon records after which a challenger that has not taken over is dropped (the
     *     prequential window; at least {@link #CHALLENGER_MIN_RECORDS})
     */
    LearnerDrift(DriftOptions options, Supplier<OnlineModel> factory, int horizon, int classes, int outputs) {
        this.options = options;
        this.factory = factory;
        this.horizon = Math.max(horizon, CHALLENGER_MIN_RECORDS);
        this.classes = classes;
        this.detector = options.detector().newDetector();
        this.challengerPrediction = new double[options.action() == DriftAction.CHALLENGER ? outputs : 0];
    }

    @Override
    public boolean monitors() {
        return true;
    }

    @Override
    public long detections() {
        return detections;
    }

    @Override
    public long replacements() {
        return replacements;
    }

    @Override
    public void predict(FeatureVector input) {
        challengerPredicted = challenger != null;
        if (challengerPredicted) {
            challenger.predict(input, challengerPrediction);
        }
    }

    @Override
    public void observe(LearnerSlot slot, double loss, double label, StepResult result) {
        if (challenger != null && challengerPredicted) {
            challengerLoss += Losses.loss(classes, challengerPrediction, label);
            learnerLoss += loss;
            challengerRecords++;
        }
        if (!detector.update(loss)) {
            return;
        }
        detections++;
        result.setDriftDetected(slot.index);
        switch (options.action()) {
            case RESET:
                slot.model = factory.get();
                detector = detector.fresh();
                replacements++;
                break;
            case CHALLENGER:
                if (challenger == null) {
                    challenger = factory.get();
                    challengerRecords = 0;
                    challengerLoss = 0;
                    learnerLoss = 0;
                }
                break;
            default:
                break;
        }
    }

    /** Trains the challenger; it takes over when its loss since it started is lower, or is dropped after the horizon. */
    @Override
    public void train(LearnerSlot slot, FeatureVector input, double label) {
        if (challenger == null) {
            return;
        }
        challenger.train(input, label);
        if (challengerRecords >= CHALLENGER_MIN_RECORDS && challengerLoss < learnerLoss) {
            slot.model = challenger;
            challenger = null;
            detector = detector.fresh();
            replacements++;
        } else if (challengerRecords >= horizon) {
            challenger = null;
        }
    }

    /** The challenger's prediction (NaN when it had none) with the challenger action, else nothing. */
    @Override
    public int thenWidth() {
        return challengerPrediction.length;
    }

    @Override
    public int writeThen(double[] values, int at) {
        int end = at + challengerPrediction.length;
        if (challengerPredicted) {
            System.arraycopy(challengerPrediction, 0, values, at, challengerPrediction.length);
        } else {
            Arrays.fill(values, at, end, Double.NaN);
        }
        return end;
    }

    @Override
    public int readThen(double[] values, int at) {
        if (challengerPrediction.length == 0) {
            return at;
        }
        System.arraycopy(values, at, challengerPrediction, 0, challengerPrediction.length);
        challengerPredicted = !Double.isNaN(values[at]) && challenger != null;
        return at + challengerPrediction.length;
    }

    @Override
    public void writeTo(DataOutput out) throws IOException {
        out.writeByte(FORMAT);
        out.writeLong(detections);
        out.writeLong(replacements);
        detector.writeTo(out);
        out.writeBoolean(challenger != null);
        if (challenger != null) {
            ModelCodec.write(challenger, out);
            out.writeLong(challengerRecords);
            out.writeDouble(challengerLoss);
            out.writeDouble(learnerLoss);
        }
    }

    /**
     * Reads what {@link #writeTo} wrote. The stored detector is kept when its settings are this
     * one's (else the detector starts afresh: the spec changed); a stored challenger only with the
     * challenger action.
     */
    @Override
    public void readFrom(DataInput in) throws IOException {
        byte format = in.readByte();
        if (format != FORMAT) {
            throw new IOException("unsupported drift state format " + format);
        }
        detections = in.readLong();
        replacements = in.readLong();
        DriftDetector stored = DriftDetector.readFrom(in);
        if (Arrays.equals(bytes(stored.fresh()), bytes(detector.fresh()))) {
            detector = stored;
        }
        challenger = null;
        challengerRecords = 0;
        challengerLoss = 0;
        learnerLoss = 0;
        if (in.readBoolean()) {
            OnlineModel c = ModelCodec.read(in);
            long records = in.readLong();
            double cl = in.readDouble();
            double ll = in.readDouble();
            if (options.action() == DriftAction.CHALLENGER) {
                challenger = c;
                challengerRecords = records;
                challengerLoss = cl;
                learnerLoss = ll;
            }
        }
    }

    /** Reads and drops a stored slot (of a learner no longer monitored). */
    static void skip(DataInput in) throws IOException {
        byte format = in.readByte();
        if (format != FORMAT) {
            throw new IOException("unsupported drift state format " + format);
        }
        in.readLong();
        in.readLong();
        DriftDetector.readFrom(in);
        if (in.readBoolean()) {
            ModelCodec.read(in);
            in.readLong();
            in.readDouble();
            in.readDouble();
        }
    }

    private static byte[] bytes(DriftDetector d) {
        return ByteSink.encode(256, d::writeTo);
    }
}
