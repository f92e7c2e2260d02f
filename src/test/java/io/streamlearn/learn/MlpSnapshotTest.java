package io.streamlearn.learn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamlearn.vector.FeatureVector;
import java.io.IOException;
import java.io.InputStream;
import org.junit.jupiter.api.Test;

/** The versioned MLP snapshot: bit-identical continuation after a round trip, and the golden file. */
class MlpSnapshotTest {

    @Test
    void restoredModelContinuesBitIdenticallyMidBatch() {
        checkContinuation(MlpTest.regressor(5, 0.2, 0.05, 0.4, true), 13, false);
        checkContinuation(MlpTest.classifier(0.3, 0.1, 0.2, false), 21, true);
        checkContinuation(new MlpOptions(3, new int[] {6}, 0, 0.1, 4,
                new AdamWOptions(0.01, 0.9, 0.999, 1e-8, 0.01), 1.0, true, true, 0.0, 0.0, 0.0, 5L), 10, false);
    }

    private static void checkContinuation(MlpOptions options, int before, boolean classes) {
        Mlp original = Mlp.create(options);
        SeededRandom data = new SeededRandom(77);
        double[] x = new double[options.inputs()];
        for (int i = 0; i < before; i++) {
            original.train(FeatureVector.dense(next(data, x, classes)), label(data, x, classes));
        }
        assertThat(original.buffered()).isPositive();
        byte[] bytes = ModelCodec.toBytes(original);
        Mlp restored = (Mlp) ModelCodec.fromBytes(bytes);
        assertThat(ModelCodec.toBytes(restored)).isEqualTo(bytes);
        assertThat(restored.options()).isEqualTo(options);
        assertThat(restored.buffered()).isEqualTo(original.buffered());
        for (int i = 0; i < 3 * options.batchSize() + 1; i++) {
            next(data, x, classes);
            double label = label(data, x, classes);
            assertThat(restored.train(FeatureVector.dense(x), label)).isSameAs(original.train(FeatureVector.dense(x), label));
        }
        assertThat(restored.updates()).isEqualTo(original.updates()).isGreaterThan(3);
        assertThat(restored.parameters()).isDeepEqualTo(original.parameters());
        assertThat(restored.lastLoss()).isEqualTo(original.lastLoss());
        assertThat(ModelCodec.toBytes(restored)).isEqualTo(ModelCodec.toBytes(original));
    }

    private static double[] next(SeededRandom data, double[] x, boolean classes) {
        if (classes) {
            return x;
        }
        for (int j = 0; j < x.length; j++) {
            x[j] = data.nextGaussian();
        }
        return x;
    }

    private static double label(SeededRandom data, double[] x, boolean classes) {
        return classes ? MlpTest.blob(data, x) : x[0] - 0.5 * x[1] + data.nextGaussian() * 0.1;
    }

    @Test
    void goldenSnapshotReadsBack() throws IOException {
        byte[] golden;
        try (InputStream in = getClass().getClassLoader().getResourceAsStream(GoldenMlpSnapshot.FILE)) {
            assertThat(in).as(GoldenMlpSnapshot.FILE).isNotNull();
            golden = in.readAllBytes();
        }
        OnlineModel model = ModelCodec.fromBytes(golden);
        assertThat(model).isInstanceOf(Mlp.class);
        Mlp mlp = (Mlp) model;
        assertThat(mlp.options()).isEqualTo(new MlpOptions(3, new int[] {8, 4}, 0, 0.2, 4,
                new AdamWOptions(0.01, 0.9, 0.999, 1e-8, 0.01), 0.5, true, false, 0.0, 0.05, 0.4, 2024L));
        // Values recorded by GoldenMlpSnapshot when the file was written (exact: same bits).
        assertThat(mlp.updates()).isEqualTo(2);
        assertThat(mlp.buffered()).isEqualTo(2);
        assertThat(mlp.clippedSteps()).isEqualTo(2);
        assertThat(mlp.lastLoss()).isEqualTo(1.4665598000132611);
        assertThat(mlp.lastGradientNorm()).isEqualTo(5.44035595121785);
        assertThat(mlp.parameters()[0][0]).isEqualTo(0.1611528280697957);
        assertThat(mlp.weightsL1()).isEqualTo(12.416680653323594);
        double[] p = new double[1];
        mlp.predict(FeatureVector.dense(GoldenMlpSnapshot.PROBE), p);
        assertThat(p[0]).isEqualTo(-0x1.42805680d39cp-4);
        // It writes back the same bytes, and continues exactly as the recipe that wrote it.
        assertThat(ModelCodec.toBytes(mlp)).isEqualTo(golden);
        Mlp recipe = GoldenMlpSnapshot.recipe();
        for (int i = 0; i < 6; i++) {
            double[] x = {i, -i, 0.5};
            assertThat(mlp.train(FeatureVector.dense(x), 1.0)).isSameAs(recipe.train(FeatureVector.dense(x), 1.0));
        }
        assertThat(mlp.updates()).isEqualTo(4);
        assertThat(mlp.parameters()).isDeepEqualTo(recipe.parameters());
    }

    @Test
    void goldenSparseSnapshotReadsBack() throws IOException {
        byte[] golden;
        try (InputStream in = getClass().getClassLoader().getResourceAsStream(GoldenMlpSnapshot.FILE_SPARSE)) {
            assertThat(in).as(GoldenMlpSnapshot.FILE_SPARSE).isNotNull();
            golden = in.readAllBytes();
        }
        assertThat(golden[5]).as("payload version").isEqualTo((byte) 2);
        Mlp mlp = (Mlp) ModelCodec.fromBytes(golden);
        // Values recorded by GoldenMlpSnapshot when the file was written (exact: same bits).
        assertThat(mlp.updates()).isEqualTo(3);
        assertThat(mlp.buffered()).isEqualTo(2);
        assertThat(mlp.lastLoss()).isEqualTo(1.2221742291678246);
        assertThat(mlp.lastGradientNorm()).isEqualTo(0.6138444470474707);
        assertThat(mlp.parameters()[0][0]).isEqualTo(0.21040693638391564);
        assertThat(mlp.weightsL1()).isEqualTo(13.79234105215854);
        double[] p = new double[3];
        mlp.predict(GoldenMlpSnapshot.sparseExample(20), p);
        assertThat(p[0]).isEqualTo(0x1.24fb637e4cc5ap-3);
        assertThat(p[1]).isEqualTo(0x1.feb267d939785p-2);
        // It writes back the same bytes, and continues exactly as the recipe that wrote it: the
        // buffered dense example makes the next step a dense one, which catches every column up.
        assertThat(ModelCodec.toBytes(mlp)).isEqualTo(golden);
        Mlp recipe = GoldenMlpSnapshot.recipeSparse();
        for (int i = 0; i < 10; i++) {
            FeatureVector x = GoldenMlpSnapshot.sparseExample(30 + i);
            assertThat(mlp.train(x, i % 3)).isSameAs(recipe.train(x, i % 3));
        }
        assertThat(mlp.updates()).isEqualTo(6);
        assertThat(ModelCodec.toBytes(mlp)).isEqualTo(ModelCodec.toBytes(recipe));
    }

    @Test
    void aModelTrainedDenseStillWritesPayloadVersion1() {
        Mlp mlp = GoldenMlpSnapshot.recipe();
        assertThat(ModelCodec.toBytes(mlp)[5]).isEqualTo((byte) 1);
    }

    @Test
    void refusesAnUnknownPayloadVersion() {
        byte[] bytes = ModelCodec.toBytes(Mlp.create(MlpTest.regressor(4, 0, 0, 0, false)));
        bytes[5] = 99; // magic (3) + envelope version (1) + type tag (1), then the payload version
        assertThatThrownBy(() -> ModelCodec.fromBytes(bytes)).hasMessageContaining("payload version 99");
    }
}
