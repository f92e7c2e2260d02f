package io.streamlearn.learn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamlearn.vector.FeatureVector;
import java.io.IOException;
import java.io.InputStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Snapshots of linear models: a restored model continues bit-identically (compared byte for byte,
 * tolerance 0), and the golden files of payload version 1 still read to the values they were written with.
 */
class LinearSnapshotTest {

    static Stream<Arguments> models() {
        return Stream.of(
                Arguments.of("sgd invscaling + noise", LinearSnapshotFixtures.sgdOptions()),
                Arguments.of("sgd constant", new LinearOptions(4, 0, 0.02, 0.01,
                        new LinearOptimizerOptions.Sgd(0.05, LinearOptimizerOptions.Schedule.CONSTANT, 0), 0.0, 1L)),
                Arguments.of("adagrad logistic + noise", new LinearOptions(4, 2, 0.01, 0.01,
                        new LinearOptimizerOptions.Sgd(0.1, LinearOptimizerOptions.Schedule.ADAGRAD, 0), 0.05, 3L)),
                Arguments.of("ftrl softmax", LinearSnapshotFixtures.ftrlOptions()),
                Arguments.of("rda regression", new LinearOptions(4, 0, 0.01, 0.0, new LinearOptimizerOptions.Rda(2.0), 0.0, 5L)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("models")
    void restoredModelContinuesBitIdentically(String name, LinearOptions options) {
        // 41 records end on a sparse step (lazy penalties pending), 42 on a dense one (all caught up)
        for (int split : new int[] {41, 42}) {
            LinearModel original = LinearModel.create(options);
            LinearSnapshotFixtures.train(original, 0, split);
            byte[] snapshot = ModelCodec.toBytes(original);
            LinearModel restored = (LinearModel) ModelCodec.fromBytes(snapshot);
            assertThat(ModelCodec.toBytes(restored)).isEqualTo(snapshot);
            assertThat(restored.options()).isEqualTo(options);

            LinearSnapshotFixtures.train(original, split, 100);
            LinearSnapshotFixtures.train(restored, split, 100);
            assertThat(ModelCodec.toBytes(restored)).as("after %d + %d records", split, 100 - split)
                    .isEqualTo(ModelCodec.toBytes(original));
            double[] a = new double[original.outputDimension()];
            double[] b = new double[original.outputDimension()];
            original.predict(FeatureVector.dense(LinearSnapshotFixtures.features(5)), a);
            restored.predict(FeatureVector.dense(LinearSnapshotFixtures.features(5)), b);
            assertThat(b).containsExactly(a);
            assertThat(restored.updates()).isEqualTo(100);
        }
    }

    @Test
    void goldenSgdSnapshotReadsBack() throws IOException {
        LinearModel model = (LinearModel) ModelCodec.fromBytes(golden(LinearSnapshotFixtures.GOLDEN_SGD));
        assertThat(model.options()).isEqualTo(LinearSnapshotFixtures.sgdOptions());
        assertThat(model.updates()).isEqualTo(25);
        // values printed by LinearSnapshotFixtures.main when the file was written; exact (tolerance 0)
        assertThat(model.weights(0)).containsExactly(
                0.27546013296662586, -0.02479965760876485, -0.014642273441802262, -0.10805477287577946);
        assertThat(model.intercept(0)).isEqualTo(0.11900296655882261);
        assertContinuesLikeAFreshModel(model, LinearSnapshotFixtures.sgdOptions());
    }

    @Test
    void goldenFtrlSoftmaxSnapshotReadsBack() throws IOException {
        LinearModel model = (LinearModel) ModelCodec.fromBytes(golden(LinearSnapshotFixtures.GOLDEN_FTRL));
        assertThat(model.options()).isEqualTo(LinearSnapshotFixtures.ftrlOptions());
        assertThat(model.updates()).isEqualTo(25);
        assertThat(model.weights(0)).containsExactly(0.0, -4.538148978643447E-4, -0.013606495948466952, 0.0);
        assertThat(model.weights(1)).containsExactly(0.0, 0.005056604249297651, 0.02352374319875174, 0.0);
        assertThat(model.weights(2)).containsExactly(0.0, 0.0, -0.004336682393356624, 0.0);
        assertThat(model.intercepts()).containsExactly(-0.025729762890187607, 0.018767583469459257, -0.01921140016623558);
        assertThat(model.nonZeroWeights()).isEqualTo(5);
        assertContinuesLikeAFreshModel(model, LinearSnapshotFixtures.ftrlOptions());
    }

    /** The restored model, trained on, equals a model trained from scratch on all records, byte for byte. */
    private static void assertContinuesLikeAFreshModel(LinearModel restored, LinearOptions options) {
        LinearModel fresh = LinearModel.create(options);
        LinearSnapshotFixtures.train(fresh, 0, LinearSnapshotFixtures.GOLDEN_RECORDS);
        LinearSnapshotFixtures.train(fresh, LinearSnapshotFixtures.GOLDEN_RECORDS, 60);
        LinearSnapshotFixtures.train(restored, LinearSnapshotFixtures.GOLDEN_RECORDS, 60);
        assertThat(ModelCodec.toBytes(restored)).isEqualTo(ModelCodec.toBytes(fresh));
    }

    @Test
    void refusesUnknownPayloadVersion() throws IOException {
        byte[] bytes = golden(LinearSnapshotFixtures.GOLDEN_SGD);
        bytes[5] = 99; // after magic (3), envelope version (1), type tag (1)
        assertThatThrownBy(() -> ModelCodec.fromBytes(bytes))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("payload version 99");
    }

    private static byte[] golden(String resource) throws IOException {
        try (InputStream in = LinearSnapshotTest.class.getClassLoader().getResourceAsStream(resource)) {
            assertThat(in).as(resource).isNotNull();
            return in.readAllBytes();
        }
    }
}
