package io.streamlearn.record;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.core.io.schubfach.DoubleToDecimal;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * DoubleText against Jackson's DoubleToDecimal.toString (the reference: the text JsonGenerator
 * writes for a double), and the text read back gives the same bits.
 */
class DoubleTextTest {

    private final char[] buf = new char[DoubleText.MAX_CHARS];

    /** Asserts DoubleText's text for v equals Jackson's and reads back as v. */
    private void check(double v) {
        String text = new String(buf, 0, DoubleText.write(v, buf, 0));
        String expected = DoubleToDecimal.toString(v);
        if (!text.equals(expected)) { // AssertJ only on failure: millions of values are checked
            assertThat(text).as("bits %016x", Double.doubleToRawLongBits(v)).isEqualTo(expected);
        }
        if (Double.doubleToRawLongBits(Double.parseDouble(text)) != Double.doubleToRawLongBits(v)) {
            assertThat(Double.parseDouble(text)).as(text).isEqualTo(v);
        }
    }

    /** v, -v and v's neighbours (those finite). */
    private void checkWithNeighbours(double v) {
        for (double w : new double[] {v, -v, Math.nextUp(v), Math.nextDown(v)}) {
            if (Double.isFinite(w)) {
                check(w);
            }
        }
    }

    @Test
    void examplesOfTheFormat() {
        double[] values = {0.0, -0.0, 1.0, 123.456, 0.001, 1.0E-4, 1.0E7, 9999999.0, Double.MIN_VALUE,
            Double.MAX_VALUE, -2.5, 2e23, 1.0 / 3};
        String[] texts = {"0.0", "-0.0", "1.0", "123.456", "0.001", "1.0E-4", "1.0E7", "9999999.0", "4.9E-324",
            "1.7976931348623157E308", "-2.5", "2.0E23", "0.3333333333333333"};
        for (int i = 0; i < values.length; i++) {
            assertThat(new String(buf, 0, DoubleText.write(values[i], buf, 0))).isEqualTo(texts[i]);
            check(values[i]);
        }
    }

    @Test
    void specialValues() {
        check(0.0);
        check(-0.0);
        checkWithNeighbours(Double.MIN_VALUE);
        checkWithNeighbours(Double.MIN_NORMAL);
        checkWithNeighbours(Double.MAX_VALUE);
        checkWithNeighbours(1.0);
        checkWithNeighbours(0.1);
        checkWithNeighbours(0.3);
        checkWithNeighbours(2.0 / 3);
        checkWithNeighbours(0.1 + 0.2);
    }

    @Test
    void powersOfTenAndTheirNeighbours() {
        for (int e = -323; e <= 308; e++) {
            checkWithNeighbours(Double.parseDouble("1e" + e));
        }
    }

    @Test
    void powersOfTwoAcrossTheExponentRange() {
        for (int e = -1074; e <= 1023; e++) {
            checkWithNeighbours(Math.scalb(1.0, e));
            checkWithNeighbours(3 * Math.scalb(1.0, e - 1)); // 1.5·2^e
        }
    }

    @Test
    void boundariesOfThePlainFormat() {
        for (double v : new double[] {1e-3, 1e7, 9.999999999999999e-4, 9999999.999999998}) {
            checkWithNeighbours(v);
            for (int i = 0, step = 1; i < 30; i++, step *= 2) {
                checkWithNeighbours(v + step * Math.ulp(v));
                checkWithNeighbours(v - step * Math.ulp(v));
            }
        }
    }

    @Test
    void integers() {
        for (long i = 0; i <= 100_000; i++) {
            check(i);
        }
        for (long i = 1; i > 0 && i <= (1L << 53) + 2; i = i * 3 + 1) {
            checkWithNeighbours(i);
        }
        long twoTo53 = 1L << 53;
        for (long i = twoTo53 - 20; i <= twoTo53 + 20; i++) {
            check(i);
        }
        checkWithNeighbours(twoTo53 + 2);
        for (long p = 1; p <= 1_000_000_000_000_000_000L && p > 0; p *= 10) {
            checkWithNeighbours(p);
            checkWithNeighbours(p - 1);
            checkWithNeighbours(p + 1);
        }
    }

    @Test
    void subnormals() {
        for (long bits = 1; bits <= 10_000; bits++) {
            check(Double.longBitsToDouble(bits));
        }
        Random random = new Random(4);
        for (int i = 0; i < 100_000; i++) {
            check(Double.longBitsToDouble(random.nextLong() & ((1L << 52) - 1)));
        }
        checkWithNeighbours(Math.nextDown(Double.MIN_NORMAL));
    }

    @Test
    void randomBitPatternsAtAnOffset() {
        Random random = new Random(1);
        int n = 0;
        while (n < 2_000_000) {
            double v = Double.longBitsToDouble(random.nextLong());
            if (Double.isFinite(v)) {
                checkAtOffset(v);
                n++;
            }
        }
    }

    @Test
    void randomUniformAndGaussianValuesAtAnOffset() {
        Random random = new Random(2);
        for (int i = 0; i < 1_000_000; i++) {
            checkAtOffset(random.nextDouble());
            checkAtOffset(random.nextGaussian() * 100);
        }
    }

    private final char[] big = new char[3 * DoubleText.MAX_CHARS];

    /** Writes at offset 17 of a larger buffer: the text lands there and nothing outside it changes. */
    private void checkAtOffset(double v) {
        Arrays.fill(big, '#');
        int at = 17;
        int end = DoubleText.write(v, big, at);
        String expected = DoubleToDecimal.toString(v);
        String text = new String(big, at, end - at);
        if (!text.equals(expected)) {
            assertThat(text).as("bits %016x", Double.doubleToRawLongBits(v)).isEqualTo(expected);
        }
        assertThat(end - at).isLessThanOrEqualTo(DoubleText.MAX_CHARS);
        for (int i = 0; i < big.length; i++) {
            if ((i < at || i >= end) && big[i] != '#') {
                assertThat(big[i]).as("char %d outside [%d, %d)", i, at, end).isEqualTo('#');
            }
        }
        if (Double.doubleToRawLongBits(Double.parseDouble(text)) != Double.doubleToRawLongBits(v)) {
            assertThat(Double.parseDouble(text)).as(text).isEqualTo(v);
        }
    }

    @Test
    void longestTextsAreMaxChars() {
        // negative, 17 digits, a three-digit negative exponent: "-1.2345678901234567E-300"
        Random random = new Random(3);
        int longest = 0;
        for (int i = 0; i < 100_000; i++) {
            double v = -Math.scalb(1.0 + random.nextDouble(), -1000 - random.nextInt(20));
            check(v);
            longest = Math.max(longest, DoubleText.write(v, buf, 0));
        }
        assertThat(longest).isEqualTo(DoubleText.MAX_CHARS);
    }

    /** The point of DoubleText: writing numbers allocates nothing (HotSpot's per-thread counter). */
    @Test
    void writingAllocatesNothing() {
        assumeTrue(ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean);
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        double[] values = new double[1024];
        Random random = new Random(5);
        for (int i = 0; i < values.length; i++) {
            values[i] = i % 2 == 0 ? random.nextGaussian() * 100 : Double.longBitsToDouble(random.nextLong() >>> 1);
        }
        long id = Thread.currentThread().getId();
        int sum = 0;
        for (int round = 0; round < 2; round++) { // the first round warms up (and loads the class)
            long before = threads.getThreadAllocatedBytes(id);
            for (int i = 0; i < 200_000; i++) {
                sum += DoubleText.write(values[i & 1023], buf, 0);
            }
            long allocated = threads.getThreadAllocatedBytes(id) - before;
            if (round == 1) {
                assertThat(allocated).as("bytes allocated by 200,000 writes").isLessThan(1024);
            }
        }
        assertThat(sum).isPositive();
    }

    @Test
    void rejectsNanAndInfinities() {
        for (double v : new double[] {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY,
            Double.longBitsToDouble(0x7ff0_0000_0000_0001L), Double.longBitsToDouble(0xfff8_0000_0000_0000L)}) {
            assertThatThrownBy(() -> DoubleText.write(v, buf, 0)).isInstanceOf(IllegalArgumentException.class);
        }
    }
}
