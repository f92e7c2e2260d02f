package io.streamlearn.bench;

import io.streamlearn.learn.AdamWOptions;
import io.streamlearn.learn.Mlp;
import io.streamlearn.learn.MlpOptions;
import io.streamlearn.learn.SeededRandom;
import io.streamlearn.learn.TrainResult;
import io.streamlearn.vector.FeatureVector;
import io.streamlearn.vector.SparseVectors;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * One MLP optimizer step per operation: 32 {@code train} calls on a 10→32→16→1 ReLU MLP with batch
 * size 32, so the 32nd fills the batch and runs forward, MSE, backward, clip_grad_norm_(1.0) and one
 * AdamW step. The PyTorch counterpart is bench/mlp_step_torch.py; bench/mlp-vs-torch.sh runs both.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class MlpStepBench {

    static final int BATCH = 32;

    @Param({"0.0", "0.2"})
    public double dropout;

    private Mlp mlp;
    private double[][] x;
    /** {@link #x}, each row wrapped once (no allocation in the measured loop). */
    private FeatureVector[] vectors;
    private double[] y;

    @Setup
    public void setUp() {
        mlp = Mlp.create(new MlpOptions(10, new int[] {32, 16}, 0, dropout, BATCH,
                new AdamWOptions(1e-3, 0.9, 0.999, 1e-8, 0.01), 1.0,
                false, false, 0.0, 0.0, 0.0, 1L));
        SeededRandom rng = new SeededRandom(2);
        x = new double[BATCH][10];
        vectors = SparseVectors.dense(x);
        y = new double[BATCH];
        for (int i = 0; i < BATCH; i++) {
            for (int j = 0; j < 10; j++) {
                x[i][j] = rng.nextGaussian();
            }
            y[i] = rng.nextGaussian();
        }
    }

    @Benchmark
    public TrainResult step() {
        TrainResult last = null;
        for (int i = 0; i < BATCH; i++) {
            last = mlp.train(vectors[i], y[i]);
        }
        return last;
    }
}
