package io.streamlearn.pipeline;

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
 * One learner's drift monitoring in a {@link LearningPipeline}: its detector, fed the learner's
 * prequential loss on every training record, the count of detections, and, for the
 * {@code challenger} action, the fresh model training beside the learner with both models' loss
 * sums since it started. Saved with the pipeline's evaluation state ({@link PipelineStateCodec}).
 *
 * <p>The challenger rule: from {@link #CHALLENGER_MIN_RECORDS} training records on, the challenger
 * replaces the learner as soon as its mean prequential loss over the records since it started is
 * lower than the learner's over the same records; if that has not happened after {@code horizon}
 * records (the pipeline's prequential window), the challenger is dropped.
 */
final class LearnerDrift {

    static final int CHALLENGER_MIN_RECORDS = 50;
    private static final byte FORMAT = 1;

    final DriftOptions options;
    final Supplier<OnlineModel> factory;
    private final int horizon;
    DriftDetector detector;
    long detections;
    long replacements;
    OnlineModel challenger;
    long challengerRecords;
    double challengerLoss;
    double learnerLoss;

    LearnerDrift(DriftOptions options, Supplier<OnlineModel> factory, int horizon) {
        this.options = options;
        this.factory = factory;
        this.horizon = Math.max(horizon, CHALLENGER_MIN_RECORDS);
        this.detector = options.detector().newDetector();
    }

    DriftAction action() {
        return options.action();
    }

    int horizon() {
        return horizon;
    }

    void writeTo(DataOutput out) throws IOException {
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
    void readFrom(DataInput in) throws IOException {
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
