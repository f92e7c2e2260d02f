package io.streamlearn.eval;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamlearn.vector.FeatureVector;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RecentRecordsTest {

    /** Labels present in the reservoir; each row is {label, -label}, so rows and labels must agree. */
    private static Set<Double> labels(RecentRecords r) {
        Set<Double> out = new HashSet<>();
        for (int i = 0; i < r.size(); i++) {
            assertThat(r.row(i).denseValues()).containsExactly(r.label(i), -r.label(i));
            out.add(r.label(i));
        }
        return out;
    }

    private static RecentRecords filled(int capacity, int count) {
        RecentRecords r = new RecentRecords(capacity, 2);
        for (int i = 1; i <= count; i++) {
            double[] x = {i, -i};
            r.add(FeatureVector.dense(x), i);
            x[0] = 99; // the reservoir keeps a copy
        }
        return r;
    }

    @Test
    void keepsCopiesOfTheMostRecentRecords() {
        RecentRecords r = filled(5, 7);
        assertThat(r.size()).isEqualTo(5);
        assertThat(labels(r)).containsExactlyInAnyOrder(3.0, 4.0, 5.0, 6.0, 7.0);
        assertThat(labels(filled(5, 2))).containsExactlyInAnyOrder(1.0, 2.0);
    }

    @Test
    void restoresExactlyOrIntoAnotherCapacity() throws IOException {
        RecentRecords full = filled(5, 7);
        RecentRecords same = new RecentRecords(5, 2);
        same.readFrom(roundTrip(full));
        same.add(FeatureVector.dense(new double[] {8, -8}), 8);
        full.add(FeatureVector.dense(new double[] {8, -8}), 8);
        assertThat(labels(same)).isEqualTo(labels(full)).containsExactlyInAnyOrder(4.0, 5.0, 6.0, 7.0, 8.0);

        RecentRecords smaller = new RecentRecords(3, 2);
        smaller.readFrom(roundTrip(filled(5, 7)));
        assertThat(labels(smaller)).containsExactlyInAnyOrder(5.0, 6.0, 7.0);
        smaller.add(FeatureVector.dense(new double[] {8, -8}), 8); // evicts the oldest, 5
        assertThat(labels(smaller)).containsExactlyInAnyOrder(6.0, 7.0, 8.0);

        RecentRecords larger = new RecentRecords(6, 2);
        larger.readFrom(roundTrip(filled(5, 7)));
        larger.add(FeatureVector.dense(new double[] {8, -8}), 8);
        larger.add(FeatureVector.dense(new double[] {9, -9}), 9); // evicts the oldest, 3
        assertThat(labels(larger)).containsExactlyInAnyOrder(4.0, 5.0, 6.0, 7.0, 8.0, 9.0);
    }

    /** A reservoir of dense rows is written as before sparse rows existed: capacity first, one double per value. */
    @Test
    void denseRowsKeepTheirStoredForm() throws IOException {
        RecentRecords r = filled(5, 3);
        DataInputStream in = roundTrip(r);
        assertThat(in.readInt()).as("capacity").isEqualTo(5);
        assertThat(in.readInt()).as("dimension").isEqualTo(2);
        assertThat(in.readInt()).as("size").isEqualTo(3);
        assertThat(in.readInt()).as("next").isEqualTo(3);
        assertThat(in.readDouble()).as("label").isEqualTo(1.0);
        assertThat(in.readDouble()).isEqualTo(1.0);
        assertThat(in.readDouble()).isEqualTo(-1.0);
        assertThat(in.available()).isEqualTo(2 * 3 * 8);
    }

    /**
     * Sparse rows keep only their nonzeros, beside dense ones; the stored form holds both and
     * restores them, exactly or into another capacity.
     */
    @Test
    void sparseRowsAreKeptAsTheirNonZerosAndRestore() throws IOException {
        int width = 1000;
        RecentRecords r = new RecentRecords(4, width);
        FeatureVector x = FeatureVector.sparse(width, 1);
        for (int i = 1; i <= 6; i++) {
            if (i == 5) {
                double[] dense = new double[width];
                dense[7] = 5;
                r.add(FeatureVector.dense(dense), 5);
                continue;
            }
            x.clear();
            x.add(i * 100, i);
            x.add(3, -i);
            x.finish();
            r.add(x, i);
        }
        // records 1..4 went to rows 0..3, then record 5 (dense) to row 0 and record 6 to row 1
        assertThat(r.row(0).isSparse()).isFalse();
        FeatureVector kept = r.row(1);
        assertThat(kept.isSparse()).isTrue();
        assertThat(kept.nonZeros()).as("its nonzeros, not the width").isEqualTo(2);
        assertThat(kept.get(600)).isEqualTo(6.0);
        RecentRecords same = new RecentRecords(4, width);
        same.readFrom(roundTrip(r));
        RecentRecords smaller = new RecentRecords(2, width);
        smaller.readFrom(roundTrip(r));
        for (RecentRecords restored : new RecentRecords[] {same, smaller}) {
            for (int i = 0; i < restored.size(); i++) {
                double label = restored.label(i);
                FeatureVector row = restored.row(i);
                if (label == 5) {
                    assertThat(row.isSparse()).isFalse();
                    assertThat(row.get(7)).isEqualTo(5.0);
                } else {
                    assertThat(row.isSparse()).as("row of record %s", label).isTrue();
                    assertThat(row.nonZeros()).isEqualTo(2);
                    assertThat(row.get(3)).isEqualTo(-label);
                    assertThat(row.get((int) label * 100)).isEqualTo(label);
                }
            }
        }
        assertThat(labelsOf(same)).containsExactlyInAnyOrder(3.0, 4.0, 5.0, 6.0);
        assertThat(labelsOf(smaller)).containsExactlyInAnyOrder(5.0, 6.0);
    }

    /** Once every row is written, a record reuses its row's vector (no allocation per record). */
    @Test
    void aSparseRowIsReusedOnceWritten() {
        RecentRecords r = new RecentRecords(2, 50);
        FeatureVector x = FeatureVector.sparse(50, 4);
        FeatureVector[] first = new FeatureVector[2];
        for (int i = 0; i < 10; i++) {
            x.clear();
            x.add(i, 1.0);
            x.finish();
            r.add(x, i);
            if (i < 2) {
                first[i] = r.row(i);
            }
        }
        assertThat(r.row(0)).isSameAs(first[0]);
        assertThat(r.row(1)).isSameAs(first[1]);
        assertThat(r.row(1).indices()).isSameAs(first[1].indices());
        assertThat(r.row(0).get(8)).isEqualTo(1.0);
    }

    private static Set<Double> labelsOf(RecentRecords r) {
        Set<Double> out = new HashSet<>();
        for (int i = 0; i < r.size(); i++) {
            out.add(r.label(i));
        }
        return out;
    }

    private static DataInputStream roundTrip(RecentRecords r) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            r.writeTo(out);
        }
        return new DataInputStream(new ByteArrayInputStream(bytes.toByteArray()));
    }
}
