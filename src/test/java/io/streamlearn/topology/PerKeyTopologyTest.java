package io.streamlearn.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.streamlearn.learn.ModelCodec;
import io.streamlearn.pipeline.LearningPipeline;
import io.streamlearn.pipeline.PipelineStateCodec;
import io.streamlearn.pipeline.StepResult;
import io.streamlearn.query.KeyAggregate;
import io.streamlearn.query.PipelineMonitor;
import io.streamlearn.record.RejectReason;
import io.streamlearn.spec.ScopeSpec;
import io.streamlearn.topology.store.ChunkedValues;
import io.streamlearn.topology.store.WorkingCopyStore;
import io.streamlearn.vector.FeatureVector;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
 * {@code scope: key} on Kafka Streams' test driver: one model set per record key under
 * {@code <pipeline>/key:<key>/...}, LRU eviction to the store and exact reload, TTL deletion.
 * Every key's predictions and models are checked against a replay of that key's records alone,
 * in order, through {@code PipelineBlueprint.newPipeline()}.
 */
class PerKeyTopologyTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long T0 = 1_764_000_000_000L;

    @TempDir
    Path stateDir;

    private TopologyTestDriver driver;
    private int drivers;
    private TestInputTopic<byte[], byte[]> input;
    private TestOutputTopic<byte[], byte[]> output;
    private TestOutputTopic<byte[], byte[]> deadLetters;
    private PipelineDefinition pipeline;
    private StreamlearnTopology topology;
    /** The per-key replay: each key's records alone, in order. */
    private final Map<String, LearningPipeline> reference = new HashMap<>();

    private void start(ScopeSpec scope, int inputPartitions) {
        pipeline = TestPipelines.regression("pk", 0.2).withScope(scope);
        topology = StreamlearnTopology.build(List.of(pipeline),
                TopologyOptions.defaults().withInputPartitions(Map.of("pk.features", inputPartitions)));
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        // a directory per driver: a test may start several
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.resolve("driver-" + drivers++).toString());
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        driver = new TopologyTestDriver(topology.topology(), props);
        input = driver.createInputTopic("pk.features", new ByteArraySerializer(), new ByteArraySerializer());
        output = driver.createOutputTopic("pk.predictions", new ByteArrayDeserializer(), new ByteArrayDeserializer());
        deadLetters = driver.createOutputTopic("pk.dlq", new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    @AfterEach
    void close() {
        if (driver != null) {
            driver.close();
        }
    }

    @Test
    void everyKeyLearnsOnItsOwnUnderItsScopeAndNothingIsRepartitioned() throws Exception {
        start(ScopeSpec.perKey(100, Duration.ZERO), 3);
        Random random = new Random(5);
        String[] keys = {"sensor-1", "sensor-2", "store/7 ü"};
        for (int n = 0; n < 150; n++) {
            String key = keys[random.nextInt(keys.length)];
            sendAndCheck(key, "r" + n, random, T0 + n);
        }
        for (String key : keys) {
            assertStoredEqualsReference(key);
        }
        assertThat(StateKeys.keyScope("store/7 ü".getBytes(StandardCharsets.UTF_8))).isEqualTo("key:store%2F7%20%C3%BC");
        assertThat(StateKeys.recordKey("key:store%2F7%20%C3%BC")).isEqualTo("store/7 ü".getBytes(StandardCharsets.UTF_8));
        assertThat(ByteBuffer.wrap(values().get(StateKeys.keyCount("pk"))).getLong()).isEqualTo(3);
        // nothing under the global scope, and no hop through a repartition topic
        assertThat(values().get(StateKeys.global("pk").learner("ridge"))).isNull();
        assertThat(driver.producedTopicNames()).noneMatch(t -> t.endsWith("-repartition"));
        driver.advanceWallClockTime(Duration.ofSeconds(2));
        PipelineMonitor monitor = topology.monitor("pk");
        assertThat(monitor.perKey()).isTrue();
        assertThat(monitor.keys()).isEqualTo(3);
        assertThat(monitor.cachedKeys()).isEqualTo(3);
        // the learner readings are over the keys: updates summed, losses averaged
        long updates = 0;
        for (LearningPipeline p : reference.values()) {
            updates += p.model("ridge").updates();
        }
        assertThat(monitor.learners().get(0).stats().updates()).isEqualTo(updates);
        assertThat(monitor.learners().get(0).stats().prequentialLoss()).isFinite();
    }

    @Test
    void aRecordWithoutKeyIsDeadLetteredAsMissingKey() throws Exception {
        start(ScopeSpec.perKey(10, Duration.ZERO), 1);
        byte[] value = StreamlearnTopologyTest.record("nokey", new double[] {1, 2, 3}, 1.0);
        input.pipeInput(null, value, T0);
        assertThat(output.isEmpty()).isTrue();
        TestRecord<byte[], byte[]> letter = deadLetters.readRecord();
        assertThat(letter.value()).isEqualTo(value);
        assertThat(new String(letter.headers().lastHeader(DeadLetters.ERROR_HEADER).value(), StandardCharsets.UTF_8))
                .startsWith("missing_key: ");
        assertThat(topology.monitor("pk").rejected(RejectReason.MISSING_KEY)).isEqualTo(1);
        // an empty key is a key
        input.pipeInput(new byte[0], value, T0 + 1);
        assertThat(JSON.readTree(output.readValue()).get("id").asText()).isEqualTo("nokey");
    }

    @Test
    void theLeastRecentlyUsedKeysAreEvictedToTheStoreAndReloadedByteForByte() throws Exception {
        start(ScopeSpec.perKey(2, Duration.ZERO), 1);
        Random random = new Random(9);
        for (int n = 0; n < 20; n++) {
            sendAndCheck(n % 2 == 0 ? "a" : "b", "r" + n, random, T0 + n);
        }
        byte[][] beforeEviction = live("a");
        // c makes three keys: a, the least recently used, goes to the store
        sendAndCheck("c", "r20", random, T0 + 20);
        assertThat(keyed().cached(key("a"))).isNull();
        assertThat(keyed().cached(key("b"))).isNotNull();
        assertThat(topology.monitor("pk").keysEvicted()).isEqualTo(1);
        assertThat(stored("a")).isEqualTo(beforeEviction);
        PipelineState reloaded = PipelineState.load(pipeline.blueprint(), StateKeys.forKey("pk", key("a")), values());
        assertThat(snapshot(reloaded)).isEqualTo(beforeEviction);
        // many rounds over five keys through two slots: every prediction is the per-key replay's
        for (int n = 21; n < 200; n++) {
            sendAndCheck(List.of("a", "b", "c", "d", "e").get(random.nextInt(5)), "r" + n, random, T0 + n);
        }
        assertThat(keyed().cachedKeys()).isEqualTo(2);
        assertThat(keyed().keys()).isEqualTo(5);
        assertThat(topology.monitor("pk").keysEvicted()).isGreaterThan(50);
        for (String k : List.of("a", "b", "c", "d", "e")) {
            assertStoredEqualsReference(k);
        }
    }

    @Test
    void aKeyIdleForLongerThanTheTtlIsDeletedAndStartsAfresh() throws Exception {
        start(ScopeSpec.perKey(2, Duration.ofSeconds(10)), 1);
        Random random = new Random(13);
        // a and b at the start; c and d later, so that a is evicted to the store and b stays in memory
        for (int n = 0; n < 10; n++) {
            sendAndCheck(n % 2 == 0 ? "a" : "b", "r" + n, random, T0 + n * 100);
        }
        sendAndCheck("c", "r10", random, T0 + 5_000);
        assertThat(keyed().cached(key("a"))).isNull();
        assertThat(stored("a")[0]).isNotNull();
        // stream time 12 s: a and b (last record at 0.9 s or before) are idle for more than 10 s
        sendAndCheck("d", "r11", random, T0 + 12_000);
        assertThat(topology.monitor("pk").keysExpired()).isEqualTo(2);
        for (String gone : List.of("a", "b")) {
            assertThat(stored(gone)).isEqualTo(new byte[3][]);
            StateKeys k = StateKeys.forKey("pk", key(gone));
            assertThat(values().get(k.seen())).isNull();
            assertThat(keyed().cached(key(gone))).isNull();
            reference.remove(gone);
        }
        assertThat(values().keys(StateKeys.seenIndexFrom("pk", 0), StateKeys.seenIndexFrom("pk", Long.MAX_VALUE), 100))
                .hasSize(2);
        assertThat(keyed().keys()).isEqualTo(2);
        // a comes back: a fresh model set
        JsonNode back = sendAndCheck("a", "r12", random, T0 + 12_500);
        assertThat(back.get("versions").get("ridge").asLong()).isZero();
        assertThat(keyed().keys()).isEqualTo(3);
        // c, in memory, idle for more than 10 s at its next record: deleted when it arrives (or swept
        // just before; either way it starts afresh)
        reference.remove("c");
        JsonNode c = sendAndCheck("c", "r13", random, T0 + 15_001);
        assertThat(c.get("versions").get("ridge").asLong()).isZero();
        assertThat(topology.monitor("pk").keysExpired()).isEqualTo(3);
        for (String k : List.of("a", "c", "d")) {
            assertStoredEqualsReference(k);
        }
    }

    @Test
    void aCommitWritesOnlyTheKeysThatTookARecordAndOnlyTheirChangedParts() throws Exception {
        start(ScopeSpec.perKey(100, Duration.ZERO), 1);
        TestOutputTopic<byte[], byte[]> changelog = driver.createOutputTopic("test-" + pipeline.storeName()
                + "-changelog", new ByteArrayDeserializer(), new ByteArrayDeserializer());
        Random random = new Random(17);
        for (int n = 0; n < 30; n++) {
            sendAndCheck(List.of("a", "b", "c").get(n % 3), "r" + n, random, T0 + n);
        }
        changelog.readRecordsToList();
        // the driver commits after each record: each commit writes the one key that took it
        for (int n = 30; n < 90; n++) {
            String key = List.of("a", "b", "c").get(random.nextInt(3));
            JsonNode prediction = sendAndCheck(key, "r" + n, random, T0 + n);
            List<String> written = changelog.readRecordsToList().stream()
                    .map(r -> new String(r.key(), StandardCharsets.UTF_8)).toList();
            // a training record changes the models and the evaluation; a holdout record only the evaluation.
            // Without a keyTtl, no last-record time and no index entry
            List<String> expected = prediction.get("split").asText().equals("train")
                    ? List.of("pk/key:" + key + "/learner/ridge", "pk/key:" + key + "/learner/mlp",
                        "pk/key:" + key + "/evaluation")
                    : List.of("pk/key:" + key + "/evaluation");
            assertThat(written).as("store writes of the commit after %s's record r%d", key, n).isEqualTo(expected);
        }
        assertThat(values().keys(StateKeys.seenIndexFrom("pk", 0), StateKeys.seenIndexFrom("pk", Long.MAX_VALUE), 100))
                .isEmpty();
        for (String k : List.of("a", "b", "c")) {
            assertThat(values().get(StateKeys.forKey("pk", key(k)).seen())).isNull();
            assertStoredEqualsReference(k);
        }
    }

    @Test
    void keysEvictedAndReloadedAtEveryRecordEqualKeysKeptInMemoryByteForByte() throws Exception {
        // the same records through one key in memory (every other key in the store) and through all in memory
        List<byte[]> outputs = new java.util.ArrayList<>();
        List<byte[][]> states = new java.util.ArrayList<>();
        for (int maxKeys : new int[] {1, 100}) {
            start(ScopeSpec.perKey(maxKeys, Duration.ZERO), 1);
            Random random = new Random(23);
            for (int n = 0; n < 120; n++) {
                String key = "k" + random.nextInt(6);
                input.pipeInput(key(key), StreamlearnTopologyTest.record("r" + n,
                        new double[] {random.nextGaussian(), random.nextGaussian(), random.nextGaussian()}, n % 5),
                        T0 + n);
                outputs.add(output.readRecord().value());
            }
            assertThat(keyed().keys()).isEqualTo(6);
            for (int k = 0; k < 6; k++) {
                states.add(stored("k" + k));
            }
            driver.close();
            driver = null;
        }
        assertThat(outputs.subList(0, 120)).containsExactlyElementsOf(outputs.subList(120, 240));
        for (int k = 0; k < 6; k++) {
            assertThat(states.get(k)).as("k%d", k).isEqualTo(states.get(6 + k));
        }
    }

    @Test
    void theReadingsOverKeysKeptByTheKeysThatChangedEqualARecomputationOverTheKeysInMemory() throws Exception {
        // 20 keys through 8 slots, idle keys expiring after 3 s: keys join, change, leave and come back
        start(ScopeSpec.perKey(8, Duration.ofSeconds(3)), 1);
        Random random = new Random(21);
        List<String> keys = new java.util.ArrayList<>();
        for (int k = 0; k < 20; k++) {
            keys.add("k" + k);
        }
        PipelineMonitor monitor = topology.monitor("pk");
        for (int n = 0; n < 600; n++) {
            // the first 10 keys often, the others seldom: some stay in memory, some are evicted or expire
            String key = keys.get(random.nextInt(4) == 0 ? 10 + random.nextInt(10) : random.nextInt(10));
            input.pipeInput(key(key), StreamlearnTopologyTest.record("r" + n,
                    new double[] {random.nextGaussian(), random.nextGaussian(), random.nextGaussian()}, n % 7),
                    T0 + n * 50L);
            output.readRecord();
            if (n % 13 == 0) {
                driver.advanceWallClockTime(Duration.ofMillis(1_100));
                assertReadingsEqualARecomputation(monitor, keys);
            }
        }
        assertThat(topology.monitor("pk").keysEvicted()).isPositive();
        assertThat(topology.monitor("pk").keysExpired()).isPositive();
    }

    /**
     * The published learner readings equal those added afresh over every key in memory: counts
     * exactly, means to a relative 1e-12 (the incremental sums differ from a fresh sum only by the
     * rounding of their additions and subtractions).
     */
    private void assertReadingsEqualARecomputation(PipelineMonitor monitor, List<String> keys) {
        KeyAggregate full = new KeyAggregate(pipeline.blueprint().learnerNames());
        for (String k : keys) {
            PipelineState cached = keyed().cached(key(k));
            if (cached != null) {
                full.add(cached.pipeline());
            }
        }
        assertThat(monitor.cachedKeys()).isEqualTo(full.keys());
        List<PipelineMonitor.LearnerSnapshot> expected = full.snapshots();
        List<PipelineMonitor.LearnerSnapshot> published = monitor.learners();
        assertThat(published).hasSameSizeAs(expected);
        for (int i = 0; i < expected.size(); i++) {
            PipelineMonitor.LearnerSnapshot e = expected.get(i);
            PipelineMonitor.LearnerSnapshot p = published.get(i);
            assertThat(p.stats().updates()).isEqualTo(e.stats().updates());
            assertThat(p.stats().rejectedSteps()).isEqualTo(e.stats().rejectedSteps());
            assertThat(p.nonZeroWeights()).isEqualTo(e.nonZeroWeights());
            assertThat(p.weightCount()).isEqualTo(e.weightCount());
            assertThat(p.clippedSteps()).isEqualTo(e.clippedSteps());
            double[] want = {e.stats().prequentialLoss(), e.stats().trainLoss(), e.stats().holdoutLoss(), e.stats().gap(),
                e.weightsL1(), e.weightsL2(), e.lastGradientNorm()};
            double[] got = {p.stats().prequentialLoss(), p.stats().trainLoss(), p.stats().holdoutLoss(), p.stats().gap(),
                p.weightsL1(), p.weightsL2(), p.lastGradientNorm()};
            for (int f = 0; f < want.length; f++) {
                if (Double.isNaN(want[f])) {
                    assertThat(got[f]).as("reading %d of %s", f, e.learner()).isNaN();
                } else {
                    assertThat(got[f]).as("reading %d of %s", f, e.learner())
                            .isCloseTo(want[f], within(1e-12 * Math.max(1, Math.abs(want[f]))));
                }
            }
        }
    }

    /** Sends a labeled record for {@code key}, checks its prediction against the key's replay, returns it. */
    private JsonNode sendAndCheck(String key, String id, Random random, long timestamp) throws Exception {
        double[] x = {random.nextGaussian(), random.nextGaussian(), random.nextGaussian()};
        double y = 2 * x[0] - x[1] + 0.5 + key.length();
        input.pipeInput(key(key), StreamlearnTopologyTest.record(id, x, y), timestamp);
        TestRecord<byte[], byte[]> out = output.readRecord();
        assertThat(out.key()).isEqualTo(key(key));
        JsonNode prediction = JSON.readTree(out.value());
        LearningPipeline replay = reference.computeIfAbsent(key, k -> pipeline.blueprint().newPipeline());
        StepResult step = replay.process(id, FeatureVector.dense(x), y);
        assertThat(prediction.get("predictions").get("ridge").asDouble()).as("ridge for %s", id).isEqualTo(step.prediction(0)[0]);
        assertThat(prediction.get("predictions").get("mlp").asDouble()).as("mlp for %s", id).isEqualTo(step.prediction(1)[0]);
        assertThat(prediction.get("split").asText()).isEqualTo(step.split().label());
        return prediction;
    }

    /**
     * The key's committed state, as a reload reads it, equals its replay's, byte for byte (a model
     * never trained is not written: the reload makes it fresh).
     */
    private void assertStoredEqualsReference(String key) {
        LearningPipeline replay = reference.get(key);
        PipelineState reloaded = PipelineState.load(pipeline.blueprint(), StateKeys.forKey("pk", key(key)), values());
        assertThat(snapshot(reloaded)).as("key %s", key).isEqualTo(new byte[][] {
            ModelCodec.toBytes(replay.model("ridge")), ModelCodec.toBytes(replay.model("mlp")), PipelineStateCodec.write(replay)});
    }

    private byte[][] stored(String key) {
        StateKeys k = StateKeys.forKey("pk", key(key));
        return new byte[][] {values().get(k.learner("ridge")), values().get(k.learner("mlp")), values().get(k.evaluation())};
    }

    private byte[][] live(String key) {
        return snapshot(keyed().cached(key(key)));
    }

    private static byte[][] snapshot(PipelineState s) {
        return new byte[][] {ModelCodec.toBytes(s.pipeline().model("ridge")), ModelCodec.toBytes(s.pipeline().model("mlp")),
            PipelineStateCodec.write(s.pipeline())};
    }

    @SuppressWarnings("unchecked")
    private WorkingCopyStore<KeyedStates> store() {
        return (WorkingCopyStore<KeyedStates>) driver.getStateStore(pipeline.storeName());
    }

    private KeyedStates keyed() {
        return store().workingCopy();
    }

    private ChunkedValues values() {
        return store().committedValues();
    }

    private static byte[] key(String k) {
        return k.getBytes(StandardCharsets.UTF_8);
    }
}
