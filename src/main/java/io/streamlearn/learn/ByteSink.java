package io.streamlearn.learn;

import java.io.ByteArrayOutputStream;
import java.io.DataOutput;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.Objects;

/**
 * A {@link ByteArrayOutputStream} whose writes take no lock: the sink of streamlearn's binary
 * codecs (a {@code DataOutputStream} over it). A {@code DataOutputStream}
 * writes a double as one 8-byte {@code write}, and the JDK's synchronized {@code write} was half the
 * cost of a model snapshot or of a pipeline's state, 200 KB at every commit
 * ({@code StateWriteBenchmark}); one thread writes a sink. Grows by doubling, as its superclass;
 * {@link #buffer()} reads it in place; {@link #encode} is how a codec gets its bytes. (commons-io
 * has such a class; streamlearn does not otherwise depend on commons-io.)
 */
public final class ByteSink extends ByteArrayOutputStream {

    /** What writes a codec's bytes. */
    @FunctionalInterface
    public interface Encoder {
        void write(DataOutput out) throws IOException;
    }

    public ByteSink(int initialSize) {
        super(initialSize);
    }

    /**
     * The bytes {@code encoder} writes through a {@code DataOutputStream} over a sink of
     * {@code initialSize} bytes (it grows as needed).
     */
    public static byte[] encode(int initialSize, Encoder encoder) {
        ByteSink bytes = new ByteSink(initialSize);
        try {
            encoder.write(new DataOutputStream(bytes));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    @Override
    public void write(int b) {
        ensure(count + 1);
        buf[count++] = (byte) b;
    }

    @Override
    public void write(byte[] b, int off, int len) {
        Objects.checkFromIndexSize(off, len, b.length);
        ensure(count + len);
        System.arraycopy(b, off, buf, count, len);
        count += len;
    }

    /** The bytes written so far are {@code buffer()[0 .. size())}, until the next write. */
    public byte[] buffer() {
        return buf;
    }

    private void ensure(int capacity) {
        if (capacity < 0) {
            throw new OutOfMemoryError("a byte sink over 2 GiB");
        }
        if (capacity > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(capacity, (int) Math.min(Integer.MAX_VALUE - 8, 2L * buf.length)));
        }
    }
}
