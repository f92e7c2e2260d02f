package io.streamlearn.eval;

import static org.assertj.core.api.Assertions.assertThat;

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
            assertThat(r.row(i)).containsExactly(r.label(i), -r.label(i));
            out.add(r.label(i));
        }
        return out;
    }

    private static RecentRecords filled(int capacity, int count) {
        RecentRecords r = new RecentRecords(capacity, 2);
        for (int i = 1; i <= count; i++) {
            double[] x = {i, -i};
            r.add(x, i);
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
        same.add(new double[] {8, -8}, 8);
        full.add(new double[] {8, -8}, 8);
        assertThat(labels(same)).isEqualTo(labels(full)).containsExactlyInAnyOrder(4.0, 5.0, 6.0, 7.0, 8.0);

        RecentRecords smaller = new RecentRecords(3, 2);
        smaller.readFrom(roundTrip(filled(5, 7)));
        assertThat(labels(smaller)).containsExactlyInAnyOrder(5.0, 6.0, 7.0);
        smaller.add(new double[] {8, -8}, 8); // evicts the oldest, 5
        assertThat(labels(smaller)).containsExactlyInAnyOrder(6.0, 7.0, 8.0);

        RecentRecords larger = new RecentRecords(6, 2);
        larger.readFrom(roundTrip(filled(5, 7)));
        larger.add(new double[] {8, -8}, 8);
        larger.add(new double[] {9, -9}, 9); // evicts the oldest, 3
        assertThat(labels(larger)).containsExactlyInAnyOrder(4.0, 5.0, 6.0, 7.0, 8.0, 9.0);
    }

    private static DataInputStream roundTrip(RecentRecords r) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            r.writeTo(out);
        }
        return new DataInputStream(new ByteArrayInputStream(bytes.toByteArray()));
    }
}
