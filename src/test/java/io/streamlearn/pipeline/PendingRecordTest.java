package io.streamlearn.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamlearn.learn.ByteSink;
import io.streamlearn.vector.FeatureVector;
import org.junit.jupiter.api.Test;

class PendingRecordTest {

    private static final PredictionsThen THEN = new PredictionsThen(new double[] {1.5, 2.5}, new long[] {7});

    /** Format 1, written byte by byte as before sparse features existed, still reads; dense records still write it. */
    @Test
    void theDenseFormatIsUnchangedAndReads() {
        byte[] format1 = ByteSink.encode(64, out -> {
            out.writeByte(1);
            out.writeByte(1);
            out.writeLong(42L);
            out.writeInt(3);
            out.writeDouble(0.5);
            out.writeDouble(0.0);
            out.writeDouble(-2.0);
            out.writeInt(2);
            out.writeDouble(1.5);
            out.writeDouble(2.5);
            out.writeInt(1);
            out.writeLong(7L);
        });
        PendingRecord read = PendingRecord.fromBytes(format1);
        assertThat(read.timestamp()).isEqualTo(42L);
        assertThat(read.features().isSparse()).isFalse();
        assertThat(read.features().denseValues()).containsExactly(0.5, 0.0, -2.0);
        assertThat(read.then().values()).containsExactly(1.5, 2.5);
        assertThat(read.then().versions()).containsExactly(7L);
        assertThat(new PendingRecord(42L, FeatureVector.dense(new double[] {0.5, 0.0, -2.0}), THEN).toBytes())
                .isEqualTo(format1);
    }

    /** A sparse record is kept as its nonzeros (format 2), not widened to its width. */
    @Test
    void aSparseRecordKeepsItsNonZeros() {
        FeatureVector x = FeatureVector.sparse(1 << 18, 2);
        x.add(200_000, 3.0);
        x.add(5, -1.0);
        x.finish();
        byte[] bytes = new PendingRecord(9L, x, THEN).toBytes();
        assertThat(bytes[0]).as("format").isEqualTo((byte) 2);
        assertThat(bytes.length).as("not the width").isLessThan(100);
        PendingRecord read = PendingRecord.fromBytes(bytes);
        assertThat(read.features().isSparse()).isTrue();
        assertThat(read.features().width()).isEqualTo(1 << 18);
        assertThat(read.features().nonZeros()).isEqualTo(2);
        assertThat(read.features().get(5)).isEqualTo(-1.0);
        assertThat(read.features().get(200_000)).isEqualTo(3.0);
        assertThat(read.then().values()).containsExactly(1.5, 2.5);
        assertThat(PendingRecord.fromBytes(PendingRecord.labeled(9L).toBytes()).isLabeled()).isTrue();
    }

    @Test
    void corruptSparseEntriesAreRefused() {
        byte[] unsorted = ByteSink.encode(64, out -> {
            out.writeByte(2);
            out.writeByte(1);
            out.writeLong(1L);
            out.writeInt(10);
            out.writeInt(2);
            out.writeInt(4);
            out.writeDouble(1.0);
            out.writeInt(4);
            out.writeDouble(1.0);
            out.writeInt(0);
            out.writeInt(0);
        });
        assertThatThrownBy(() -> PendingRecord.fromBytes(unsorted)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("bad sparse entry");
    }
}
