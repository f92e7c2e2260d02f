package io.streamlearn.pipeline;

import io.streamlearn.encode.EncoderStateCodec;
import io.streamlearn.eval.LearnerEvaluator;
import io.streamlearn.learn.ByteSink;
import io.streamlearn.learn.RunningStandardizer;
import java.io.ByteArrayInputStream;
import java.io.DataInput;
import java.io.DataInputStream;
import java.io.DataOutput;
import java.io.IOException;
import java.util.List;

/**
 * The stored form of a {@link LearningPipeline}'s state, everything but its models (which
 * {@code learn.ModelCodec} stores): format byte, dimension, classes, the standardize flag, the split
 * counters, the standardizer, both reservoirs, then each learner's evaluator by name. The splitter
 * is a pure function of the id and holds no state. Format 1 is read back by a golden-file test.
 * Each {@link LearnerSlot} writes and reads its own parts; this class lays them out in sections.
 *
 * <p>Format 2 adds, after the evaluators, each drift-monitored learner's {@link LearnerDrift} by
 * name (its detector, detection count and challenger). A pipeline with no drift detection still
 * writes format 1, byte for byte as before; format 1 reads back with every detector fresh.
 *
 * <p>Format 3 is written only when some learner is a regularization path: the drift section as in
 * format 2 (possibly with no learner in it), then each path learner's {@link LearnerPath} by name
 * (its member evaluators and the champion rule's pending switch; the champion itself is in the
 * model's snapshot). Formats 1 and 2 are still written, byte for byte, when no learner is a path.
 *
 * <p>A pipeline of raw events ({@link EventInput}) adds {@link #EVENTS} (16) to its format byte
 * (17, 18, 19) and writes, after everything else, its encoder's state
 * ({@code encode.EncoderStateCodec}: vocabularies, imputation means, hashed names); its standardizer
 * is that of the numeric columns. A pipeline of feature records writes formats 1 to 3 as before.
 */
public final class PipelineStateCodec {

    /** Version of the format, written first: 1 without drift detection, 2 with, 3 with a regularization path. */
    static final byte FORMAT = 3;
    static final byte FORMAT_WITH_DRIFT = 2;
    static final byte FORMAT_WITHOUT_DRIFT = 1;
    /** Added to the format of a raw-event pipeline, whose encoder's state comes last. */
    static final byte EVENTS = 16;

    private PipelineStateCodec() {}

    /** The pipeline's state but its models, as a versioned binary. */
    public static byte[] write(LearningPipeline p) {
        for (LearnerSlot s : p.slots()) {
            s.settle();
        }
        return ByteSink.encode(
                // a first guess at the size (dense reservoirs); a wide raw-event layout must not overflow it
                (int) Math.min(1 << 24, 64L + 16L * p.dimension() * p.settings().reservoir()), out -> writeState(p, out));
    }

    private static void writeState(LearningPipeline p, DataOutput out) throws IOException {
        List<LearnerSlot> slots = p.slots();
        List<LearnerSlot> monitored = slots.stream().filter(LearnerSlot::monitorsDrift).toList();
        List<LearnerSlot> paths = slots.stream().filter(LearnerSlot::isPath).toList();
        boolean drift = !monitored.isEmpty() || !paths.isEmpty();
        int format = !paths.isEmpty() ? FORMAT : drift ? FORMAT_WITH_DRIFT : FORMAT_WITHOUT_DRIFT;
        out.writeByte(p.events == null ? format : format + EVENTS);
        out.writeInt(p.dimension());
        out.writeInt(p.classes());
        out.writeBoolean(p.scaling.standardizer != null);
        out.writeLong(p.trained);
        out.writeLong(p.heldOut);
        out.writeLong(p.unlabeled);
        if (p.scaling.standardizer != null) {
            p.scaling.standardizer.writeTo(out);
        }
        p.trainRecords.writeTo(out);
        p.holdoutRecords.writeTo(out);
        writeSection(out, slots, s -> s.writeEvaluation(out));
        if (drift) {
            writeSection(out, monitored, s -> s.writeDrift(out));
        }
        if (!paths.isEmpty()) {
            writeSection(out, paths, s -> s.writePath(out));
        }
        if (p.events != null) {
            EncoderStateCodec.write(p.events.encoder(), out);
        }
    }

    /** A section: how many slots, then each slot's name and its part. */
    private static void writeSection(DataOutput out, List<LearnerSlot> slots, SlotPart part) throws IOException {
        out.writeInt(slots.size());
        for (LearnerSlot s : slots) {
            out.writeUTF(s.name());
            part.apply(s);
        }
    }

    /**
     * Restores into {@code fresh} (a new pipeline over the restored models) the state {@link #write}
     * wrote, and returns it. Given the same models and settings it continues bit-identically.
     * Learners are matched by name: a stored learner no longer in the pipeline is dropped, a new one
     * starts with empty trackers. Changed reservoir or window sizes keep the most recent entries
     * that fit.
     *
     * @throws IllegalArgumentException when the state is unreadable or for another dimension, task
     *     or standardize setting
     */
    public static LearningPipeline restore(LearningPipeline fresh, byte[] state) {
        try {
            read(fresh, new DataInputStream(new ByteArrayInputStream(state)));
        } catch (IOException e) {
            throw new IllegalArgumentException("pipeline " + fresh.name() + ": unreadable state: " + e.getMessage(), e);
        }
        return fresh;
    }

    private static void read(LearningPipeline p, DataInputStream in) throws IOException {
        byte formatByte = in.readByte();
        boolean events = formatByte > EVENTS;
        int format = events ? formatByte - EVENTS : formatByte;
        if (format < 1 || format > FORMAT) {
            throw new IOException("unsupported pipeline state format " + formatByte);
        }
        if (events != (p.events != null)) {
            throw new IOException("state is for a pipeline of " + (events ? "raw events" : "feature records")
                    + ", this one reads " + (p.events != null ? "raw events" : "feature records"));
        }
        int dimension = in.readInt();
        int classes = in.readInt();
        boolean standardize = in.readBoolean();
        if (dimension != p.dimension() || classes != p.classes() || standardize != (p.scaling.standardizer != null)) {
            throw new IOException("state is for dimension " + dimension + ", classes " + classes
                    + ", standardize " + standardize + "; pipeline has " + p.dimension() + ", " + p.classes()
                    + ", " + (p.scaling.standardizer != null));
        }
        for (LearnerSlot s : p.slots()) {
            s.discardDeferredScores();
        }
        p.trained = in.readLong();
        p.heldOut = in.readLong();
        p.unlabeled = in.readLong();
        if (p.scaling.standardizer != null) {
            RunningStandardizer stored = RunningStandardizer.readFrom(in);
            if (stored.dimension() != p.scaling.standardizer.dimension()) {
                throw new IOException("standardizer has dimension " + stored.dimension());
            }
            p.scaling.standardizer = stored;
        }
        p.trainRecords.readFrom(in);
        p.holdoutRecords.readFrom(in);
        readSection(p, in, s -> s.readEvaluation(in),
                () -> new LearnerEvaluator(p.settings().window(), classes).readFrom(in));
        if (format >= FORMAT_WITH_DRIFT) {
            readSection(p, in, s -> s.readDrift(in), () -> LearnerDrift.skip(in));
        }
        if (format >= FORMAT) {
            readSection(p, in, s -> s.readPath(in), () -> LearnerPath.skip(in, p.settings().window(), classes));
        }
        if (events) {
            EncoderStateCodec.read(p.events.encoder(), in);
        }
        if (in.read() != -1) {
            throw new IOException("trailing bytes after the pipeline state");
        }
    }

    /** Reads what {@link #writeSection} wrote: into the slot of that name, or read and dropped when it is gone. */
    private static void readSection(LearningPipeline p, DataInput in, SlotPart part, Dropped dropped)
            throws IOException {
        int stored = in.readInt();
        for (int k = 0; k < stored; k++) {
            String learner = in.readUTF();
            if (p.learnerNames().contains(learner)) {
                part.apply(p.slot(learner));
            } else {
                dropped.read();
            }
        }
    }

    /** A slot's part of the stored state, written or read. */
    @FunctionalInterface
    private interface SlotPart {
        void apply(LearnerSlot slot) throws IOException;
    }

    /** Reads and drops a part of a learner no longer in the pipeline. */
    @FunctionalInterface
    private interface Dropped {
        void read() throws IOException;
    }
}
