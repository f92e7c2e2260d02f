package io.streamlearn.bench;

import io.streamlearn.learn.LinearModel;
import io.streamlearn.learn.LinearOptimizerOptions;
import io.streamlearn.learn.LinearOptions;
import io.streamlearn.learn.SeededRandom;
import io.streamlearn.vector.FeatureVector;
import io.streamlearn.vector.SparseVectors;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * One linear predict + update (elastic net l1 = l2 = 1e-4, invscaling SGD), cycling over 1024
 * pre-generated records: dense with d = 10, 100, 1000, and sparse with 2^18 weights and 50 active
 * features (lazy penalty catch-up). Run with bench/run-jmh.sh LinearUpdateBenchmark ...
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class LinearUpdateBenchmark {

    private static final int RECORDS = 1024;

    private static LinearOptions options(int dimension) {
        return new LinearOptions(dimension, 0, 1e-4, 1e-4,
                new LinearOptimizerOptions.Sgd(0.01, LinearOptimizerOptions.Schedule.INVSCALING, 0.25), 0.0, 1L);
    }

    @State(Scope.Thread)
    public static class Dense {
        @Param({"10", "100", "1000"})
        public int dimension;

        LinearModel model;
        FeatureVector[] x;
        double[] y;
        final double[] out = new double[1];
        int next;

        @Setup(Level.Trial)
        public void setUp() {
            model = LinearModel.create(options(dimension));
            SeededRandom random = new SeededRandom(1);
            x = new FeatureVector[RECORDS];
            y = new double[RECORDS];
            for (int r = 0; r < RECORDS; r++) {
                double[] row = new double[dimension];
                for (int j = 0; j < dimension; j++) {
                    row[j] = random.nextGaussian();
                }
                x[r] = FeatureVector.dense(row);
                y[r] = row[0] - 0.5 * row[dimension - 1] + 0.1 * random.nextGaussian();
            }
        }
    }

    @State(Scope.Thread)
    public static class Sparse {
        static final int ACTIVE = 50;

        /** 2^18 weights; a smaller value shows what the cache misses of the large one cost. */
        @Param({"262144"})
        public int sparseDimension;

        LinearModel model;
        FeatureVector[] x;
        double[] y;
        final double[] out = new double[1];
        int next;

        @Setup(Level.Trial)
        public void setUp() {
            model = LinearModel.create(options(sparseDimension));
            SeededRandom random = new SeededRandom(2);
            x = new FeatureVector[RECORDS];
            y = new double[RECORDS];
            int[] indices = new int[ACTIVE];
            double[] values = new double[ACTIVE];
            for (int r = 0; r < RECORDS; r++) {
                // strictly increasing: one index in each of ACTIVE equal blocks
                int block = sparseDimension / ACTIVE;
                for (int i = 0; i < ACTIVE; i++) {
                    indices[i] = i * block + (int) (random.nextDouble() * block);
                    values[i] = random.nextGaussian();
                }
                x[r] = SparseVectors.of(sparseDimension, indices, values, ACTIVE);
                y[r] = values[0] + 0.1 * random.nextGaussian();
            }
        }
    }

    @Benchmark
    public double densePredictAndUpdate(Dense s) {
        int r = s.next;
        s.next = (r + 1) & (RECORDS - 1);
        s.model.predict(s.x[r], s.out);
        s.model.train(s.x[r], s.y[r]);
        return s.out[0];
    }

    @Benchmark
    public double sparsePredictAndUpdate(Sparse s) {
        int r = s.next;
        s.next = (r + 1) & (RECORDS - 1);
        s.model.predict(s.x[r], s.out);
        s.model.train(s.x[r], s.y[r]);
        return s.out[0];
    }
}
