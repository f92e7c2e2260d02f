package io.streamlearn.learn;

import io.streamlearn.vector.FeatureVector;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes the golden MLP snapshot of src/test/resources/golden/ once; it is committed and never
 * regenerated for a format that has shipped (MlpSnapshotTest reads it back). Run from the project
 * root: {@code java -cp target/classes:target/test-classes:<deps> io.streamlearn.learn.GoldenMlpSnapshot}.
 */
public final class GoldenMlpSnapshot {

    static final String FILE = "golden/mlp-payload-v1.bin";
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

    public static void main(String[] args) throws IOException {
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
