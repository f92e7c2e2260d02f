package io.streamlearn.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.streamlearn.learn.LinearModel;
import io.streamlearn.learn.Mlp;
import io.streamlearn.learn.ModelCodec;
import io.streamlearn.learn.OnlineModel;
import io.streamlearn.pipeline.PipelineBlueprint;
import io.streamlearn.record.RejectReason;
import io.streamlearn.topology.store.WorkingCopyStore;
import io.streamlearn.vector.FeatureVector;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.function.Supplier;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The topology on Kafka Streams' test driver: one record in, one prediction or one dead letter out. */
class StreamlearnTopologyTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path stateDir;

    private TopologyTestDriver driver;
    private TestInputTopic<byte[], byte[]> input;
    private TestOutputTopic<byte[], byte[]> output;
    private TestOutputTopic<byte[], byte[]> deadLetters;
    private PipelineDefinition pipeline;
    private StreamlearnTopology topology;

    private void start(PipelineDefinition p, TopologyOptions options) {
        pipeline = p;
        topology = StreamlearnTopology.build(List.of(p), options);
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        driver = new TopologyTestDriver(topology.topology(), props);
        input = driver.createInputTopic(p.input().name(), new ByteArraySerializer(), new ByteArraySerializer());
        output = driver.createOutputTopic(p.output().name(), new ByteArrayDeserializer(), new ByteArrayDeserializer());
        deadLetters = driver.createOutputTopic(p.deadLetter().name(), new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    @AfterEach
    void close() {
        if (driver != null) {
            driver.close();
        }
    }

    @Test
    void everyPredictionIsMadeBeforeTrainingOnItsRecord() throws Exception {
        start(TestPipelines.regression("p", 0.0), TopologyOptions.defaults());
        OnlineModel shadow = LinearModel.create(TestPipelines.ridgeOptions());
        double[] out = new double[1];
        Random random = new Random(7);
        for (int n = 0; n < 200; n++) {
            double[] x = {random.nextGaussian(), random.nextGaussian(), random.nextGaussian()};
            double y = 2 * x[0] - x[1] + 0.5;
            input.pipeInput(key(n), record("r" + n, x, y));
            JsonNode prediction = JSON.readTree(output.readValue());
            shadow.predict(FeatureVector.dense(x), out);
            // the shadow has trained on records 0..n-1 only
            assertThat(prediction.get("predictions").get("ridge").asDouble()).isCloseTo(out[0], within(1e-12));
            assertThat(prediction.get("versions").get("ridge").asLong()).isEqualTo(n);
            assertThat(prediction.get("split").asText()).isEqualTo("train");
            shadow.train(FeatureVector.dense(x), y);
        }
        assertThat(output.isEmpty()).isTrue();
        assertThat(storedModel("ridge")).isEqualTo(ModelCodec.toBytes(shadow));
    }

    @Test
    void holdoutAndUnlabeledRecordsNeverChangeAModel() throws Exception {
        start(TestPipelines.regression("p", 0.5), TopologyOptions.defaults());
        Random random = new Random(11);
        int holdout = 0;
        int unlabeled = 0;
        for (int n = 0; n < 120; n++) {
            byte[] ridgeBefore = storedModel("ridge");
            byte[] mlpBefore = storedModel("mlp");
            double[] x = {random.nextGaussian(), random.nextGaussian(), random.nextGaussian()};
            boolean labeled = n % 3 != 0;
            input.pipeInput(key(n), labeled ? record("r" + n, x, x[0]) : unlabeledRecord("r" + n, x));
            JsonNode prediction = JSON.readTree(output.readValue());
            String split = prediction.get("split").asText();
            if (!split.equals("train")) {
                assertThat(storedModel("ridge")).as("ridge after %s record %d", split, n).isEqualTo(ridgeBefore);
                assertThat(storedModel("mlp")).as("mlp after %s record %d", split, n).isEqualTo(mlpBefore);
            }
            if (split.equals("unlabeled")) {
                unlabeled++;
                assertThat(labeled).isFalse();
                assertThat(prediction.has("label")).isFalse();
                assertThat(prediction.get("predictions").get("ridge").isNumber()).isTrue();
            } else if (split.equals("holdout")) {
                holdout++;
                assertThat(labeled).isTrue();
            } else {
                assertThat(labeled).isTrue();
                assertThat(storedModel("ridge")).isNotEqualTo(ridgeBefore);
            }
        }
        assertThat(unlabeled).isEqualTo(40);
        assertThat(holdout).isBetween(20, 60);
        assertThat(topology.monitor("p").records(io.streamlearn.pipeline.Split.HOLDOUT)).isEqualTo(holdout);
        assertThat(topology.monitor("p").records(io.streamlearn.pipeline.Split.UNLABELED)).isEqualTo(40);
    }

    @Test
    void everyKindOfBadRecordIsDeadLetteredWithItsReasonAndOriginalBytes() throws Exception {
        PipelineDefinition classes = TestPipelines.classification("c");
        start(classes.withBlueprint(new PipelineBlueprint(classes.name(),
                classes.schema().withLimits(classes.schema().limits().withMaxValueBytes(300)), false,
                classes.blueprint().settings(), classes.blueprint().learners())), TopologyOptions.defaults());
        Map<String, RejectReason> bad = new LinkedHashMap<>();
        bad.put("this is not json", RejectReason.NOT_JSON);
        bad.put("{\"id\": \"a\", \"features\": [1, 2], \"label\": \"a\"}", RejectReason.WRONG_DIMENSION);
        bad.put("{\"id\": \"b\", \"features\": [1, NaN, 2], \"label\": \"a\"}", RejectReason.NON_FINITE);
        bad.put("{\"id\": \"c\", \"features\": [1, 1e999, 2], \"label\": \"a\"}", RejectReason.NON_FINITE);
        bad.put("{\"id\": \"d\", \"features\": [1, 2, 3], \"label\": \"zebra\"}", RejectReason.UNKNOWN_CLASS);
        bad.put("{\"id\": \"e\", \"features\": [1, 2, 3], \"pad\": \"" + "x".repeat(400) + "\"}", RejectReason.TOO_LARGE);
        bad.put("{\"id\": \"f\", \"label\": \"a\"}", RejectReason.INVALID_RECORD);
        bad.put("{\"id\": \"g\", \"features\": {\"w\": 1}}", RejectReason.UNKNOWN_FEATURE);
        int n = 0;
        for (Map.Entry<String, RejectReason> e : bad.entrySet()) {
            byte[] value = e.getKey().getBytes(StandardCharsets.UTF_8);
            RecordHeaders headers = new RecordHeaders();
            headers.add("trace", new byte[] {(byte) n});
            input.pipeInput(new TestRecord<>(key(n), value, headers));
            assertThat(output.isEmpty()).as("no prediction for %s", e.getValue()).isTrue();
            TestRecord<byte[], byte[]> letter = deadLetters.readRecord();
            assertThat(letter.value()).isEqualTo(value);
            assertThat(letter.key()).isEqualTo(key(n));
            assertThat(letter.headers().lastHeader("trace").value()).containsExactly(n);
            String error = new String(letter.headers().lastHeader(DeadLetters.ERROR_HEADER).value(), StandardCharsets.UTF_8);
            assertThat(error).startsWith(e.getValue().label() + ": ");
            n++;
        }
        assertThat(topology.monitor("c").rejected(RejectReason.NON_FINITE)).isEqualTo(2);
        assertThat(topology.monitor("c").rejected()).isEqualTo(bad.size());
        // the application goes on: a good record after all of them is predicted
        input.pipeInput(key(99), "{\"id\": \"ok\", \"features\": [1, 2, 3], \"label\": \"b\"}".getBytes(StandardCharsets.UTF_8));
        JsonNode prediction = JSON.readTree(output.readValue());
        assertThat(prediction.get("label").asText()).isEqualTo("b");
        assertThat(prediction.get("predictions").get("logistic").get("probabilities").get("a").asDouble()).isEqualTo(0.5);
        assertThat(deadLetters.isEmpty()).isTrue();
    }

    @Test
    void aDeadLetterLongerThanTheLimitIsCutAndSaysHowLongItWas() throws Exception {
        start(TestPipelines.regression("p", 0.0), TopologyOptions.defaults().withMaxDeadLetterBytes(100));
        byte[] value = ("{\"id\": \"long\", \"features\": [1, 2], \"pad\": \"" + "y".repeat(300) + "\"}")
                .getBytes(StandardCharsets.UTF_8);
        input.pipeInput(key(1), value);
        TestRecord<byte[], byte[]> letter = deadLetters.readRecord();
        assertThat(letter.value()).isEqualTo(Arrays.copyOf(value, 100));
        assertThat(new String(letter.headers().lastHeader(DeadLetters.TRUNCATED_HEADER).value(), StandardCharsets.UTF_8))
                .isEqualTo(Integer.toString(value.length));
        byte[] shortOne = "nope".getBytes(StandardCharsets.UTF_8);
        input.pipeInput(key(2), shortOne);
        TestRecord<byte[], byte[]> whole = deadLetters.readRecord();
        assertThat(whole.value()).isEqualTo(shortOne);
        assertThat(whole.headers().lastHeader(DeadLetters.TRUNCATED_HEADER)).isNull();
    }

    @ParameterizedTest(name = "{0} input partition(s)")
    @ValueSource(ints = {1, 2})
    void exactlyOnePredictionPerInputInInputOrderWithKeysAndDefaultIds(int partitions) throws Exception {
        start(TestPipelines.regression("p", 0.2),
                TopologyOptions.defaults().withInputPartitions(Map.of("p.features", partitions)));
        List<String> expectedIds = new ArrayList<>();
        List<String> expectedKeys = new ArrayList<>();
        List<String> expectedLetterKeys = new ArrayList<>();
        for (int n = 0; n < 300; n++) {
            // every fourth record has no key; keys pass through unchanged, null included
            byte[] key = n % 4 == 0 ? null : key(n);
            if (n % 17 == 5) {
                input.pipeInput(key, ("{broken " + n).getBytes(StandardCharsets.UTF_8));
                expectedLetterKeys.add(key == null ? null : new String(key, StandardCharsets.UTF_8));
                continue;
            }
            if (n % 10 == 3) {
                // no id: <topic>-<partition>-<offset>
                input.pipeInput(key, String.format(Locale.ROOT, "{\"features\": [0.%d, 1, 2], \"label\": 1.5}", n)
                        .getBytes(StandardCharsets.UTF_8));
                expectedIds.add("p.features-0-" + n);
            } else {
                input.pipeInput(key, record("r" + n, new double[] {n / 300.0, 1, 2}, 1.0));
                expectedIds.add("r" + n);
            }
            expectedKeys.add(key == null ? null : new String(key, StandardCharsets.UTF_8));
        }
        List<String> ids = new ArrayList<>();
        List<String> keys = new ArrayList<>();
        for (TestRecord<byte[], byte[]> r : output.readRecordsToList()) {
            JsonNode p = JSON.readTree(r.value());
            ids.add(p.get("id").asText());
            keys.add(r.key() == null ? null : new String(r.key(), StandardCharsets.UTF_8));
            assertThat(r.headers().lastHeader(PipelineRouting.SOURCE_HEADER)).isNull();
            assertThat(r.headers().lastHeader(PipelineRouting.KEY_HEADER)).isNull();
        }
        assertThat(ids).isEqualTo(expectedIds);
        assertThat(keys).isEqualTo(expectedKeys);
        List<String> letterKeys = new ArrayList<>();
        for (TestRecord<byte[], byte[]> r : deadLetters.readRecordsToList()) {
            letterKeys.add(r.key() == null ? null : new String(r.key(), StandardCharsets.UTF_8));
            assertThat(r.headers().lastHeader(PipelineRouting.KEY_HEADER)).isNull();
        }
        assertThat(letterKeys).isEqualTo(expectedLetterKeys).contains((String) null);
        assertThat(driver.producedTopicNames().stream().anyMatch(t -> t.endsWith("-repartition")))
                .isEqualTo(partitions > 1);
    }

    @Test
    void largeModelsAreStoredInChunksAndReadBackIdentical() throws Exception {
        Map<String, Supplier<OnlineModel>> learners = new LinkedHashMap<>();
        learners.put("mlp", () -> Mlp.create(TestPipelines.mlpOptions(new int[] {64, 32}, 0)));
        start(TestPipelines.withLearners("big", learners), TopologyOptions.defaults().withChunkSize(4096));
        Random random = new Random(3);
        for (int n = 0; n < 40; n++) {
            input.pipeInput(key(n), record("r" + n, new double[] {random.nextGaussian(), 1, 2}, 1.0));
        }
        WorkingCopyStore<PipelineState> store = store();
        byte[] live = ModelCodec.toBytes(store.workingCopy().pipeline().model("mlp"));
        assertThat(live.length).isGreaterThan(3 * 4096);
        Bytes key = StateKeys.global("big").learner("mlp");
        assertThat(store.committedValues().get(key)).isEqualTo(live);
        // what a restart reads: a fresh working copy, loaded from the chunks
        store.clearCache();
        byte[] reloaded = ModelCodec.toBytes(store.workingCopy().pipeline().model("mlp"));
        assertThat(reloaded).isEqualTo(live);
        assertThat(Arrays.equals(reloaded, ModelCodec.toBytes(Mlp.create(TestPipelines.mlpOptions(new int[] {64, 32}, 0)))))
                .as("the model has learned").isFalse();
    }

    @SuppressWarnings("unchecked")
    private WorkingCopyStore<PipelineState> store() {
        return (WorkingCopyStore<PipelineState>) driver.getStateStore(pipeline.storeName());
    }

    private byte[] storedModel(String learner) {
        WorkingCopyStore<PipelineState> store = store();
        byte[] stored = store.committedValues().get(StateKeys.global(pipeline.name()).learner(learner));
        return stored == null ? new byte[0] : stored;
    }

    private static byte[] key(int n) {
        return ("k" + n).getBytes(StandardCharsets.UTF_8);
    }

    static byte[] record(String id, double[] x, double y) {
        return String.format(Locale.ROOT, "{\"id\": \"%s\", \"features\": [%s, %s, %s], \"label\": %s}",
                id, repr(x[0]), repr(x[1]), repr(x[2]), repr(y)).getBytes(StandardCharsets.UTF_8);
    }

    static byte[] unlabeledRecord(String id, double[] x) {
        return String.format(Locale.ROOT, "{\"id\": \"%s\", \"features\": [%s, %s, %s]}",
                id, repr(x[0]), repr(x[1]), repr(x[2])).getBytes(StandardCharsets.UTF_8);
    }

    private static String repr(double v) {
        return Double.toString(v);
    }
}
