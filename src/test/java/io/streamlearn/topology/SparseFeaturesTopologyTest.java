package io.streamlearn.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.streamlearn.eval.EvaluationSettings;
import io.streamlearn.learn.AdamWOptions;
import io.streamlearn.learn.LinearModel;
import io.streamlearn.learn.LinearOptimizerOptions;
import io.streamlearn.learn.LinearOptions;
import io.streamlearn.learn.Mlp;
import io.streamlearn.learn.MlpOptions;
import io.streamlearn.learn.ModelCodec;
import io.streamlearn.learn.OnlineModel;
import io.streamlearn.pipeline.LearningPipeline;
import io.streamlearn.pipeline.PipelineBlueprint;
import io.streamlearn.record.RecordSchema;
import io.streamlearn.topology.store.WorkingCopyStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.StringJoiner;
import java.util.function.Supplier;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Records whose schema hands their features to the models as sparse vectors
 * ({@link RecordSchema#withSparseFeatures()}, the hook until the raw events' spec keys exist) reach
 * the linear learners' sparse steps and end with the weights of the same records read dense, to
 * 1e-12, not bit for bit: the sparse score starts from the intercept and the dense one adds it
 * last, and with a penalty the sparse step shrinks the weights it skipped lazily, the owed factors
 * multiplied together first ({@code SparseDenseEquivalenceTest}). The MLP trains a sparse record's
 * first layer lazily, as PyTorch's {@code SparseAdam} (checked against PyTorch in
 * {@code MlpSparseAdamTest}), so here it must take that path: its first prediction is the dense
 * one, bit for bit, and its model then differs from the dense copy's.
 */
class SparseFeaturesTopologyTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int D = 24;
    private static final int RECORDS = 300;

    @TempDir
    Path stateDir;

    @Test
    void sparseRecordsTrainTheLearnersAsTheirDenseCopies() throws Exception {
        PipelineDefinition dense = definition("dense", RecordSchema.regression(D));
        PipelineDefinition sparse = definition("sparse", RecordSchema.regression(D).withSparseFeatures());
        try (TopologyTestDriver d = driver(dense, "d"); TopologyTestDriver s = driver(sparse, "s")) {
            TestInputTopic<byte[], byte[]> dIn = input(d, dense);
            TestInputTopic<byte[], byte[]> sIn = input(s, sparse);
            TestOutputTopic<byte[], byte[]> dOut = output(d, dense);
            TestOutputTopic<byte[], byte[]> sOut = output(s, sparse);
            Random random = new Random(3);
            for (int n = 0; n < RECORDS; n++) {
                byte[] value = record(n, random);
                dIn.pipeInput(key(n), value);
                sIn.pipeInput(key(n), value);
                JsonNode dp = JSON.readTree(dOut.readValue()).get("predictions");
                JsonNode sp = JSON.readTree(sOut.readValue()).get("predictions");
                assertThat(sp.get("ridge").asDouble()).as("record %d", n).isCloseTo(dp.get("ridge").asDouble(), within(1e-12));
                assertThat(sp.get("plain").asDouble()).isCloseTo(dp.get("plain").asDouble(), within(1e-12));
                if (n == 0) {
                    assertThat(sp.get("mlp").asDouble()).as("the untrained MLP").isEqualTo(dp.get("mlp").asDouble());
                }
                assertThat(sp.get("mlp").asDouble()).isFinite();
            }
            LearningPipeline dp = store(d, dense).workingCopy().pipeline();
            LearningPipeline sp = store(s, sparse).workingCopy().pipeline();
            boolean lastBitsDiffer = false;
            for (String learner : List.of("ridge", "plain")) {
                LinearModel a = (LinearModel) dp.model(learner);
                LinearModel b = (LinearModel) sp.model(learner);
                assertThat(b.updates()).isEqualTo(a.updates()).isGreaterThan(RECORDS / 2);
                assertThat(b.intercept(0)).as(learner).isCloseTo(a.intercept(0), within(1e-12));
                double[] wa = a.weights(0);
                double[] wb = b.weights(0);
                for (int j = 0; j < D; j++) {
                    assertThat(wb[j]).as("%s w[%d]", learner, j).isCloseTo(wa[j], within(1e-12));
                    lastBitsDiffer |= learner.equals("ridge") && wb[j] != wa[j];
                }
                assertThat(a.nonZeroWeights()).isPositive();
            }
            // the same code path on both sides would give the same bits: the ridge's differ, so it took the sparse step
            assertThat(lastBitsDiffer).as("the penalized learner's lazy sparse step left its mark in the last bits").isTrue();
            assertThat(sp.model("mlp").updates()).isEqualTo(dp.model("mlp").updates()).isPositive();
            assertThat(ModelCodec.toBytes(sp.model("mlp"))).as("the lazy sparse step, not dense AdamW")
                    .isNotEqualTo(ModelCodec.toBytes(dp.model("mlp")));
            assertThat(sp.stats("mlp").holdoutLoss()).isFinite();
            // the reservoirs (sparse rows on one side, dense on the other) score alike
            assertThat(sp.stats("plain").holdoutLoss()).isFinite()
                    .isCloseTo(dp.stats("plain").holdoutLoss(), within(1e-9));
            assertThat(sp.stats("plain").trainLoss()).isCloseTo(dp.stats("plain").trainLoss(), within(1e-9));
            // the stored state, sparse reservoirs included, reloads as it was
            WorkingCopyStore<PipelineState> store = store(s, sparse);
            byte[] mlp = ModelCodec.toBytes(sp.model("mlp"));
            store.clearCache();
            LearningPipeline reloaded = store.workingCopy().pipeline();
            assertThat(reloaded.stats("ridge")).isEqualTo(sp.stats("ridge"));
            assertThat(ModelCodec.toBytes(reloaded.model("mlp"))).isEqualTo(mlp);
        }
    }

    /** A record of D features, at most 2 to 4 of them nonzero, y linear in them (a fifth are held out by id). */
    private static byte[] record(int n, Random random) {
        double[] x = new double[D];
        int nonZeros = 2 + random.nextInt(3);
        for (int k = 0; k < nonZeros; k++) {
            x[random.nextInt(D)] = k == 0 ? 1.0 : random.nextGaussian();
        }
        double y = 2 * x[0] - x[5] + 0.5 * x[11] + 0.1 * random.nextGaussian();
        StringJoiner features = new StringJoiner(", ", "[", "]");
        for (double v : x) {
            features.add(Double.toString(v));
        }
        return ("{\"id\": \"r" + n + "\", \"features\": " + features + ", \"label\": " + y + "}")
                .getBytes(StandardCharsets.UTF_8);
    }

    private static PipelineDefinition definition(String name, RecordSchema schema) {
        LinearOptions ridge = new LinearOptions(D, 0, 0.001, 0.01,
                new LinearOptimizerOptions.Sgd(0.05, LinearOptimizerOptions.Schedule.INVSCALING, 0.25), 0.0, 1L);
        LinearOptions plain = new LinearOptions(D, 0, 0.0, 0.0,
                new LinearOptimizerOptions.Sgd(0.05, LinearOptimizerOptions.Schedule.CONSTANT, 0.25), 0.0, 1L);
        Map<String, Supplier<OnlineModel>> learners = new LinkedHashMap<>();
        learners.put("ridge", () -> LinearModel.create(ridge));
        learners.put("plain", () -> LinearModel.create(plain));
        learners.put("mlp", () -> Mlp.create(new MlpOptions(D, new int[] {8}, 0, 0.1, 4,
                new AdamWOptions(0.01, 0.9, 0.999, 1e-8, 0.01), 1.0, false, false, 0.0, 0.0, 0.0, 42L)));
        return new PipelineDefinition(new PipelineBlueprint(name, schema, false,
                new EvaluationSettings(0.2, 50, 10, 50), learners), Topic.ofBytes(name + ".features"),
                Topic.ofBytes(name + ".predictions"), Topic.ofBytes(name + ".dlq"));
    }

    private TopologyTestDriver driver(PipelineDefinition p, String dir) {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "test-" + dir);
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.resolve(dir).toString());
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        return new TopologyTestDriver(StreamlearnTopology.build(List.of(p), TopologyOptions.defaults()).topology(), props);
    }

    private static TestInputTopic<byte[], byte[]> input(TopologyTestDriver d, PipelineDefinition p) {
        return d.createInputTopic(p.input().name(), new ByteArraySerializer(), new ByteArraySerializer());
    }

    private static TestOutputTopic<byte[], byte[]> output(TopologyTestDriver d, PipelineDefinition p) {
        return d.createOutputTopic(p.output().name(), new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    @SuppressWarnings("unchecked")
    private static WorkingCopyStore<PipelineState> store(TopologyTestDriver d, PipelineDefinition p) {
        return (WorkingCopyStore<PipelineState>) d.getStateStore(p.storeName());
    }

    private static byte[] key(int n) {
        return ("k" + n).getBytes(StandardCharsets.UTF_8);
    }
}
