package io.streamlearn.learn;

import java.io.ByteArrayInputStream;
import java.io.DataInput;
import java.io.DataInputStream;
import java.io.DataOutput;
import java.io.IOException;

/**
 * The versioned binary snapshot of an {@link OnlineModel}: the magic {@code "SLM"}, a format
 * version byte, the model's type tag, then the model's payload. A reader accepts every format
 * version it has ever written; golden files in test resources keep it honest.
 */
public final class ModelCodec {

    /** 'S' 'L' 'M'. */
    private static final int MAGIC = 0x534c4d;
    /** Current envelope version. */
    public static final byte FORMAT_VERSION = 1;

    public static final byte TAG_LINEAR = 1;
    public static final byte TAG_MLP = 2;
    /** A {@link TargetStandardizedModel}: its scaler, then the inner model's whole snapshot. */
    public static final byte TAG_TARGET_STANDARDIZED = 3;
    /** A {@link ModelPath}: the champion's index, then each member's label and whole snapshot. */
    public static final byte TAG_PATH = 4;

    private ModelCodec() {}

    public static byte[] toBytes(OnlineModel model) {
        return ByteSink.encode(256, out -> write(model, out));
    }

    /** A deep copy through the model's own snapshot. */
    public static OnlineModel copy(OnlineModel model) {
        return fromBytes(toBytes(model));
    }

    public static OnlineModel fromBytes(byte[] bytes) {
        try {
            return read(new DataInputStream(new ByteArrayInputStream(bytes)));
        } catch (IOException e) {
            throw new IllegalArgumentException("not a readable model snapshot: " + e.getMessage(), e);
        }
    }

    public static void write(OnlineModel model, DataOutput out) throws IOException {
        out.writeByte(MAGIC >>> 16);
        out.writeShort(MAGIC & 0xffff);
        out.writeByte(FORMAT_VERSION);
        out.writeByte(model.typeTag());
        model.writeTo(out);
    }

    public static OnlineModel read(DataInput in) throws IOException {
        int magic = (in.readUnsignedByte() << 16) | in.readUnsignedShort();
        if (magic != MAGIC) {
            throw new IOException("bad magic 0x" + Integer.toHexString(magic));
        }
        byte version = in.readByte();
        if (version < 1 || version > FORMAT_VERSION) {
            throw new IOException("unsupported snapshot format version " + version);
        }
        byte tag = in.readByte();
        switch (tag) {
            case TAG_LINEAR:
                return LinearModel.readFrom(in);
            case TAG_MLP:
                return Mlp.readFrom(in);
            case TAG_TARGET_STANDARDIZED:
                return TargetStandardizedModel.readFrom(in);
            case TAG_PATH:
                return ModelPath.readFrom(in);
            default:
                throw new IOException("unknown model type tag " + tag);
        }
    }
}
