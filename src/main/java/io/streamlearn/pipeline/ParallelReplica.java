package io.streamlearn.pipeline;

import io.streamlearn.learn.ByteSink;
import io.streamlearn.learn.ModelCodec;
import io.streamlearn.learn.ParameterMixing;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;

/**
 * One partition's side of data-parallel training (docs/DESIGN.md "Data-parallel training"): the
 * replica trains on from its base, the merged generation it last adopted (0: the fresh model set);
 * after {@code every} training records it publishes its model set once as generation base + 1, and
 * trains on; when a newer merged generation arrives it adopts it, plus what it trained since
 * publishing ({@link ParameterMixing#rebase}). Life cycle: {@link #trained} after each training
 * record (may return a contribution to publish), {@link #adopt} on each merged generation; saved
 * with {@link #progressBytes} and {@link #publishedBytes}, restored with {@link #fromBytes}.
 */
public final class ParallelReplica {

    private static final byte FORMAT = 1;

    private final int every;
    private long generation;
    /** Training records in the local model set that are not in the base. */
    private long sinceBase;
    /** The contribution published for generation + 1; null before it is. */
    private ModelSetSnapshot published;
    private long adopted;

    public ParallelReplica(int every) {
        if (every < 1) {
            throw new IllegalArgumentException("every must be >= 1: " + every);
        }
        this.every = every;
    }

    /**
     * Counts a training record of {@code pipeline}; returns the contribution to publish when
     * {@code every} records are in since the base and none was published for the next generation,
     * else null.
     */
    public ModelSetSnapshot trained(LearningPipeline pipeline, int partition) {
        sinceBase++;
        if (published != null || sinceBase < every) {
            return null;
        }
        published = ModelSetSnapshot.of(pipeline, generation + 1, partition, sinceBase);
        return published;
    }

    /**
     * Adopts a merged generation newer than the base into {@code pipeline}'s models and scaler; an
     * older or repeated one is ignored.
     *
     * @return whether the pipeline changed
     */
    public boolean adopt(LearningPipeline pipeline, ModelSetSnapshot merged) {
        if (merged.generation() <= generation) {
            return false;
        }
        boolean ours = published != null && published.generation() == merged.generation();
        for (LearnerSlot s : pipeline.slots()) {
            var m = merged.models().get(s.name());
            if (m == null) {
                throw new IllegalArgumentException("merged generation " + merged.generation() + " has no learner "
                        + s.name());
            }
            s.model = ours ? ParameterMixing.rebase(s.model, published.models().get(s.name()), m) : ModelCodec.copy(m);
        }
        if (pipeline.scaling.standardizer != null && merged.standardizer() != null) {
            pipeline.scaling.standardizer = ours
                    ? ParameterMixing.rebase(pipeline.scaling.standardizer, published.standardizer(), merged.standardizer())
                    : merged.standardizer().copy();
        }
        // a merged generation without our contribution (we missed it): its records since the base are not ours
        sinceBase = ours ? sinceBase - published.records() : 0;
        generation = merged.generation();
        published = null;
        adopted++;
        return true;
    }

    /** The merged generation the replica last adopted; 0 before the first. */
    public long generation() {
        return generation;
    }

    /** Training records in the replica's models that are not in its base. */
    public long sinceBase() {
        return sinceBase;
    }

    /** Merged generations adopted since this replica was restored. */
    public long adopted() {
        return adopted;
    }

    /** What changes on every training record: format (1), the base's generation, records since the base. */
    public byte[] progressBytes() {
        return ByteSink.encode(17, out -> {
            out.writeByte(FORMAT);
            out.writeLong(generation);
            out.writeLong(sinceBase);
        });
    }

    /** What changes once per generation: the published contribution; null while there is none. */
    public byte[] publishedBytes() {
        return published == null ? null : published.toBytes();
    }

    /** The replica of {@link #progressBytes} and {@link #publishedBytes} (null when there was none). */
    public static ParallelReplica fromBytes(int every, byte[] progress, byte[] published) {
        ParallelReplica r = new ParallelReplica(every);
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(progress))) {
            byte format = in.readByte();
            if (format != FORMAT) {
                throw new IOException("unsupported replica format " + format);
            }
            r.generation = in.readLong();
            r.sinceBase = in.readLong();
        } catch (IOException e) {
            throw new IllegalArgumentException("not a readable replica state: " + e.getMessage(), e);
        }
        r.published = published == null ? null : ModelSetSnapshot.fromBytes(published);
        return r;
    }
}
