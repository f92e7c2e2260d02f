package io.streamlearn.learn;

import io.streamlearn.vector.FeatureVector;
import io.streamlearn.vector.SparseVectors;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Deterministic models and training records shared by the snapshot tests and by {@link #main}, which
 * wrote the golden files in src/test/resources/golden/ once (payload version 1). Do not regenerate them
 * to make a test pass: they stand for snapshots written by an older release.
 */
final class LinearSnapshotFixtures {

    static final String GOLDEN_SGD = "golden/linear-sgd-invscaling-v1.bin";
    static final String GOLDEN_FTRL = "golden/linear-ftrl-softmax-v1.bin";

    /** Ridge + Lasso by invscaling SGD with feature noise; 4 features. */
    static LinearOptions sgdOptions() {
        return new LinearOptions(4, 0, 0.01, 0.02,
                new LinearOptimizerOptions.Sgd(0.05, LinearOptimizerOptions.Schedule.INVSCALING, 0.25), 0.1, 42L);
    }

    /** Softmax over 3 classes by FTRL-Proximal; 4 features. */
    static LinearOptions ftrlOptions() {
        return new LinearOptions(4, 3, 0.01, 0.02, new LinearOptimizerOptions.Ftrl(0.1, 1.0), 0.0, 7L);
    }

    /** Record r: dense features of a fixed pattern with zeros; for a classifier the label is a class. */
    static double[] features(int r) {
        double[] x = new double[4];
        for (int j = 0; j < 4; j++) {
            x[j] = (r + j) % 3 == 0 ? 0.0 : Math.sin(1.3 * r + 0.7 * j);
        }
        return x;
    }

    static double label(int r, int classes) {
        double[] x = features(r);
        double y = 2 * x[0] - x[1] + 0.5 * x[3] + 0.25;
        return classes == 0 ? y : Math.floorMod(r * 7 + 1, classes);
    }

    /** Trains on records [from, to): even records by the sparse path, odd ones by the dense path. */
    static void train(LinearModel model, int from, int to) {
        int classes = model.options().classes();
        int[] indices = new int[4];
        double[] values = new double[4];
        for (int r = from; r < to; r++) {
            double[] x = features(r);
            if (r % 2 == 0) {
                int nnz = 0;
                for (int j = 0; j < 4; j++) {
                    if (x[j] != 0) {
                        indices[nnz] = j;
                        values[nnz++] = x[j];
                    }
                }
                model.train(SparseVectors.of(4, indices, values, nnz), label(r, classes));
            } else {
                model.train(FeatureVector.dense(x), label(r, classes));
            }
        }
    }

    static final int GOLDEN_RECORDS = 25;

    private LinearSnapshotFixtures() {}

    /** Writes the golden files and prints the values the test asserts. Run once; see the class comment. */
    public static void main(String[] args) throws IOException {
        Path dir = Path.of("src", "test", "resources");
        for (String[] spec : new String[][] {{GOLDEN_SGD, "sgd"}, {GOLDEN_FTRL, "ftrl"}}) {
            LinearModel model = LinearModel.create(spec[1].equals("sgd") ? sgdOptions() : ftrlOptions());
            train(model, 0, GOLDEN_RECORDS);
            Files.write(dir.resolve(spec[0]), ModelCodec.toBytes(model));
            System.out.println(spec[0] + " updates " + model.updates());
            for (int k = 0; k < model.rows(); k++) {
                System.out.println("  w[" + k + "] " + Arrays.toString(model.weights(k)) + " b " + model.intercept(k));
            }
        }
    }
}
