package io.streamlearn.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.streamlearn.learn.LinearModel;
import io.streamlearn.learn.ModelCodec;
import io.streamlearn.learn.OnlineModel;
import io.streamlearn.pipeline.LabelOutcome;
import io.streamlearn.pipeline.Split;
import io.streamlearn.query.PipelineMonitor;
import io.streamlearn.spec.LabelsSpec;
import io.streamlearn.topology.store.WorkingCopyStore;
import io.streamlearn.vector.FeatureVector;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.Random;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Delayed labels on Kafka Streams' test driver: unlabeled feature records predicted and kept, label
 * records joined to them (trained on as if labeled then), and every other outcome of a label:
 * expired, unknown_id, duplicate, invalid, early (label first), over maxPending.
 */
class DelayedLabelsTopologyTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String LABELS = "p.labels";

    @TempDir
    Path stateDir;

    private TopologyTestDriver driver;
    private TestInputTopic<byte[], byte[]> features;
    private TestInputTopic<byte[], byte[]> labels;
    private TestOutputTopic<byte[], byte[]> output;
    private TestOutputTopic<byte[], byte[]> deadLetters;
    private PipelineDefinition pipeline;
    private PipelineMonitor monitor;

    private void start(LabelsSpec spec) {
        pipeline = TestPipelines.regression("p", 0.0).withLabels(spec);
        StreamlearnTopology topology = StreamlearnTopology.build(List.of(pipeline), TopologyOptions.defaults());
        monitor = topology.monitor("p");
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        driver = new TopologyTestDriver(topology.topology(), props);
        features = driver.createInputTopic(pipeline.input().name(), new ByteArraySerializer(), new ByteArraySerializer());
        labels = driver.createInputTopic(LABELS, new ByteArraySerializer(), new ByteArraySerializer());
        output = driver.createOutputTopic(pipeline.output().name(), new ByteArrayDeserializer(), new ByteArrayDeserializer());
        deadLetters = driver.createOutputTopic(pipeline.deadLetter().name(), new ByteArrayDeserializer(),
                new ByteArrayDeserializer());
    }

    private static LabelsSpec spec() {
        return new LabelsSpec(LABELS, Duration.ofMinutes(10), 1000, Duration.ofMinutes(1), 1000);
    }

    @AfterEach
    void close() {
        if (driver != null) {
            driver.close();
        }
    }

    @Test
    void labelsJoinTheirRecordsAndTrainOnThePredictionMadeThen() throws Exception {
        start(spec());
        OnlineModel shadow = LinearModel.create(TestPipelines.ridgeOptions());
        double[] out = new double[1];
        Random random = new Random(3);
        List<double[]> xs = new ArrayList<>();
        for (int n = 0; n < 40; n++) {
            double[] x = {random.nextGaussian(), random.nextGaussian(), random.nextGaussian()};
            xs.add(x);
            features.pipeInput(key(n), StreamlearnTopologyTest.unlabeledRecord("r" + n, x), 1000L * n);
            JsonNode prediction = JSON.readTree(output.readValue());
            assertThat(prediction.get("split").asText()).isEqualTo("unlabeled");
            assertThat(prediction.has("label")).isFalse();
            // labels of r0..r(n-5) have come by now: the model trained on them, in label order
            shadow.predict(FeatureVector.dense(x), out);
            assertThat(prediction.get("predictions").get("ridge").asDouble()).isCloseTo(out[0], within(1e-12));
            if (n >= 4) {
                int labeled = n - 4;
                labels.pipeInput(key(labeled), label("r" + labeled, y(xs.get(labeled))), 1000L * n + 500);
                shadow.train(FeatureVector.dense(xs.get(labeled)), y(xs.get(labeled)));
            }
        }
        assertThat(output.isEmpty()).isTrue();
        assertThat(deadLetters.isEmpty()).isTrue();
        assertThat(monitor.labels(LabelOutcome.JOINED)).isEqualTo(36);
        assertThat(monitor.records(Split.TRAIN)).isEqualTo(36);
        assertThat(storedModel("ridge")).isEqualTo(ModelCodec.toBytes(shadow));
        // the prequential loss is that of the predictions made then: before training on the 4 records in between
        assertThat(monitor.labels(LabelOutcome.EXPIRED)).isZero();
    }

    @Test
    void aSecondLabelIsADuplicateAndABadOneIsInvalid() throws Exception {
        start(spec());
        features.pipeInput(key(0), StreamlearnTopologyTest.unlabeledRecord("r0", new double[] {1, 2, 3}), 0L);
        labels.pipeInput(key(0), label("r0", 1.0), 10L);
        labels.pipeInput(key(1), label("r0", 2.0), 20L);
        labels.pipeInput(key(2), "not json".getBytes(StandardCharsets.UTF_8), 30L);
        labels.pipeInput(key(3), "{\"label\": 1.0}".getBytes(StandardCharsets.UTF_8), 40L);
        labels.pipeInput(key(4), "{\"id\": \"r0\"}".getBytes(StandardCharsets.UTF_8), 50L);
        List<TestRecord<byte[], byte[]>> dead = deadLetters.readRecordsToList();
        assertThat(dead).extracting(DelayedLabelsTopologyTest::error)
                .satisfiesExactly(
                        e -> assertThat(e).startsWith("duplicate: "),
                        e -> assertThat(e).startsWith("invalid: not_json"),
                        e -> assertThat(e).startsWith("invalid: invalid_record").contains("'id'"),
                        e -> assertThat(e).startsWith("invalid: invalid_record").contains("'label'"));
        assertThat(new String(dead.get(0).value(), StandardCharsets.UTF_8)).isEqualTo("{\"id\": \"r0\", \"label\": 2.0}");
        assertThat(dead.get(0).key()).isEqualTo(key(1));
        assertThat(dead.get(0).headers().lastHeader(PipelineRouting.KIND_HEADER)).isNull();
        assertThat(monitor.labels(LabelOutcome.JOINED)).isEqualTo(1);
        assertThat(monitor.labels(LabelOutcome.DUPLICATE)).isEqualTo(1);
        assertThat(monitor.labels(LabelOutcome.INVALID)).isEqualTo(3);
        assertThat(monitor.rejected()).as("label outcomes are not counted as rejected records").isZero();
    }

    @Test
    void aRecordPastTheTimeoutExpiresAndItsLateLabelIsUnknown() throws Exception {
        start(spec());
        long minute = 60_000;
        features.pipeInput(key(0), StreamlearnTopologyTest.unlabeledRecord("r0", new double[] {1, 2, 3}), 0L);
        features.pipeInput(key(1), StreamlearnTopologyTest.unlabeledRecord("r1", new double[] {1, 2, 3}), 10 * minute);
        assertThat(monitor.labels(LabelOutcome.EXPIRED)).as("exactly 10 minutes old: not past the timeout").isZero();
        features.pipeInput(key(2), StreamlearnTopologyTest.unlabeledRecord("r2", new double[] {1, 2, 3}), 10 * minute + 1);
        assertThat(monitor.labels(LabelOutcome.EXPIRED)).isEqualTo(1);
        assertThat(monitor.records(Split.UNLABELED)).as("an expired record counts as unlabeled").isEqualTo(1);
        labels.pipeInput(key(3), label("r0", 1.0), 10 * minute + 2);
        labels.pipeInput(key(4), label("r1", 1.0), 10 * minute + 3);
        assertThat(monitor.labels(LabelOutcome.JOINED)).isEqualTo(1);
        assertThat(deadLetters.isEmpty()).as("r0's label waits earlyWait for its record").isTrue();
        features.pipeInput(key(5), StreamlearnTopologyTest.unlabeledRecord("r5", new double[] {1, 2, 3}), 12 * minute);
        TestRecord<byte[], byte[]> dead = deadLetters.readRecord();
        assertThat(error(dead)).startsWith("unknown_id: ");
        assertThat(dead.key()).isEqualTo(key(3));
        assertThat(monitor.labels(LabelOutcome.UNKNOWN_ID)).isEqualTo(1);
        assertThat(deadLetters.isEmpty()).isTrue();
    }

    @Test
    void aLabelThatComesFirstWaitsForItsRecord() throws Exception {
        start(spec());
        OnlineModel shadow = LinearModel.create(TestPipelines.ridgeOptions());
        double[] x = {0.5, -1, 2};
        labels.pipeInput(key(0), label("r0", 3.0), 0L);
        assertThat(storedModel("ridge")).isEmpty();
        features.pipeInput(key(1), StreamlearnTopologyTest.unlabeledRecord("r0", x), 5_000L);
        JsonNode prediction = JSON.readTree(output.readValue());
        double[] out = new double[1];
        shadow.predict(FeatureVector.dense(x), out);
        assertThat(prediction.get("predictions").get("ridge").asDouble()).isCloseTo(out[0], within(1e-12));
        shadow.train(FeatureVector.dense(x), 3.0);
        assertThat(storedModel("ridge")).isEqualTo(ModelCodec.toBytes(shadow));
        assertThat(monitor.labels(LabelOutcome.JOINED)).isEqualTo(1);
        labels.pipeInput(key(2), label("r0", 3.0), 6_000L);
        assertThat(error(deadLetters.readRecord())).startsWith("duplicate: ");
    }

    @Test
    void overMaxPendingTheOldestRecordsExpireFirst() throws Exception {
        start(new LabelsSpec(LABELS, Duration.ofMinutes(10), 3, Duration.ofMillis(100), 2));
        for (int n = 0; n < 5; n++) {
            features.pipeInput(key(n), StreamlearnTopologyTest.unlabeledRecord("r" + n, new double[] {n, 1, 2}), n);
        }
        assertThat(monitor.labels(LabelOutcome.EXPIRED)).isEqualTo(2);
        for (int n = 4; n >= 0; n--) {
            labels.pipeInput(key(n), label("r" + n, 1.0), 10L);
        }
        assertThat(monitor.labels(LabelOutcome.JOINED)).isEqualTo(3);
        // r1 and r0 wait as early labels (at most 2), then are unknown after earlyWait
        assertThat(deadLetters.isEmpty()).isTrue();
        labels.pipeInput(key(9), label("r9", 1.0), 10L);
        assertThat(error(deadLetters.readRecord())).as("over maxEarly the oldest early label goes").startsWith("unknown_id: ");
        features.pipeInput(key(5), StreamlearnTopologyTest.unlabeledRecord("r5", new double[] {5, 1, 2}), 1_000L);
        assertThat(deadLetters.readRecordsToList()).hasSize(2);
        assertThat(monitor.labels(LabelOutcome.UNKNOWN_ID)).isEqualTo(3);
    }

    @Test
    void aLateRecordOlderThanEveryPendingOneIsTheOldestEvenAfterEvictions() throws Exception {
        // the oldest is looked up from a floor that the first eviction sets (PendingLabels); a record
        // with an older timestamp, coming later, must lower it, or the next eviction takes r101
        start(new LabelsSpec(LABELS, Duration.ofMinutes(10), 2, Duration.ofMinutes(1), 10));
        for (int n = 100; n <= 102; n++) {
            features.pipeInput(key(n), StreamlearnTopologyTest.unlabeledRecord("r" + n, new double[] {n, 1, 2}), n);
        }
        assertThat(monitor.labels(LabelOutcome.EXPIRED)).as("r100, over maxPending").isEqualTo(1);
        features.pipeInput(key(50), StreamlearnTopologyTest.unlabeledRecord("r50", new double[] {50, 1, 2}), 50L);
        assertThat(monitor.labels(LabelOutcome.EXPIRED)).as("r50, the oldest now").isEqualTo(2);
        labels.pipeInput(key(1), label("r101", 1.0), 103L);
        labels.pipeInput(key(2), label("r102", 1.0), 104L);
        assertThat(monitor.labels(LabelOutcome.JOINED)).as("r101 and r102 were kept").isEqualTo(2);
        assertThat(deadLetters.isEmpty()).isTrue();
    }

    @Test
    void aRecordWithItsLabelInsideLearnsAsWithoutALabelTopic() throws Exception {
        start(spec());
        OnlineModel shadow = LinearModel.create(TestPipelines.ridgeOptions());
        Random random = new Random(5);
        for (int n = 0; n < 20; n++) {
            double[] x = {random.nextGaussian(), random.nextGaussian(), random.nextGaussian()};
            features.pipeInput(key(n), StreamlearnTopologyTest.record("r" + n, x, y(x)), n);
            assertThat(JSON.readTree(output.readValue()).get("split").asText()).isEqualTo("train");
            shadow.train(FeatureVector.dense(x), y(x));
        }
        assertThat(storedModel("ridge")).isEqualTo(ModelCodec.toBytes(shadow));
        assertThat(deadLetters.isEmpty()).isTrue();
        assertThat(monitor.labels(LabelOutcome.JOINED)).isZero();
    }

    private static double y(double[] x) {
        return 2 * x[0] - x[1] + 0.5;
    }

    private static String error(TestRecord<byte[], byte[]> r) {
        var h = r.headers().lastHeader(DeadLetters.ERROR_HEADER);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    @SuppressWarnings("unchecked")
    private byte[] storedModel(String learner) {
        WorkingCopyStore<PipelineState> store = (WorkingCopyStore<PipelineState>) driver.getStateStore(pipeline.storeName());
        byte[] stored = store.committedValues().get(StateKeys.global(pipeline.name()).learner(learner));
        return stored == null ? new byte[0] : stored;
    }

    private static byte[] key(int n) {
        return ("k" + n).getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] label(String id, double y) {
        return String.format(Locale.ROOT, "{\"id\": \"%s\", \"label\": %s}", id, y).getBytes(StandardCharsets.UTF_8);
    }
}
