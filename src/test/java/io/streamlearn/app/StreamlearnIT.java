package io.streamlearn.app;

import io.streamlearn.testing.PredictionLog;
import io.streamlearn.testing.EmbeddedKafkaExtension;
import io.streamlearn.testing.KafkaTestSupport;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.streamlearn.feed.FeedProducer;
import io.streamlearn.feed.dataset.Dataset;
import io.streamlearn.feed.dataset.Datasets;
import io.streamlearn.feed.dataset.FeatureRecordJson;
import io.streamlearn.learn.ModelCodec;
import io.streamlearn.pipeline.PipelineStateCodec;
import io.streamlearn.pipeline.Split;
import io.streamlearn.spec.SpecParser;
import io.streamlearn.topology.PipelineDefinition;
import io.streamlearn.topology.PipelineState;
import io.streamlearn.topology.StateKeys;
import io.streamlearn.topology.store.ChunkedValues;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The application against a real Kafka broker in this JVM: 20,000 friedman1 records through two
 * input partitions, exactly-once predictions, and the learning state across restarts.
 */
class StreamlearnIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int RECORDS = 20_000;
    private static final String APP_ID = "streamlearn-it";

    @RegisterExtension
    static final EmbeddedKafkaExtension kafka = new EmbeddedKafkaExtension();

    @TempDir
    Path stateDir;
    @TempDir
    Path emptyStateDir;

    @Test
    void learnsFromTwentyThousandRecordsAndResumesIdenticallyAfterRestarts() throws Exception {
        PipelineDefinition pipeline = PipelineDefinition.of(SpecParser.parse("""
                name: it
                input: it.features
                output: it.predictions
                task: regression
                features: {dimension: 10, standardize: true}
                evaluation: {holdoutFraction: 0.1, reservoir: 500, every: 500}
                learners:
                  - {name: ridge, type: linear, l2: 0.01, optimizer: {name: sgd, learningRate: 0.01, schedule: invscaling, power: 0.25}}
                  - {name: lasso, type: linear, l1: 0.05, optimizer: {name: sgd, learningRate: 0.01, schedule: invscaling, power: 0.25}}
                  - {name: mlp, type: mlp, hidden: [32, 16], dropout: 0.1, batchSize: 32, clipNorm: 1.0, seed: 42,
                     optimizer: {name: adamw, learningRate: 0.01}}
                """, "it.yaml"));
        AppSettings settings = settings(stateDir);
        byte[][] before;
        try (StreamlearnApp app = StreamlearnApp.start(List.of(pipeline), settings, 0);
             KafkaConsumer<byte[], byte[]> predictions = KafkaTestSupport.committedReader(kafka.bootstrapServers(), "it-reader")) {
            assertThat(app.awaitRunning(Duration.ofSeconds(60))).isTrue();
            assertThat(health(app.httpPort())).startsWith("200 {\"state\":\"RUNNING\",\"rebalancing\":false,");
            produceFriedman(pipeline.input().name());
            predictions.subscribe(List.of(pipeline.output().name()));
            List<ConsumerRecord<byte[], byte[]>> out = KafkaTestSupport.read(predictions, RECORDS, Duration.ofSeconds(120));
            out.addAll(KafkaTestSupport.readAll(predictions, Duration.ofSeconds(2)));
            assertThat(out).hasSize(RECORDS);
            assertLossesFall(out);
            KafkaTestSupport.await(() -> app.monitors().get("it").processed() == RECORDS, Duration.ofSeconds(10),
                    "the processor's count");
            assertThat(app.monitors().get("it").records(Split.HOLDOUT)).isBetween(1700L, 2300L);
            before = snapshot(app.pipelineState(pipeline), pipeline);
        }
        // what the last commit wrote to the changelog is the state at the stop
        assertThat(snapshot(changelog(pipeline), pipeline)).isEqualTo(before);

        try (StreamlearnApp sameDir = StreamlearnApp.start(List.of(pipeline), settings, -1)) {
            assertThat(sameDir.awaitRunning(Duration.ofSeconds(60))).isTrue();
            assertThat(snapshot(sameDir.pipelineState(pipeline), pipeline)).isEqualTo(before);
        }
        try (StreamlearnApp restored = StreamlearnApp.start(List.of(pipeline), settings(emptyStateDir), -1);
             KafkaConsumer<byte[], byte[]> predictions = KafkaTestSupport.committedReader(kafka.bootstrapServers(), "it-reader")) {
            assertThat(restored.awaitRunning(Duration.ofSeconds(60))).isTrue();
            assertThat(snapshot(restored.pipelineState(pipeline), pipeline)).isEqualTo(before);

            // JSON lines from a plain producer, after the restore: predicted by the restored models
            predictions.subscribe(List.of(pipeline.output().name()));
            try (KafkaProducer<String, String> plain = new KafkaProducer<>(producerProps(), new StringSerializer(),
                    new StringSerializer())) {
                plain.send(new ProducerRecord<>(pipeline.input().name(), "k1",
                        "{\"id\": \"plain-1\", \"features\": [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0], \"label\": 14.2}"));
                plain.send(new ProducerRecord<>(pipeline.input().name(), "k2",
                        "{\"id\": \"plain-2\", \"features\": [0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5]}"));
                plain.send(new ProducerRecord<>(pipeline.input().name(), "k3", "not json at all"));
            }
            List<ConsumerRecord<byte[], byte[]>> out = KafkaTestSupport.read(predictions, 2, Duration.ofSeconds(30));
            assertThat(out).hasSize(2);
            Map<String, JsonNode> byId = new LinkedHashMap<>();
            for (ConsumerRecord<byte[], byte[]> r : out) {
                JsonNode p = JSON.readTree(r.value());
                byId.put(p.get("id").asText(), p);
            }
            assertThat(byId.keySet()).containsExactlyInAnyOrder("plain-1", "plain-2");
            assertThat(byId.get("plain-2").get("split").asText()).isEqualTo("unlabeled");
            long trainedBefore = ModelCodec.fromBytes(before[0]).updates();
            assertThat(byId.get("plain-2").get("versions").get("ridge").asLong()).isBetween(trainedBefore, trainedBefore + 1);
            assertThat(byId.get("plain-2").get("predictions").get("ridge").asDouble()).isBetween(5.0, 25.0);
            try (KafkaConsumer<byte[], byte[]> dlq = KafkaTestSupport.committedReader(kafka.bootstrapServers(), "it-dlq")) {
                dlq.subscribe(List.of(pipeline.deadLetter().name()));
                List<ConsumerRecord<byte[], byte[]>> letters = KafkaTestSupport.read(dlq, 1, Duration.ofSeconds(30));
                assertThat(letters).hasSize(1);
                assertThat(new String(letters.get(0).value(), StandardCharsets.UTF_8)).isEqualTo("not json at all");
                assertThat(new String(letters.get(0).headers().lastHeader("streamlearn.error").value(),
                        StandardCharsets.UTF_8)).startsWith("not_json: ");
            }
        }
    }

    @Test
    void aModelOverTheBrokersMessageLimitIsChunkedAndRestoredFromTheChangelog() throws Exception {
        // 10 -> 256 -> 256 -> 1: 68,352 weights; with AdamW's two moments and the batch buffer about 1.7 MB
        PipelineDefinition pipeline = PipelineDefinition.of(SpecParser.parse("""
                name: big
                input: big.features
                output: big.predictions
                task: regression
                features: {dimension: 10}
                learners:
                  - {name: mlp, type: mlp, hidden: [256, 256], batchSize: 16, seed: 1, optimizer: {name: adamw, learningRate: 0.001}}
                """, "big.yaml"));
        byte[][] before;
        try (StreamlearnApp app = StreamlearnApp.start(List.of(pipeline), settings("big-it", stateDir), -1);
             KafkaConsumer<byte[], byte[]> predictions = KafkaTestSupport.committedReader(kafka.bootstrapServers(), "big-reader")) {
            assertThat(app.awaitRunning(Duration.ofSeconds(60))).isTrue();
            Dataset friedman = Datasets.open("friedman1", 3);
            try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(producerProps(), new ByteArraySerializer(),
                    new ByteArraySerializer())) {
                for (int i = 0; i < 300; i++) {
                    producer.send(new ProducerRecord<>(pipeline.input().name(), FeatureRecordJson.encode(friedman.next(), null)));
                }
            }
            predictions.subscribe(List.of(pipeline.output().name()));
            assertThat(KafkaTestSupport.read(predictions, 300, Duration.ofSeconds(60))).hasSize(300);
            KafkaTestSupport.await(() -> app.monitors().get("big").processed() == 300, Duration.ofSeconds(10), "300 records");
            before = snapshot(app.pipelineState(pipeline), pipeline);
        }
        assertThat(before[0].length).isGreaterThan(ChunkedValues.DEFAULT_CHUNK_SIZE + 1);
        assertThat(ModelCodec.fromBytes(before[0]).updates()).isPositive();
        assertThat(snapshot(changelog("big-it", pipeline), pipeline)).isEqualTo(before);
        try (StreamlearnApp restored = StreamlearnApp.start(List.of(pipeline), settings("big-it", emptyStateDir), -1)) {
            assertThat(restored.awaitRunning(Duration.ofSeconds(60))).isTrue();
            assertThat(snapshot(restored.pipelineState(pipeline), pipeline)).isEqualTo(before);
        }
    }

    @Test
    void aDeadLetterTooLargeToWriteIsCutAndTheApplicationGoesOn() throws Exception {
        PipelineDefinition pipeline = PipelineDefinition.of(SpecParser.parse("""
                name: tiny
                input: tiny.features
                output: tiny.predictions
                task: regression
                features: {dimension: 2}
                learners:
                  - {name: ridge, type: linear, l2: 0.01}
                """, "tiny.yaml"));
        String huge = "{\"id\": \"huge\", \"features\": [1, 2], \"pad\": \"" + "x".repeat(1_500_000) + "\"}";
        Properties big = producerProps();
        big.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, "3000000");
        try (Admin admin = Admin.create(big)) {
            // an input topic that takes records larger than the application's producer may write
            admin.createTopics(List.of(new NewTopic(pipeline.input().name(), 1, (short) 1)
                    .configs(Map.of("max.message.bytes", "3000000")))).all().get();
        }
        long skippedBefore = io.streamlearn.topology.OutputErrorHandler.skipped();
        AppSettings settings = settings("tiny-it", stateDir);
        try (StreamlearnApp app = StreamlearnApp.start(List.of(pipeline), settings, -1);
             KafkaConsumer<byte[], byte[]> predictions = KafkaTestSupport.committedReader(kafka.bootstrapServers(), "tiny-reader")) {
            assertThat(app.awaitRunning(Duration.ofSeconds(60))).isTrue();
            try (KafkaProducer<String, String> plain = new KafkaProducer<>(big, new StringSerializer(), new StringSerializer())) {
                // over the record size limit (1 MiB): dead-lettered, but its 1.5 MB are more than the producer writes
                plain.send(new ProducerRecord<>(pipeline.input().name(), huge)).get();
                plain.send(new ProducerRecord<>(pipeline.input().name(),
                        "{\"id\": \"after\", \"features\": [1, 2], \"label\": 2}")).get();
            }
            predictions.subscribe(List.of(pipeline.output().name()));
            List<ConsumerRecord<byte[], byte[]>> out = KafkaTestSupport.read(predictions, 1, Duration.ofSeconds(30));
            assertThat(out).hasSize(1);
            assertThat(JSON.readTree(out.get(0).value()).get("id").asText()).isEqualTo("after");
            try (KafkaConsumer<byte[], byte[]> dlq = KafkaTestSupport.committedReader(kafka.bootstrapServers(), "tiny-dlq")) {
                dlq.subscribe(List.of(pipeline.deadLetter().name()));
                List<ConsumerRecord<byte[], byte[]>> letters = KafkaTestSupport.read(dlq, 1, Duration.ofSeconds(30));
                assertThat(letters).hasSize(1);
                byte[] cut = letters.get(0).value();
                assertThat(cut).hasSize(settings.maxDeadLetterBytes());
                assertThat(new String(cut, StandardCharsets.UTF_8)).isEqualTo(huge.substring(0, cut.length));
                assertThat(new String(letters.get(0).headers().lastHeader("streamlearn.truncated").value(),
                        StandardCharsets.UTF_8)).isEqualTo(Integer.toString(huge.length()));
                assertThat(new String(letters.get(0).headers().lastHeader("streamlearn.error").value(),
                        StandardCharsets.UTF_8)).startsWith("too_large: ");
            }
            assertThat(io.streamlearn.topology.OutputErrorHandler.skipped()).isEqualTo(skippedBefore);
            assertThat(app.monitors().get("tiny").rejected(io.streamlearn.record.RejectReason.TOO_LARGE)).isEqualTo(1);
            assertThat(app.state()).isEqualTo(org.apache.kafka.streams.KafkaStreams.State.RUNNING);
        }
    }

    @Test
    void storedStateThatNoLongerFitsTheSpecStopsTheApplicationInsteadOfLooping() throws Exception {
        String spec = """
                name: shape
                input: shape.features
                output: shape.predictions
                task: regression
                features: {dimension: %d}
                learners:
                  - {name: ridge, type: linear, l2: 0.01}
                """;
        PipelineDefinition two = PipelineDefinition.of(SpecParser.parse(String.format(spec, 2), "two.yaml"));
        PipelineDefinition three = PipelineDefinition.of(SpecParser.parse(String.format(spec, 3), "three.yaml"));
        try (StreamlearnApp app = StreamlearnApp.start(List.of(two), settings("shape-it", stateDir), -1)) {
            assertThat(app.awaitRunning(Duration.ofSeconds(60))).isTrue();
            try (KafkaProducer<String, String> plain = new KafkaProducer<>(producerProps(), new StringSerializer(),
                    new StringSerializer())) {
                plain.send(new ProducerRecord<>(two.input().name(), "{\"id\": \"a\", \"features\": [1, 2], \"label\": 3}")).get();
            }
            KafkaTestSupport.await(() -> app.monitors().get("shape").processed() == 1, Duration.ofSeconds(30), "one record");
        }
        try (StreamlearnApp changed = StreamlearnApp.start(List.of(three), settings("shape-it", stateDir), -1)) {
            assertThat(changed.awaitFailure(Duration.ofSeconds(60))).isTrue();
            assertThat(changed.state()).isEqualTo(org.apache.kafka.streams.KafkaStreams.State.ERROR);
        }
    }

    /**
     * Ridge's and the MLP's squared error of the pre-training predictions: train records from 16,000
     * on vs the first 2,000, in the order the pipeline trained them ({@link PredictionLog}).
     */
    private static void assertLossesFall(List<ConsumerRecord<byte[], byte[]>> out) throws Exception {
        PredictionLog log = PredictionLog.of(out);
        assertThat(log.repeatedIds()).as("one prediction per id").isEmpty();
        int train = log.trainCount();
        assertThat(train).isGreaterThan(17_000);
        assertThat(log.trainSquaredError("ridge", 16_000, train)).as("ridge's late loss vs early")
                .isLessThan(0.5 * log.trainSquaredError("ridge", 0, 2000));
        assertThat(log.trainSquaredError("mlp", 16_000, train)).as("the MLP's late loss vs early")
                .isLessThan(0.5 * log.trainSquaredError("mlp", 0, 2000));
    }

    /** The models' snapshots and the evaluation state, in learner order then evaluation. */
    private static byte[][] snapshot(PipelineState state, PipelineDefinition pipeline) {
        List<String> learners = pipeline.learnerNames();
        byte[][] s = new byte[learners.size() + 1][];
        for (int i = 0; i < learners.size(); i++) {
            s[i] = ModelCodec.toBytes(state.pipeline().model(learners.get(i)));
        }
        s[learners.size()] = PipelineStateCodec.write(state.pipeline());
        return s;
    }

    private static byte[][] snapshot(ChunkedValues values, PipelineDefinition pipeline) {
        StateKeys keys = StateKeys.global(pipeline.name());
        List<String> learners = pipeline.learnerNames();
        byte[][] s = new byte[learners.size() + 1][];
        for (int i = 0; i < learners.size(); i++) {
            s[i] = values.get(keys.learner(learners.get(i)));
        }
        s[learners.size()] = values.get(keys.evaluation());
        return s;
    }

    /** The committed content of the pipeline's changelog topic, latest value per key. */
    private static ChunkedValues changelog(PipelineDefinition pipeline) {
        return changelog(APP_ID, pipeline);
    }

    private static ChunkedValues changelog(String applicationId, PipelineDefinition pipeline) {
        KeyValueStore<Bytes, byte[]> store = Stores.keyValueStoreBuilder(
                Stores.inMemoryKeyValueStore("changelog"), Serdes.Bytes(), Serdes.ByteArray()).withLoggingDisabled().build();
        store.init(new MockProcessorContext<>().getStateStoreContext(), store);
        try (KafkaConsumer<byte[], byte[]> consumer = KafkaTestSupport.committedReader(kafka.bootstrapServers(), "it-changelog")) {
            consumer.subscribe(List.of(applicationId + "-" + pipeline.storeName() + "-changelog"));
            for (ConsumerRecord<byte[], byte[]> r : KafkaTestSupport.readAll(consumer, Duration.ofSeconds(3))) {
                if (r.value() == null) {
                    store.delete(Bytes.wrap(r.key()));
                } else {
                    store.put(Bytes.wrap(r.key()), r.value());
                }
            }
        }
        return new ChunkedValues(store, ChunkedValues.DEFAULT_CHUNK_SIZE);
    }

    private void produceFriedman(String topic) throws Exception {
        Dataset friedman = Datasets.open("friedman1", 7);
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(producerProps(), new ByteArraySerializer(),
                new ByteArraySerializer())) {
            for (int i = 0; i < RECORDS; i++) {
                producer.send(new ProducerRecord<>(topic, null, FeatureRecordJson.encode(friedman.next(), null)));
            }
        }
    }

    private static Properties producerProps() {
        return FeedProducer.properties(kafka.bootstrapServers());
    }

    private static AppSettings settings(Path dir) throws Exception {
        return settings(APP_ID, dir);
    }

    private static AppSettings settings(String applicationId, Path dir) throws Exception {
        return AppSettings.resolve(null, Map.of(), Map.of(
                StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                StreamsConfig.APPLICATION_ID_CONFIG, applicationId,
                StreamsConfig.STATE_DIR_CONFIG, dir.toString(),
                AppSettings.TOPIC_PARTITIONS_CONFIG, "2",
                // the broker's minimum: a restarted instance waits this long for the stopped one to leave
                "session.timeout.ms", "6000"));
    }

    private static String health(int port) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/health")).build(),
                HttpResponse.BodyHandlers.ofString());
        return r.statusCode() + " " + r.body();
    }
}
