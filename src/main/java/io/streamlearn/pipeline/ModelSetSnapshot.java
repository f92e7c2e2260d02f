package io.streamlearn.pipeline;

import io.streamlearn.learn.ByteSink;
import io.streamlearn.learn.ModelCodec;
import io.streamlearn.learn.OnlineModel;
import io.streamlearn.learn.RunningStandardizer;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One generation of a data-parallel pipeline's model set: a replica's contribution (its partition
 * and the records it trained since the generation's base) or the merged model set (partition -1,
 * records of all contributions). Binary, through the models' own snapshots:
 * <pre>
 *   byte format (1); long generation; int partition; long records;
 *   int learners, then per learner: UTF name, int length, {@link ModelCodec} snapshot;
 *   boolean standardizer, then {@link RunningStandardizer#writeTo} when true
 * </pre>
 *
 * @param models by learner name, in the pipeline's order
 * @param standardizer the feature scaler; null when standardize is off
 */
public record ModelSetSnapshot(long generation, int partition, long records,
                               LinkedHashMap<String, OnlineModel> models, RunningStandardizer standardizer) {

    /** The partition of a merged generation. */
    public static final int MERGED = -1;
    private static final byte FORMAT = 1;

    /** A copy of the pipeline's models and scaler (the records' pipeline is not retained). */
    static ModelSetSnapshot of(LearningPipeline pipeline, long generation, int partition, long records) {
        LinkedHashMap<String, OnlineModel> live = new LinkedHashMap<>();
        for (LearnerSlot s : pipeline.slots()) {
            live.put(s.name(), s.model);
        }
        // through the wire format: a deep copy, exactly what is published
        return fromBytes(new ModelSetSnapshot(generation, partition, records, live, pipeline.scaling.standardizer).toBytes());
    }

    public byte[] toBytes() {
        return ByteSink.encode(1024, out -> {
            out.writeByte(FORMAT);
            out.writeLong(generation);
            out.writeInt(partition);
            out.writeLong(records);
            out.writeInt(models.size());
            for (Map.Entry<String, OnlineModel> e : models.entrySet()) {
                out.writeUTF(e.getKey());
                byte[] model = ModelCodec.toBytes(e.getValue());
                out.writeInt(model.length);
                out.write(model);
            }
            out.writeBoolean(standardizer != null);
            if (standardizer != null) {
                standardizer.writeTo(out);
            }
        });
    }

    /** @throws IllegalArgumentException when the bytes are not a snapshot of this format */
    public static ModelSetSnapshot fromBytes(byte[] bytes) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            byte format = in.readByte();
            if (format != FORMAT) {
                throw new IOException("unsupported model set format " + format);
            }
            long generation = in.readLong();
            int partition = in.readInt();
            long records = in.readLong();
            int count = in.readInt();
            LinkedHashMap<String, OnlineModel> models = new LinkedHashMap<>();
            for (int i = 0; i < count; i++) {
                String name = in.readUTF();
                byte[] model = new byte[in.readInt()];
                in.readFully(model);
                models.put(name, ModelCodec.fromBytes(model));
            }
            RunningStandardizer standardizer = in.readBoolean() ? RunningStandardizer.readFrom(in) : null;
            return new ModelSetSnapshot(generation, partition, records, models, standardizer);
        } catch (IOException e) {
            throw new IllegalArgumentException("not a readable model set: " + e.getMessage(), e);
        }
    }
}
