package io.streamlearn.learn;

import io.streamlearn.vector.FeatureVector;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes the golden MLP snapshots of src/test/resources/golden/ once (payload version 1 for a model
 * trained dense, 2 for one trained sparse); it is committed and never
 * regenerated for a format that has shipped (MlpSnapshotTest reads it back). Run from the project
 * root: {@code java -cp target/classes:target/test-classes:<deps> io.streamlearn.learn.GoldenMlpSnapshot}.
 */
public final class GoldenMlpSnapshot {

    static final String FILE = "golden/mlp-payload-v1.bin";
    static final String FILE_SPARSE = "golden/mlp-payload-v2.bin";
    static final int SPARSE_WIDTH = 12;
    /** The input at which the golden model's prediction is recorded in MlpSnapshotTest. */
    static final double[] PROBE = {0.5, -1.0, 2.0};

    private GoldenMlpSnapshot() {}

    /** Regressor 3→8→4→1 with LayerNorm, dropout, noise and mixup, after 2 steps and 2 buffered examples. */
    static Mlp recipe() {
        Mlp mlp = Mlp.create(new MlpOptions(3, new int[] {8, 4}, 0, 0.2, 4,
                new AdamWOptions(0.01, 0.9, 0.999, 1e-8, 0.01), 0.5, true, false, 0.0, 0.05, 0.4, 2024L));
        for (int i = 0; i < 10; i++) {
            double[] x = {i * 0.1, 1.0 - i * 0.2, (i % 3) - 1.0};
            mlp.train(FeatureVector.dense(x), x[0] + 2 * x[1] - x[2]);
        }
        return mlp;
    }

    /** A sparse example of {@link #recipeSparse}'s stream: columns i, i + 3 and i + 7 (mod the width). */
    static FeatureVector sparseExample(int i) {
        FeatureVector x = FeatureVector.sparse(SPARSE_WIDTH, 4);
        x.add(i % SPARSE_WIDTH, 1.0);
        x.add((i + 3) % SPARSE_WIDTH, 0.5 - 0.1 * i);
        x.add((i + 7) % SPARSE_WIDTH, -1.0);
        x.finish();
        return x;
    }

    /**
     * Classifier 12→5→3→3 with LayerNorm, dropout, weight decay and clipping, trained on sparse
     * examples: 3 lazy steps, then a sparse and a dense example buffered.
     */
    static Mlp recipeSparse() {
        Mlp mlp = Mlp.create(new MlpOptions(SPARSE_WIDTH, new int[] {5, 3}, 3, 0.1, 4,
                new AdamWOptions(0.02, 0.9, 0.999, 1e-8, 0.1), 0.5, true, false, 0.05, 0.0, 0.0, 2026L));
        for (int i = 0; i < 13; i++) {
            mlp.train(sparseExample(i), i % 3);
        }
        double[] dense = new double[SPARSE_WIDTH];
        dense[4] = 2.0;
        mlp.train(FeatureVector.dense(dense), 1);
        return mlp;
    }

    public static void main(String[] args) throws IOException {
        Mlp sparse = recipeSparse();
        Path sparseOut = Path.of("src/test/resources", FILE_SPARSE);
        Files.write(sparseOut, ModelCodec.toBytes(sparse));
        double[] probs = new double[3];
        sparse.predict(sparseExample(20), probs);
        System.out.println("wrote " + sparseOut + ": updates " + sparse.updates() + ", buffered " + sparse.buffered()
                + ", prediction " + Double.toHexString(probs[0]) + " " + Double.toHexString(probs[1])
                + ", lastLoss " + sparse.lastLoss() + ", lastGradientNorm " + sparse.lastGradientNorm()
                + ", weightsL1 " + sparse.weightsL1() + ", first weight " + sparse.parameters()[0][0]);
        if (args.length > 0 && args[0].equals("--sparse-only")) {
            return;
        }
        Mlp mlp = recipe();
        Path out = Path.of("src/test/resources", FILE);
        Files.write(out, ModelCodec.toBytes(mlp));
        double[] p = new double[1];
        mlp.predict(FeatureVector.dense(PROBE), p);
        System.out.println("wrote " + out + ": updates " + mlp.updates() + ", buffered " + mlp.buffered()
                + ", prediction " + Double.toHexString(p[0]) + " (" + p[0] + "), lastLoss " + mlp.lastLoss()
                + ", lastGradientNorm " + mlp.lastGradientNorm() + ", clipped " + mlp.clippedSteps()
                + ", weightsL1 " + mlp.weightsL1() + ", first weight " + mlp.parameters()[0][0]);
    }
}
