package io.streamlearn.pipeline;

import io.streamlearn.learn.ByteSink;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.DataOutput;
import java.io.IOException;

/**
 * A feature record predicted and waiting for its label, or (features null) the mark of an id
 * whose label has joined, kept to refuse a duplicate label. Stored form: format byte 1, a state byte
 * (1 pending, 2 labeled), the record timestamp; a pending record then has its features and its
 * {@link PredictionsThen} (each as an int length and the values).
 *
 * @param timestamp the feature record's timestamp (epoch ms), by which it expires
 * @param features the raw features; null once labeled
 * @param then what every learner predicted; null once labeled
 */
public record PendingRecord(long timestamp, double[] features, PredictionsThen then) {

    private static final byte FORMAT = 1;
    private static final byte PENDING = 1;
    private static final byte LABELED = 2;

    /** The mark left when the label of a record of that timestamp joined. */
    public static PendingRecord labeled(long timestamp) {
        return new PendingRecord(timestamp, null, null);
    }

    public boolean isLabeled() {
        return features == null;
    }

    public byte[] toBytes() {
        int n = isLabeled() ? 0 : 12 + 8 * (features.length + then.values().length + then.versions().length);
        return ByteSink.encode(10 + n, out -> {
            out.writeByte(FORMAT);
            out.writeByte(isLabeled() ? LABELED : PENDING);
            out.writeLong(timestamp);
            if (!isLabeled()) {
                writeDoubles(out, features);
                writeDoubles(out, then.values());
                out.writeInt(then.versions().length);
                for (long v : then.versions()) {
                    out.writeLong(v);
                }
            }
        });
    }

    /** @throws IllegalArgumentException when the bytes are not a pending record of a known format */
    public static PendingRecord fromBytes(byte[] bytes) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            byte format = in.readByte();
            if (format != FORMAT) {
                throw new IllegalArgumentException("unknown pending record format " + format);
            }
            byte state = in.readByte();
            long timestamp = in.readLong();
            if (state == LABELED) {
                return labeled(timestamp);
            }
            if (state != PENDING) {
                throw new IllegalArgumentException("unknown pending record state " + state);
            }
            double[] features = readDoubles(in);
            double[] values = readDoubles(in);
            long[] versions = new long[length(in)];
            for (int i = 0; i < versions.length; i++) {
                versions[i] = in.readLong();
            }
            return new PendingRecord(timestamp, features, new PredictionsThen(values, versions));
        } catch (IOException e) {
            throw new IllegalArgumentException("truncated pending record", e);
        }
    }

    private static void writeDoubles(DataOutput out, double[] values) throws IOException {
        out.writeInt(values.length);
        for (double v : values) {
            out.writeDouble(v);
        }
    }

    private static double[] readDoubles(DataInputStream in) throws IOException {
        double[] values = new double[length(in)];
        for (int i = 0; i < values.length; i++) {
            values[i] = in.readDouble();
        }
        return values;
    }

    private static int length(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n < 0 || n > in.available() / 8) {
            throw new IllegalArgumentException("bad length " + n + " in a pending record");
        }
        return n;
    }
}
