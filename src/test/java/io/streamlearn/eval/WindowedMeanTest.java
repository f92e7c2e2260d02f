package io.streamlearn.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class WindowedMeanTest {

    @Test
    void emptyWindowHasNoMean() {
        assertThat(new WindowedMean(3).mean()).isNaN();
    }

    /** Against the mean recomputed from scratch over the last n values; tolerance 1e-8 absolute. */
    @Test
    void meanIsTheMeanOfTheLastValues() {
        Random random = new Random(3);
        WindowedMean window = new WindowedMean(7);
        List<Double> all = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            double v = random.nextDouble() * 1e6 - 3e5;
            window.add(v);
            all.add(v);
            double expected = all.subList(Math.max(0, all.size() - 7), all.size()).stream()
                    .mapToDouble(Double::doubleValue).average().orElseThrow();
            // values are ~1e6: a few roundings of the sum stay far below 1e-8
            assertThat(window.mean()).isCloseTo(expected, within(1e-8));
        }
        assertThat(window.size()).isEqualTo(7);
    }

    /** The running sum is recomputed at each wrap, so a huge value leaves no residue behind. */
    @Test
    void noDriftAfterAHugeValueLeaves() {
        WindowedMean window = new WindowedMean(4);
        window.add(1e300);
        for (int i = 0; i < 8; i++) {
            window.add(1.0);
        }
        assertThat(window.mean()).isEqualTo(1.0);
    }

    @Test
    void restoreContinuesBitIdentically() throws IOException {
        Random random = new Random(5);
        WindowedMean a = new WindowedMean(5);
        for (int i = 0; i < 13; i++) {
            a.add(random.nextDouble());
        }
        WindowedMean b = new WindowedMean(5);
        b.readFrom(roundTrip(a));
        for (int i = 0; i < 20; i++) {
            double v = random.nextDouble() * 100;
            a.add(v);
            b.add(v);
            assertThat(Double.doubleToRawLongBits(b.mean())).isEqualTo(Double.doubleToRawLongBits(a.mean()));
        }
    }

    @Test
    void restoreIntoAnotherCapacityKeepsTheNewestValues() throws IOException {
        WindowedMean a = new WindowedMean(5);
        for (int i = 1; i <= 7; i++) {
            a.add(i); // window holds 3, 4, 5, 6, 7
        }
        WindowedMean smaller = new WindowedMean(2);
        smaller.readFrom(roundTrip(a));
        assertThat(smaller.mean()).isEqualTo(6.5);
        WindowedMean larger = new WindowedMean(10);
        larger.readFrom(roundTrip(a));
        assertThat(larger.mean()).isEqualTo(5.0);
        larger.add(16);
        assertThat(larger.mean()).isEqualTo(41.0 / 6);
    }

    private static DataInputStream roundTrip(WindowedMean w) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            w.writeTo(out);
        }
        return new DataInputStream(new ByteArrayInputStream(bytes.toByteArray()));
    }
}
