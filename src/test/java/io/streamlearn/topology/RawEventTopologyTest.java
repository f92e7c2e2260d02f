package io.streamlearn.topology;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.streamlearn.feed.dataset.Datasets;
import io.streamlearn.learn.ModelCodec;
import io.streamlearn.pipeline.LearningPipeline;
import io.streamlearn.pipeline.PipelineStateCodec;
import io.streamlearn.query.ModelJson;
import io.streamlearn.spec.SpecParser;
import io.streamlearn.spec.TopologySpec;
import io.streamlearn.testing.PaymentsSpec;
import io.streamlearn.topology.store.WorkingCopyStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Raw events through the topology (issue 26): {@code topologies/payments.yaml}'s events in (hashed
 * blocks narrowed so the MLP's dense first-layer step stays cheap), a prediction per event out
 * with the event's id, label and timestamp; a string where a number is dead-lettered
 * {@code wrong_type} with its header and the original bytes; and what a restart reads from the
 * committed store (models, pipeline state, encoder) predicts the next event exactly as the live
 * working copy does.
 */
class RawEventTopologyTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int EVENTS = 300;

    @TempDir
    Path stateDir;

    @Test
    void rawEventsArePredictedBadOnesDeadLetteredAndTheStoredStateContinuesExactly() throws Exception {
        PipelineDefinition p = PipelineDefinition.of(PaymentsSpec.narrow());
        try (TopologyTestDriver live = driver(p, "live"); TopologyTestDriver restarted = driver(p, "restarted")) {
            TestInputTopic<byte[], byte[]> liveIn = input(live, p);
            TestInputTopic<byte[], byte[]> restartedIn = input(restarted, p);
            TestOutputTopic<byte[], byte[]> liveOut = output(live, p.output().name());
            TestOutputTopic<byte[], byte[]> restartedOut = output(restarted, p.output().name());
            Iterator<byte[]> events = Datasets.events("payments", 11);
            for (int n = 0; n < EVENTS; n++) {
                byte[] event = events.next();
                liveIn.pipeInput(null, event);
                restartedIn.pipeInput(null, event);
                byte[] prediction = liveOut.readValue();
                assertThat(restartedOut.readValue()).isEqualTo(prediction);
                JsonNode json = JSON.readTree(prediction);
                JsonNode source = JSON.readTree(event);
                assertThat(json.get("id").asText()).isEqualTo(source.get("order_id").asText());
                assertThat(json.get("predictions").get("logistic").get("probabilities").get("1").asDouble()).isStrictlyBetween(0.0, 1.0);
                assertThat(json.get("label").asText()).isEqualTo(source.get("is_fraud").asText());
                assertThat(json.get("timestamp").asLong()).isEqualTo(source.get("ts").asLong());
                assertThat(json.get("predictions").has("mlp")).isTrue();
                if (n == 0) {
                    System.out.println("event:      " + new String(event, StandardCharsets.UTF_8));
                    System.out.println("prediction: " + new String(prediction, StandardCharsets.UTF_8));
                }
            }

            byte[] bad = "{\"order_id\": \"bad-1\", \"amount\": \"12.50\", \"country\": \"DE\", \"is_fraud\": 0}"
                    .getBytes(StandardCharsets.UTF_8);
            byte[] before = PipelineStateCodec.write(store(live, p).workingCopy().pipeline());
            liveIn.pipeInput("k".getBytes(StandardCharsets.UTF_8), bad);
            assertThat(liveOut.isEmpty()).as("no prediction for a dead letter").isTrue();
            TestRecord<byte[], byte[]> dead = output(live, p.deadLetter().name()).readRecord();
            assertThat(dead.value()).isEqualTo(bad);
            Header error = dead.headers().lastHeader(DeadLetters.ERROR_HEADER);
            assertThat(new String(error.value(), StandardCharsets.UTF_8)).startsWith("wrong_type: ").contains("amount");
            assertThat(PipelineStateCodec.write(store(live, p).workingCopy().pipeline()))
                    .as("a dead letter changes nothing").isEqualTo(before);

            // what a restart reads: a fresh working copy, loaded from the committed values
            WorkingCopyStore<PipelineState> store = store(restarted, p);
            LearningPipeline was = store.workingCopy().pipeline();
            byte[] state = PipelineStateCodec.write(was);
            byte[] mlp = ModelCodec.toBytes(was.model("mlp"));
            int countries = was.events().encoder().vocabularySize(3);
            var logisticView = ModelJson.describe(was, "logistic", List.of(), p.schema().classes(), ModelJson.MAX_TOP);
            assertThat(logisticView.get("hashed").size()).isPositive();
            assertThat(countries).isGreaterThan(5);
            store.clearCache();
            LearningPipeline reloaded = store.workingCopy().pipeline();
            assertThat(reloaded).isNotSameAs(was);
            assertThat(reloaded.events().encoder().vocabularySize(3)).isEqualTo(countries);
            assertThat(PipelineStateCodec.write(reloaded)).isEqualTo(state);
            assertThat(ModelCodec.toBytes(reloaded.model("mlp"))).isEqualTo(mlp);
            // the model view a restart serves: the same names, hashed columns' features and counts
            assertThat(ModelJson.describe(reloaded, "logistic", List.of(), p.schema().classes(), ModelJson.MAX_TOP))
                    .isEqualTo(logisticView);
            for (int n = 0; n < 20; n++) {
                byte[] next = events.next();
                liveIn.pipeInput(null, next);
                restartedIn.pipeInput(null, next);
                assertThat(restartedOut.readValue()).as("event %d after the restart", n).isEqualTo(liveOut.readValue());
            }
        }
    }

    /** {@code scope: key}: each key's pipeline has its own encoder; an event without a key is {@code missing_key}. */
    @Test
    void perKeyPipelinesEachEncodeTheirOwnEvents() throws Exception {
        TopologySpec spec = SpecParser.parse(Files.readString(Path.of("topologies/payments.yaml"), StandardCharsets.UTF_8)
                .replace("hash: 4096", "hash: 256").replace("hash: 65536", "hash: 512")
                .replace("- [country, /device/os]", "- {fields: [country, /device/os], hash: 512}")
                + "scope: key\n", "payments-key.yaml");
        PipelineDefinition p = PipelineDefinition.of(spec);
        assertThat(p.scope().perKey()).isTrue();
        try (TopologyTestDriver d = driver(p, "keyed")) {
            TestInputTopic<byte[], byte[]> in = input(d, p);
            TestOutputTopic<byte[], byte[]> out = output(d, p.output().name());
            String[] countries = {"DE", "FR", "JP"};
            for (int n = 0; n < 30; n++) {
                String key = n % 2 == 0 ? "a" : "b";
                String country = key.equals("a") ? "DE" : countries[n % 3];
                in.pipeInput(key.getBytes(StandardCharsets.UTF_8), ("{\"order_id\": \"o-" + n + "\", \"amount\": " + n
                        + ", \"country\": \"" + country + "\", \"is_fraud\": " + (n % 3 == 0 ? 1 : 0) + "}")
                        .getBytes(StandardCharsets.UTF_8));
                JsonNode json = JSON.readTree(out.readValue());
                assertThat(json.get("id").asText()).isEqualTo("o-" + n);
            }
            @SuppressWarnings("unchecked")
            KeyedStates keyed = ((WorkingCopyStore<KeyedStates>) d.getStateStore(p.storeName())).workingCopy();
            int country = 3;
            assertThat(keyed.stateFor("a".getBytes(StandardCharsets.UTF_8), 0).pipeline().events().encoder()
                    .vocabularySize(country)).as("key a saw DE only (in its TRAIN events)").isOne();
            assertThat(keyed.stateFor("b".getBytes(StandardCharsets.UTF_8), 0).pipeline().events().encoder()
                    .vocabularySize(country)).as("key b saw three countries").isGreaterThan(1);
            in.pipeInput(null, "{\"order_id\": \"no-key\", \"is_fraud\": 0}".getBytes(StandardCharsets.UTF_8));
            assertThat(out.isEmpty()).isTrue();
            Header error = output(d, p.deadLetter().name()).readRecord().headers().lastHeader(DeadLetters.ERROR_HEADER);
            assertThat(new String(error.value(), StandardCharsets.UTF_8)).startsWith("missing_key: ");
        }
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

    private static TestOutputTopic<byte[], byte[]> output(TopologyTestDriver d, String topic) {
        return d.createOutputTopic(topic, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    @SuppressWarnings("unchecked")
    private static WorkingCopyStore<PipelineState> store(TopologyTestDriver d, PipelineDefinition p) {
        return (WorkingCopyStore<PipelineState>) d.getStateStore(p.storeName());
    }
}
