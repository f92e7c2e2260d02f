package io.streamlearn.learn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import io.streamlearn.learn.mlp.TorchReference;
import io.streamlearn.vector.FeatureVector;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * An MLP trained on sparse records steps its first layer lazily and reproduces PyTorch's float64
 * trajectory of the same rule (mlp_sparse_adam.json, written by mlp_sparse_adam.py beside it): the
 * first layer an {@code nn.EmbeddingBag(sparse=True)} stepped by {@code torch.optim.SparseAdam}
 * after the decoupled decay (1 - lr wd) of every row at every step, the rest by
 * {@code torch.optim.AdamW}, clipping by the total (dense) gradient norm. Streamlearn applies a
 * skipped column's decay as one power when the column is next touched or read, so the two differ
 * by rounding only. Tolerance: 1e-12 absolute on every parameter after every step, the batch loss,
 * the gradient norm and the probe outputs (the file's PyTorch and NumPy trajectories agree to 2e-16;
 * no gradient norm is within 0.002 of the clipping threshold). Halfway, the model goes through its
 * snapshot and the copy goes on, on the same trajectory.
 */
class MlpSparseAdamTest {

    private static final double TOLERANCE = 1e-12;

    @ParameterizedTest(name = "case {0}")
    @ValueSource(ints = {0, 1})
    void reproducesTheLazySparseAdamTrajectory(int index) {
        JsonNode c = TorchReference.json("mlp_sparse_adam.json").get("cases").get(index);
        int inputs = c.get("inputs").asInt();
        int[] hidden = new int[c.get("hidden").size()];
        for (int i = 0; i < hidden.length; i++) {
            hidden[i] = c.get("hidden").get(i).asInt();
        }
        int classes = c.get("classes").asInt();
        MlpOptions options = new MlpOptions(inputs, hidden, classes, 0.0, c.get("batch").asInt(),
                new AdamWOptions(c.get("lr").asDouble(), c.get("betas").get(0).asDouble(),
                        c.get("betas").get(1).asDouble(), c.get("eps").asDouble(), c.get("wd").asDouble()),
                c.get("clip").asDouble(), false, false, c.get("label_smoothing").asDouble(), 0.0, 0.0, 5L);
        Mlp mlp = Mlp.create(options);
        mlp.setParameters(TorchReference.layerParameters(c.get("init")));

        JsonNode records = c.get("records");
        JsonNode steps = c.get("steps");
        int step = 0;
        long clipped = 0;
        for (int r = 0; r < records.size(); r++) {
            JsonNode record = records.get(r);
            TrainResult result = mlp.train(sparse(inputs, record), record.get("label").asDouble());
            if (result.status() != TrainResult.Status.STEPPED) {
                continue;
            }
            JsonNode expected = steps.get(step);
            String at = c.get("name").asText() + " step " + (step + 1);
            assertThat(mlp.lastLoss()).as(at + " loss").isCloseTo(expected.get("loss").asDouble(), within(TOLERANCE));
            double norm = expected.get("grad_norm_before_clip").asDouble();
            assertThat(mlp.lastGradientNorm()).as(at + " gradient norm").isCloseTo(norm, within(TOLERANCE));
            clipped += c.get("clip").asDouble() > 0 && norm > c.get("clip").asDouble() ? 1 : 0;
            assertParameters(mlp.parameters(), TorchReference.layerParameters(expected.get("layers")), at);
            step++;
            if (step == steps.size() / 2) {
                byte[] bytes = ModelCodec.toBytes(mlp);
                assertThat(bytes[5]).as("payload version of a model trained sparse").isEqualTo((byte) 2);
                mlp = (Mlp) ModelCodec.fromBytes(bytes);
                assertThat(ModelCodec.toBytes(mlp)).isEqualTo(bytes);
            }
        }
        assertThat(step).isEqualTo(steps.size());
        assertThat(mlp.updates()).isEqualTo(steps.size());
        assertThat(mlp.clippedSteps()).isEqualTo(clipped);
        assertThat(clipped > 0).as("clipping exercised").isEqualTo(c.get("clip").asDouble() > 0);

        JsonNode probes = c.get("probes");
        double[] out = new double[mlp.outputDimension()];
        for (int p = 0; p < probes.size(); p++) {
            mlp.predict(sparse(inputs, probes.get(p)), out);
            assertThat(out).as("probe %d", p)
                    .containsExactly(TorchReference.vector(c.get("probe_outputs").get(p)), within(TOLERANCE));
        }
    }

    private static FeatureVector sparse(int width, JsonNode record) {
        FeatureVector x = FeatureVector.sparse(width, 8);
        for (int i = 0; i < record.get("indices").size(); i++) {
            x.add(record.get("indices").get(i).asInt(), record.get("values").get(i).asDouble());
        }
        x.finish();
        return x;
    }

    private static void assertParameters(double[][] actual, double[][] expected, String at) {
        assertThat(actual.length).isEqualTo(expected.length);
        for (int p = 0; p < actual.length; p++) {
            assertThat(actual[p]).as(at + " parameter " + p).containsExactly(expected[p], within(TOLERANCE));
        }
    }
}
