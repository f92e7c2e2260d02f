package io.streamlearn.learn;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.streamlearn.learn.mlp.TorchReference;
import io.streamlearn.vector.FeatureVector;
import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The 10→16→8→1 ReLU MLP (dropout 0) trained by AdamW with clip_grad_norm_(1.0) on batches of 32 in
 * file order for 5 epochs reproduces PyTorch's float64 trajectory (mlp_regression_adamw_clip.json).
 * Tolerance: 1e-9 absolute, relative for entries above 1 in magnitude (reference README).
 */
class MlpTrajectoryTest {

    private static final double TOLERANCE = 1e-9;

    @Test
    void reproducesPyTorchTrajectory() throws IOException {
        List<String> lines = Files.readAllLines(TorchReference.file("mlp_regression_data.csv"));
        int n = lines.size() - 1;
        double[][] x = new double[n][10];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            String[] cells = lines.get(i + 1).split(",");
            for (int j = 0; j < 10; j++) {
                x[i][j] = Double.parseDouble(cells[j]);
            }
            y[i] = Double.parseDouble(cells[10]);
        }
        assertThat(n).isEqualTo(256);
        JsonNode trajectory = TorchReference.json("mlp_regression_adamw_clip.json");
        JsonNode steps = trajectory.get("steps");
        JsonNode snapshots = trajectory.get("params");

        Mlp mlp = Mlp.create(new MlpOptions(10, new int[] {16, 8}, 0, 0.0, 32,
                new AdamWOptions(1e-3, 0.9, 0.999, 1e-8, 0.01), 1.0,
                false, false, 0.0, 0.0, 0.0, 7L));
        mlp.setParameters(TorchReference.layerParameters(TorchReference.json("mlp_regression_init.json").get("layers")));
        assertThat(mlp.layerSizes()).containsExactly(10, 16, 8, 1);
        assertThat(mlp.parameterCount()).isEqualTo(10 * 16 + 16 + 16 * 8 + 8 + 8 + 1);

        int step = 0;
        int snapshotsChecked = 0;
        int expectedClipped = 0;
        for (int epoch = 0; epoch < 5; epoch++) {
            for (int i = 0; i < n; i++) {
                TrainResult result = mlp.train(FeatureVector.dense(x[i]), y[i]);
                if ((i + 1) % 32 != 0) {
                    assertThat(result).isSameAs(TrainResult.BUFFERED);
                    continue;
                }
                assertThat(result).isSameAs(TrainResult.STEPPED);
                JsonNode expected = steps.get(step);
                step++;
                assertThat(expected.get("step").asInt()).isEqualTo(step);
                assertClose("loss at step " + step, mlp.lastLoss(), expected.get("loss").asDouble());
                assertClose("gradient norm at step " + step, mlp.lastGradientNorm(),
                        expected.get("grad_norm_before_clip").asDouble());
                if (expected.get("clip_factor_applied").asDouble() < 1.0) {
                    expectedClipped++;
                }
                assertThat(mlp.clippedSteps()).isEqualTo(expectedClipped);
                JsonNode snapshot = snapshotAfter(snapshots, step);
                if (snapshot != null) {
                    double[][] want = TorchReference.layerParameters(snapshot.get("layers"));
                    double[][] got = mlp.parameters();
                    for (int p = 0; p < want.length; p++) {
                        for (int k = 0; k < want[p].length; k++) {
                            assertClose("parameter " + p + "[" + k + "] after step " + step, got[p][k], want[p][k]);
                        }
                    }
                    snapshotsChecked++;
                }
            }
        }
        assertThat(step).isEqualTo(40);
        assertThat(mlp.updates()).isEqualTo(40);
        assertThat(snapshotsChecked).isEqualTo(7);
        assertThat(expectedClipped).isPositive();
    }

    private static JsonNode snapshotAfter(JsonNode snapshots, int step) {
        for (JsonNode s : snapshots) {
            if (s.get("step").asInt() == step) {
                return s;
            }
        }
        return null;
    }

    private static void assertClose(String what, double actual, double expected) {
        double scale = Math.max(1.0, Math.abs(expected));
        assertThat(Math.abs(actual - expected)).as(what + ": " + actual + " vs " + expected)
                .isLessThanOrEqualTo(TOLERANCE * scale);
    }
}
