package io.streamlearn.bench;

import com.fasterxml.jackson.core.io.schubfach.DoubleToDecimal;
import io.streamlearn.learn.SeededRandom;
import io.streamlearn.record.DoubleText;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

/**
 * One double to its shortest text: DoubleText.write into a reused char[] against Jackson's
 * DoubleToDecimal.toString (what JsonGenerator.writeNumber(double) does, a String each time),
 * cycling over 1024 friedman1-like values (targets in about [0, 30), 16-17 significant digits).
 * Run with -prof gc for the allocation per number:
 * bench/run-jmh.sh DoubleTextBenchmark -f 1 -wi 3 -i 5 -w 1s -r 1s -prof gc
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
public class DoubleTextBenchmark {

    private static final int VALUES = 1024;

    private final double[] values = new double[VALUES];
    private final char[] buf = new char[DoubleText.MAX_CHARS];
    private int next;

    @Setup(Level.Trial)
    public void setUp() {
        SeededRandom random = new SeededRandom(7);
        for (int i = 0; i < VALUES; i++) {
            double[] x = new double[5];
            for (int j = 0; j < x.length; j++) {
                x[j] = random.nextDouble();
            }
            // Friedman #1: 10 sin(pi x1 x2) + 20 (x3 - 1/2)^2 + 10 x4 + 5 x5 + noise
            values[i] = 10 * Math.sin(Math.PI * x[0] * x[1]) + 20 * (x[2] - 0.5) * (x[2] - 0.5)
                    + 10 * x[3] + 5 * x[4] + random.nextGaussian();
        }
    }

    private double nextValue() {
        int i = next;
        next = (i + 1) & (VALUES - 1);
        return values[i];
    }

    @Benchmark
    public void doubleText(Blackhole bh) {
        bh.consume(DoubleText.write(nextValue(), buf, 0));
        bh.consume(buf);
    }

    @Benchmark
    public void jackson(Blackhole bh) {
        bh.consume(DoubleToDecimal.toString(nextValue()));
    }
}
