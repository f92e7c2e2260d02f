package io.streamlearn.bench;

import io.streamlearn.learn.AdamWOptions;
import io.streamlearn.learn.Mlp;
import io.streamlearn.learn.MlpOptions;
import io.streamlearn.learn.SeededRandom;
import io.streamlearn.vector.FeatureVector;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The demo MLP's (10→32→16→1) forward passes: {@code one}, a record's prediction (one row);
 * {@code batch}, 32 rows at once (what a step's forward and the reservoir scoring run). Run with
 * {@code bench/run-jmh.sh MlpPredictBench -f 1 -wi 3 -i 5 -w 1s -r 1s}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class MlpPredictBench {

    static final int ROWS = 32;

    private Mlp mlp;
    private FeatureVector[] x;
    private double[][] out;
    private int next;

    @Setup
    public void setUp() {
        mlp = Mlp.create(new MlpOptions(10, new int[] {32, 16}, 0, 0.1, ROWS,
                new AdamWOptions(1e-3, 0.9, 0.999, 1e-8, 0.01), 1.0, false, false, 0.0, 0.0, 0.0, 1L));
        SeededRandom rng = new SeededRandom(2);
        x = new FeatureVector[ROWS];
        out = new double[ROWS][1];
        for (int i = 0; i < ROWS; i++) {
            double[] row = new double[10];
            for (int j = 0; j < 10; j++) {
                row[j] = rng.nextGaussian();
            }
            x[i] = FeatureVector.dense(row);
            mlp.train(x[i], rng.nextGaussian());
        }
    }

    @Benchmark
    public double[] one() {
        int r = next++ & (ROWS - 1);
        mlp.predict(x[r], out[r]);
        return out[r];
    }

    @Benchmark
    public double[][] batch() {
        mlp.predict(x, ROWS, out);
        return out;
    }
}
