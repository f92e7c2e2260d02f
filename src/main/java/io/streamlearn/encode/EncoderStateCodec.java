package io.streamlearn.encode;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInput;
import java.io.DataInputStream;
import java.io.DataOutput;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The stored form of an {@link EventEncoder}'s state (format 1): format byte, width, feature count,
 * then per feature in layout order its kind byte and state — numeric: values seen (long), their
 * mean (double), missing count (long); one-hot categorical: missing and other counts (longs), the
 * vocabulary's size and each value (int length, UTF-8 bytes) in first-seen order; hashed
 * categorical: missing count; text and interaction: nothing — then the hashed-name dictionary:
 * columns with names (int), per column in increasing order the column (int), its name count (byte)
 * and each name (int length, bytes). The same state gives the same bytes.
 *
 * <p>{@link #write(EventEncoder, DataOutput)} and {@link #read(EventEncoder, DataInput)} put it
 * inside another codec's stream (the pipeline state's, with its lock-free {@code ByteSink}, which
 * lives in {@code learn}, a package this one does not import); {@link #write(EventEncoder)} and
 * {@link #restore} are the standalone form.
 */
public final class EncoderStateCodec {

    static final byte FORMAT = 1;

    private static final byte NUMERIC = 1;
    private static final byte ONE_HOT = 2;
    private static final byte HASHED = 3;
    private static final byte TEXT = 4;
    private static final byte INTERACTION = 5;

    private EncoderStateCodec() {}

    public static byte[] write(EventEncoder e) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 + 32 * e.hashedNames.size());
        try {
            write(e, new DataOutputStream(bytes));
        } catch (IOException x) {
            throw new UncheckedIOException(x);
        }
        return bytes.toByteArray();
    }

    /**
     * Restores into {@code fresh} (a new encoder of the same layout) the state {@link #write} wrote.
     *
     * @throws IllegalArgumentException when the bytes are unreadable or for another layout
     */
    public static EventEncoder restore(EventEncoder fresh, byte[] state) {
        try {
            DataInputStream in = new DataInputStream(new ByteArrayInputStream(state));
            read(fresh, in);
            if (in.read() != -1) {
                throw new IOException("trailing bytes after the encoder state");
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("unreadable encoder state: " + e.getMessage(), e);
        }
        return fresh;
    }

    /** Writes the state into {@code out}. */
    public static void write(EventEncoder e, DataOutput out) throws IOException {
        out.writeByte(FORMAT);
        out.writeInt(e.layout.width());
        int n = e.layout.features().size();
        out.writeInt(n);
        for (int i = 0; i < n; i++) {
            byte kind = kind(e.layout.features().get(i));
            out.writeByte(kind);
            switch (kind) {
                case NUMERIC:
                    out.writeLong(e.seen[i]);
                    out.writeDouble(e.mean[i]);
                    out.writeLong(e.missing[i]);
                    break;
                case ONE_HOT: {
                    Vocabulary v = e.vocabularies[i];
                    out.writeLong(e.missing[i]);
                    out.writeLong(v.other);
                    out.writeInt(v.size());
                    for (int k = 0; k < v.size(); k++) {
                        writeBytes(out, v.value(k));
                    }
                    break;
                }
                case HASHED:
                    out.writeLong(e.missing[i]);
                    break;
                default:
                    break;
            }
        }
        int[] columns = e.hashedNames.sortedColumns();
        out.writeInt(columns.length);
        for (int c : columns) {
            byte[][] names = e.hashedNames.raw(c);
            out.writeInt(c);
            out.writeByte(names.length);
            for (byte[] name : names) {
                writeBytes(out, name);
            }
        }
    }

    /** Reads into {@code e} (a new encoder of the same layout) what {@link #write(EventEncoder, DataOutput)} wrote. */
    public static void read(EventEncoder e, DataInput in) throws IOException {
        byte format = in.readByte();
        if (format != FORMAT) {
            throw new IOException("unsupported encoder state format " + format);
        }
        int width = in.readInt();
        int n = in.readInt();
        if (width != e.layout.width() || n != e.layout.features().size()) {
            throw new IOException("state is for " + n + " features in " + width + " columns; the layout has "
                    + e.layout.features().size() + " in " + e.layout.width());
        }
        for (int i = 0; i < n; i++) {
            byte kind = in.readByte();
            if (kind != kind(e.layout.features().get(i))) {
                throw new IOException("feature " + i + " was stored as kind " + kind);
            }
            switch (kind) {
                case NUMERIC:
                    e.seen[i] = in.readLong();
                    e.mean[i] = in.readDouble();
                    e.missing[i] = in.readLong();
                    break;
                case ONE_HOT: {
                    Vocabulary v = e.vocabularies[i];
                    e.missing[i] = in.readLong();
                    v.other = in.readLong();
                    int size = in.readInt();
                    if (size < 0 || size > v.max() || v.size() != 0) {
                        throw new IOException("vocabulary of " + size + " values, at most " + v.max());
                    }
                    for (int k = 0; k < size; k++) {
                        v.add(readBytes(in));
                    }
                    break;
                }
                case HASHED:
                    e.missing[i] = in.readLong();
                    break;
                default:
                    break;
            }
        }
        int columns = in.readInt();
        for (int k = 0; k < columns; k++) {
            int c = in.readInt();
            int count = in.readUnsignedByte();
            if (c < 0 || c >= width || count > HashedNames.PER_COLUMN) {
                throw new IOException("hashed names: column " + c + " with " + count + " names");
            }
            for (int j = 0; j < count; j++) {
                byte[] name = readBytes(in);
                e.hashedNames.note(c, name, 0, name.length);
            }
        }
    }

    private static byte kind(FeatureField f) {
        if (f instanceof FeatureField.Numeric) {
            return NUMERIC;
        }
        if (f instanceof FeatureField.Categorical c) {
            return c.hashed() ? HASHED : ONE_HOT;
        }
        return f instanceof FeatureField.Text ? TEXT : INTERACTION;
    }

    private static void writeBytes(DataOutput out, byte[] b) throws IOException {
        out.writeInt(b.length);
        out.write(b);
    }

    private static byte[] readBytes(DataInput in) throws IOException {
        int length = in.readInt();
        if (length < 0 || length > (1 << 20)) {
            throw new IOException("a value of " + length + " bytes");
        }
        byte[] b = new byte[length];
        in.readFully(b);
        return b;
    }
}
