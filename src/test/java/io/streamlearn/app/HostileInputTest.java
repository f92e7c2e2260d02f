package io.streamlearn.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.streamlearn.app.HostileCorpus.Kind;
import io.streamlearn.app.HostileCorpus.Slot;
import io.streamlearn.learn.ModelCodec;
import io.streamlearn.pipeline.PipelineBlueprint;
import io.streamlearn.query.PipelineMonitor;
import io.streamlearn.record.RejectReason;
import io.streamlearn.topology.DeadLetters;
import io.streamlearn.topology.PipelineDefinition;
import io.streamlearn.topology.PipelineState;
import io.streamlearn.topology.StreamlearnTopology;
import io.streamlearn.topology.TopologyOptions;
import io.streamlearn.topology.store.WorkingCopyStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Hostile input on the test driver: 1,000 records of each of 13 kinds of bad record mixed into a
 * valid friedman1 stream of a regression pipeline, and 1,000 of unknown class (with 100 of each
 * other kind) into that of a classification pipeline. Each one is dead-lettered with its original bytes and its reason and
 * counted by reason, the stream goes on, no weight becomes non-finite, and the models (and the
 * evaluation state) end bit-identical to those of the same stream without the garbage.
 */
class HostileInputTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int VALID = 1_500;
    private static final int PER_KIND = 1_000;
    /**
     * Every kind but unknown class was already sent 1,000 times to the regression pipeline; 100 of
     * each keep the classification run short (the test driver commits after every record, about
     * 3 ms each here).
     */
    private static final int PER_OTHER_KIND_IN_CLASSIFICATION = 100;

    @TempDir
    Path cleanDir;
    @TempDir
    Path hostileDir;

    @ParameterizedTest(name = "classification: {0}")
    @ValueSource(booleans = {false, true})
    void everyBadRecordIsDeadLetteredWithItsReasonAndTheModelsAreThoseOfTheCleanStream(boolean classification)
            throws Exception {
        PipelineDefinition pipeline = classification ? HostilePipelines.classification("h") : HostilePipelines.regression("h");
        List<byte[]> valid = HostilePipelines.validRecords(VALID, classification, 5);

        List<byte[]> clean;
        try (Run run = new Run(pipeline, cleanDir)) {
            for (byte[] v : valid) {
                run.input.pipeInput(v);
            }
            assertThat(run.output.getQueueSize()).isEqualTo(VALID);
            assertThat(run.deadLetters.isEmpty()).isTrue();
            clean = HostilePipelines.snapshot(run.state(), pipeline);
        }

        HostileCorpus corpus = new HostileCorpus(HostilePipelines.DIMENSION, 11);
        List<Slot> slots = corpus.mix(VALID, k -> count(k, classification));
        Map<Kind, Integer> letters = new EnumMap<>(Kind.class);
        Set<String> predictedIds = new HashSet<>();
        try (Run run = new Run(pipeline, hostileDir)) {
            for (Slot slot : slots) {
                if (!slot.bad()) {
                    run.input.pipeInput(valid.get(slot.valid()));
                    String id = JSON.readTree(run.output.readValue()).get("id").asText();
                    assertThat(predictedIds.add(id)).as("one prediction for %s", id).isTrue();
                    assertThat(run.deadLetters.isEmpty()).isTrue();
                    continue;
                }
                byte[] value = corpus.record(slot.kind(), slot.n());
                run.input.pipeInput(value);
                assertThat(run.output.isEmpty()).as("no prediction for %s #%d", slot.kind(), slot.n()).isTrue();
                TestRecord<byte[], byte[]> letter = run.deadLetters.readRecord();
                assertThat(letter.value()).as("original bytes of %s #%d", slot.kind(), slot.n()).isEqualTo(value);
                String error = new String(letter.headers().lastHeader(DeadLetters.ERROR_HEADER).value(), StandardCharsets.UTF_8);
                assertThat(error).as("%s #%d", slot.kind(), slot.n()).startsWith(slot.kind().reason.label() + ": ");
                assertThat(run.deadLetters.isEmpty()).isTrue();
                letters.merge(slot.kind(), 1, Integer::sum);
            }
            assertThat(predictedIds).hasSize(VALID);
            for (Kind k : Kind.values()) {
                assertThat(letters.getOrDefault(k, 0)).as("dead letters of %s", k).isEqualTo(count(k, classification));
            }
            PipelineMonitor monitor = run.topology.monitor(pipeline.name());
            Map<RejectReason, Long> expected = new EnumMap<>(RejectReason.class);
            for (Kind k : Kind.values()) {
                expected.merge(k.reason, (long) count(k, classification), Long::sum);
            }
            for (RejectReason r : RejectReason.values()) {
                assertThat(monitor.rejected(r)).as("counted as %s", r.label()).isEqualTo(expected.getOrDefault(r, 0L));
            }
            assertThat(monitor.processed()).isEqualTo(VALID);
            assertThat(HostilePipelines.allWeightsFinite(run.state())).isTrue();
            List<byte[]> hostile = HostilePipelines.snapshot(run.state(), pipeline);
            for (int i = 0; i < clean.size(); i++) {
                String part = i < pipeline.learnerNames().size() ? pipeline.learnerNames().get(i) : "evaluation state";
                assertThat(hostile.get(i)).as(part).isEqualTo(clean.get(i));
            }
        }
    }

    /**
     * The last line of defence, past the magnitude limit (raised here so that 1e308 gets through):
     * a learner whose step would be non-finite refuses it and keeps its model byte for byte; the
     * record is predicted and also dead-lettered as {@code non_finite_update}. The other parts
     * have used it, which is why validation refuses such values first (docs/guarantees.md).
     */
    @Test
    void aStepALearnerRefusesLeavesThatLearnerUnchangedAndIsDeadLettered() throws Exception {
        PipelineDefinition p = HostilePipelines.regression("guard");
        PipelineDefinition lax = p.withBlueprint(new PipelineBlueprint(p.name(),
                p.schema().withLimits(p.schema().limits().withMaxAbsValue(Double.MAX_VALUE)), false,
                p.blueprint().settings(), p.blueprint().learners()));
        try (Run run = new Run(lax, hostileDir)) {
            for (byte[] v : HostilePipelines.validRecords(100, false, 3)) {
                run.input.pipeInput(v);
            }
            run.output.readValuesToList();
            byte[] ridge = ModelCodec.toBytes(run.state().pipeline().model("ridge"));
            byte[] huge = ("{\"id\": \"huge\", \"features\": [1e308, 1e308, 1e308, 1e308, 1e308, 1e308, 1e308, 1e308, 1e308, 1e308],"
                    + " \"label\": -1e308}").getBytes(StandardCharsets.UTF_8);
            run.input.pipeInput(huge);
            assertThat(JSON.readTree(run.output.readValue()).get("id").asText()).isEqualTo("huge");
            TestRecord<byte[], byte[]> letter = run.deadLetters.readRecord();
            assertThat(letter.value()).isEqualTo(huge);
            assertThat(new String(letter.headers().lastHeader(DeadLetters.ERROR_HEADER).value(), StandardCharsets.UTF_8))
                    .startsWith("non_finite_update: ridge: ");
            assertThat(ModelCodec.toBytes(run.state().pipeline().model("ridge"))).isEqualTo(ridge);
            assertThat(HostilePipelines.allWeightsFinite(run.state())).isTrue();
            assertThat(run.topology.monitor(lax.name()).rejected(RejectReason.NON_FINITE_UPDATE)).isEqualTo(1);
        }
    }

    private static int count(Kind kind, boolean classification) {
        if (!kind.appliesTo(classification)) {
            return 0;
        }
        return !classification || kind == Kind.UNKNOWN_CLASS ? PER_KIND : PER_OTHER_KIND_IN_CLASSIFICATION;
    }

    /** One topology on the test driver, with its topics. */
    private static final class Run implements AutoCloseable {
        final StreamlearnTopology topology;
        final TopologyTestDriver driver;
        final TestInputTopic<byte[], byte[]> input;
        final TestOutputTopic<byte[], byte[]> output;
        final TestOutputTopic<byte[], byte[]> deadLetters;
        final PipelineDefinition pipeline;

        Run(PipelineDefinition pipeline, Path stateDir) {
            this.pipeline = pipeline;
            topology = StreamlearnTopology.build(List.of(pipeline), TopologyOptions.defaults());
            Properties props = new Properties();
            props.put(StreamsConfig.APPLICATION_ID_CONFIG, "hostile");
            props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
            props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
            props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
            driver = new TopologyTestDriver(topology.topology(), props);
            input = driver.createInputTopic(pipeline.input().name(), new ByteArraySerializer(), new ByteArraySerializer());
            output = driver.createOutputTopic(pipeline.output().name(), new ByteArrayDeserializer(), new ByteArrayDeserializer());
            deadLetters = driver.createOutputTopic(pipeline.deadLetter().name(), new ByteArrayDeserializer(),
                    new ByteArrayDeserializer());
        }

        @SuppressWarnings("unchecked")
        PipelineState state() {
            return ((WorkingCopyStore<PipelineState>) driver.getStateStore(pipeline.storeName())).workingCopy();
        }

        @Override
        public void close() {
            driver.close();
        }
    }
}
