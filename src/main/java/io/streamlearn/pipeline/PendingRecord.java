package io.streamlearn.pipeline;

import io.streamlearn.learn.ByteSink;
import io.streamlearn.vector.FeatureVector;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.DataOutput;
import java.io.IOException;

/**
 * A feature record predicted and waiting for its label, or (features null) the mark of an id
 * whose label has joined, kept to refuse a duplicate label. Stored form: a format byte, a state
 * byte (1 pending, 2 labeled), the record timestamp; a pending record then has its features and its
 * {@link PredictionsThen} (the values as an int length and the doubles, the versions as an int
 * length and the longs). Format 1 (a mark, or dense features: an int length and the values) is the
 * form from before sparse features and is still written for them, so their bytes are unchanged;
 * format 2 holds sparse features: the width and the nonzero count (ints), then that many (column
 * int, value double) pairs, columns increasing. Both are read.
 *
 * @param timestamp the feature record's timestamp (epoch ms), by which it expires
 * @param features the raw features, dense or sparse (written at once by {@link #toBytes}: a
 *     caller's reused vector may be passed); null once labeled
 * @param then what every learner predicted; null once labeled
 */
public record PendingRecord(long timestamp, FeatureVector features, PredictionsThen then) {

    /** Dense features, or a labeled mark. */
    private static final byte DENSE_FORMAT = 1;
    /** Sparse features. */
    private static final byte SPARSE_FORMAT = 2;
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
        boolean sparse = !isLabeled() && features.isSparse();
        int n = isLabeled() ? 0
                : 12 + (sparse ? 8 + 12 * features.nonZeros() : 8 * features.width())
                        + 8 * (then.values().length + then.versions().length);
        return ByteSink.encode(10 + n, out -> {
            out.writeByte(sparse ? SPARSE_FORMAT : DENSE_FORMAT);
            out.writeByte(isLabeled() ? LABELED : PENDING);
            out.writeLong(timestamp);
            if (!isLabeled()) {
                if (sparse) {
                    writeSparse(out, features);
                } else {
                    writeDoubles(out, features.denseValues());
                }
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
            if (format != DENSE_FORMAT && format != SPARSE_FORMAT) {
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
            FeatureVector features = format == SPARSE_FORMAT ? readSparse(in) : FeatureVector.dense(readDoubles(in));
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

    private static void writeSparse(DataOutput out, FeatureVector x) throws IOException {
        int[] indices = x.indices();
        double[] values = x.values();
        out.writeInt(x.width());
        out.writeInt(x.nonZeros());
        for (int k = 0; k < x.nonZeros(); k++) {
            out.writeInt(indices[k]);
            out.writeDouble(values[k]);
        }
    }

    private static FeatureVector readSparse(DataInputStream in) throws IOException {
        int width = in.readInt();
        int nnz = in.readInt();
        if (width < 1 || nnz < 0 || nnz > width || nnz > in.available() / 12) {
            throw new IllegalArgumentException("bad sparse features (width " + width + ", " + nnz
                    + " nonzeros) in a pending record");
        }
        FeatureVector x = FeatureVector.sparse(width, nnz);
        int previous = -1;
        for (int k = 0; k < nnz; k++) {
            int column = in.readInt();
            double value = in.readDouble();
            if (column <= previous || column >= width || !Double.isFinite(value)) {
                throw new IllegalArgumentException("bad sparse entry (" + column + ", " + value + ") after column "
                        + previous + " in a pending record of width " + width);
            }
            x.add(column, value);
            previous = column;
        }
        x.finish();
        return x;
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
