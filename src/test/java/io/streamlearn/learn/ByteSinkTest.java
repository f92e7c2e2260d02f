package io.streamlearn.learn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.DataOutput;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ByteSinkTest {

    /** Everything a codec writes. */
    private static void writeAll(DataOutput out) throws IOException {
        out.writeByte(3);
        out.writeUTF("ridge \u00e9\u4e2d");
        for (int i = 0; i < 1000; i++) {
            out.writeDouble(Math.sin(i) * 1e-3 * i);
            out.writeLong(-i * 0x0102030405060708L);
            out.writeInt(i);
            out.writeBoolean(i % 3 == 0);
        }
        out.writeDouble(-0.0);
        out.writeDouble(Double.NaN);
        byte[] block = new byte[70_000];
        Arrays.fill(block, (byte) 0x5a);
        out.write(block, 5, 69_000);
        out.write(new byte[0]);
    }

    @Test
    void writesWhatByteArrayOutputStreamWritesAndGrowsFromOneByte() throws IOException {
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        writeAll(new DataOutputStream(expected));
        ByteSink sink = new ByteSink(1);
        writeAll(new DataOutputStream(sink));
        assertThat(sink.size()).isEqualTo(expected.size()).isGreaterThan(69_000);
        assertThat(sink.toByteArray()).isEqualTo(expected.toByteArray());
        assertThat(Arrays.copyOf(sink.buffer(), sink.size())).isEqualTo(expected.toByteArray());

        sink.reset();
        sink.write(7);
        assertThat(sink.toByteArray()).containsExactly(7);
    }

    @Test
    void encodeGivesWhatADataOutputStreamWritesAndUncheckedIoErrors() throws IOException {
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        writeAll(new DataOutputStream(expected));
        assertThat(ByteSink.encode(1, ByteSinkTest::writeAll)).isEqualTo(expected.toByteArray());
        assertThatThrownBy(() -> ByteSink.encode(8, out -> {
            throw new IOException("disk on fire");
        })).isInstanceOf(UncheckedIOException.class).hasMessageContaining("disk on fire");
    }

    @Test
    void refusesAnOutOfRangeSlice() {
        ByteSink sink = new ByteSink(8);
        assertThatThrownBy(() -> sink.write(new byte[4], 2, 3)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> sink.write(new byte[4], -1, 1)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThat(sink.size()).isZero();
    }
}
