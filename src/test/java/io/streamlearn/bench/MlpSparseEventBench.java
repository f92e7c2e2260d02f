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
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The MLP's learning path on raw-event vectors, one operation per event: predict, then train, as
 * the pipeline does, on the shape of topologies/payments.yaml's MLP (width 332,836, hidden [32], 2
 * classes, dropout 0.2, batch 32, AdamW defaults), over 1,024 pre-built sparse events of 20 nonzeros
 * (a few columns common to all, the rest spread as hashed columns are). Every 32nd operation steps.
 * With {@code -prof gc}, gc.alloc.rate.norm is the bytes allocated per event.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class MlpSparseEventBench {

    static final int WIDTH = 332_836;
    static final int EVENTS = 1024;
    static final int NNZ = 20;

    private Mlp mlp;
    private FeatureVector[] events;
    private double[] labels;
    private final double[] out = new double[2];
    private int next;

    @Setup
    public void setUp() {
        mlp = Mlp.create(new MlpOptions(WIDTH, new int[] {32}, 2, 0.2, 32,
                new AdamWOptions(1e-3, 0.9, 0.999, 1e-8, 0.01), 0.0, false, false, 0.0, 0.0, 0.0, 1L));
        SeededRandom rng = new SeededRandom(3);
        events = new FeatureVector[EVENTS];
        labels = new double[EVENTS];
        for (int e = 0; e < EVENTS; e++) {
            int[] indices = new int[NNZ];
            double[] values = new double[NNZ];
            for (int i = 0; i < 5; i++) { // numeric columns and indicators, always present
                indices[i] = i;
                values[i] = rng.nextGaussian();
            }
            int block = (WIDTH - 5) / (NNZ - 5);
            for (int i = 5; i < NNZ; i++) { // one hashed column per block: increasing
                indices[i] = 5 + (i - 5) * block + (int) (rng.nextDouble(0, 1) * block);
                values[i] = 1.0;
            }
            events[e] = SparseVectors.of(WIDTH, indices, values, NNZ);
            labels[e] = values[0] > 0.5 ? 1 : 0;
        }
    }

    @Benchmark
    public TrainResult predictAndTrain() {
        FeatureVector x = events[next];
        double label = labels[next];
        next = (next + 1) % EVENTS;
        mlp.predict(x, out);
        return mlp.train(x, label);
    }
}
