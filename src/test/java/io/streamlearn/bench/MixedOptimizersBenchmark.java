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
 * LinearUpdateBenchmark's dense predict + update (SGD invscaling, elastic net), in a JVM where all
 * four linear optimizers have trained: the setup runs SGD, AdaGrad, FTRL and RDA models in turn,
 * dense and sparse, so that the JIT's profile of any optimizer code they share has seen every one of
 * them (as in a JVM that hosts learners of several kinds). Run with
 * bench/run-jmh.sh MixedOptimizersBenchmark -f 1 -wi 3 -i 5 -w 1s -r 1s
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@State(Scope.Thread)
public class MixedOptimizersBenchmark {

    private static final int RECORDS = 1024;
    /** Rounds of setup training, each RECORDS dense and RECORDS sparse steps per model. */
    private static final int ROUNDS = 20;

    @Param({"10", "1000"})
    public int dimension;

    private LinearModel model;
    private double[][] x;
    /** {@link #x}, each row wrapped once (no allocation in the measured loop). */
    private FeatureVector[] vectors;
    private double[] y;
    private final double[] out = new double[1];
    private int next;

    private LinearOptions options(LinearOptimizerOptions optimizer) {
        return new LinearOptions(dimension, 0, 1e-4, 1e-4, optimizer, 0.0, 1L);
    }

    @Setup(Level.Trial)
    public void setUp() {
        SeededRandom random = new SeededRandom(1);
        x = new double[RECORDS][dimension];
        vectors = SparseVectors.dense(x);
        y = new double[RECORDS];
        for (int r = 0; r < RECORDS; r++) {
            for (int j = 0; j < dimension; j++) {
                x[r][j] = random.nextGaussian();
            }
            y[r] = x[r][0] - 0.5 * x[r][dimension - 1] + 0.1 * random.nextGaussian();
        }
        LinearOptimizerOptions sgd = new LinearOptimizerOptions.Sgd(0.01, LinearOptimizerOptions.Schedule.INVSCALING, 0.25);
        model = LinearModel.create(options(sgd));
        LinearModel[] others = {
            LinearModel.create(options(new LinearOptimizerOptions.Sgd(0.1, LinearOptimizerOptions.Schedule.ADAGRAD, 0))),
            LinearModel.create(options(new LinearOptimizerOptions.Ftrl(0.1, 1.0))),
            LinearModel.create(options(new LinearOptimizerOptions.Rda(5.0))),
            LinearModel.create(options(sgd)),
        };
        int[] indices = new int[dimension];
        double[] values = new double[dimension];
        FeatureVector sparse = FeatureVector.sparse(dimension, dimension);
        for (int round = 0; round < ROUNDS; round++) {
            for (LinearModel m : others) {
                for (int r = 0; r < RECORDS; r++) {
                    m.train(vectors[r], y[r]);
                    int nnz = 0;
                    for (int j = r & 1; j < dimension; j += 2) {
                        indices[nnz] = j;
                        values[nnz++] = x[r][j];
                    }
                    SparseVectors.fill(sparse, indices, values, nnz);
                    m.train(sparse, y[r]);
                }
            }
        }
    }

    @Benchmark
    public double densePredictAndUpdate() {
        int r = next;
        next = (r + 1) & (RECORDS - 1);
        model.predict(vectors[r], out);
        model.train(vectors[r], y[r]);
        return out[0];
    }
}
