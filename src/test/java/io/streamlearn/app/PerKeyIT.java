package io.streamlearn.app;

import io.streamlearn.testing.StreamlearnJar;
import io.streamlearn.testing.KeyedRecords;
import io.streamlearn.testing.CommittedState;
import io.streamlearn.testing.EmbeddedKafkaExtension;
import io.streamlearn.testing.KafkaTestSupport;
import static org.assertj.core.api.Assertions.assertThat;

import io.streamlearn.feed.FeedProducer;
import io.streamlearn.learn.ModelCodec;
import io.streamlearn.pipeline.LearningPipeline;
import io.streamlearn.pipeline.PipelineStateCodec;
import io.streamlearn.pipeline.StepResult;
import io.streamlearn.query.ModelJson;
import io.streamlearn.record.FeatureRecord;
import io.streamlearn.record.Prediction;
import io.streamlearn.record.PredictionWriter;
import io.streamlearn.record.RecordReader;
import io.streamlearn.spec.SpecParser;
import io.streamlearn.topology.PipelineDefinition;
import io.streamlearn.topology.PipelineState;
import io.streamlearn.topology.StateKeys;
import io.streamlearn.topology.store.ChunkedValues;
import io.streamlearn.vector.FeatureVector;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code scope: key} against a real broker: 300 keys over a 3-partition input, 2 stream threads,
 * at most 40 keys in memory per task (so keys are evicted and reloaded all along): half the records
 * in this JVM, stopped cleanly; a quarter more by {@code java -jar target/streamlearn.jar run} as a
 * process, killed with SIGKILL in the middle; the rest in this JVM again on an empty state
 * directory (the per-key state restored from the changelog, the killed run's open transaction
 * aborted). The
 * output holds exactly one prediction per input, each byte-identical to the one a replay of its
 * key's records alone, in order, makes ({@code PipelineBlueprint.newPipeline()} per key), and every
 * key's committed models and evaluation state are byte-identical to that replay's.
 */
class PerKeyIT {

    private static final int KEYS = 300;
    private static final int RECORDS = 6_000;
    private static final String APP_ID = "perkey-it";
    private static final String SPEC = """
            name: perkey
            input: perkey.features
            output: perkey.predictions
            task: regression
            features: {dimension: 4, standardize: true}
            evaluation: {holdoutFraction: 0.1, reservoir: 20, every: 10, window: 20}
            scope: key
            maxKeys: 40
            learners:
              - {name: ridge, type: linear, l2: 0.01, optimizer: {name: sgd, learningRate: 0.05, schedule: constant}}
              - {name: lasso, type: linear, l1: 0.01, optimizer: {name: ftrl, alpha: 0.2, beta: 1.0}}
              - {name: mlp, type: mlp, hidden: [8], dropout: 0.1, batchSize: 4, clipNorm: 1.0, seed: 42,
                 optimizer: {name: adamw, learningRate: 0.01}}
            """;

    @RegisterExtension
    static final EmbeddedKafkaExtension kafka = new EmbeddedKafkaExtension();

    @TempDir
    Path firstDir;
    @TempDir
    Path secondDir;
    @TempDir
    Path crashDir;

    @Test
    void everyKeysModelsAndPredictionsAreThoseOfAReplayOfItsOwnRecords() throws Exception {
        PipelineDefinition pipeline = PipelineDefinition.of(SpecParser.parse(SPEC, "perkey.yaml"));
        try (Admin admin = Admin.create(FeedProducer.properties(kafka.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic("perkey.features", 3, (short) 1))).all().get();
        }
        List<ProducerRecord<byte[], byte[]>> records = KeyedRecords.of("perkey.features", KEYS, RECORDS, 2026);
        // the replay: each key's records alone, in order, through a fresh pipeline
        RecordReader reader = new RecordReader(pipeline.schema());
        PredictionWriter writer = new PredictionWriter(pipeline.schema().classes());
        Map<String, LearningPipeline> replay = new LinkedHashMap<>();
        Map<String, byte[]> expected = new HashMap<>();
        for (ProducerRecord<byte[], byte[]> r : records) {
            String key = new String(r.key(), StandardCharsets.UTF_8);
            FeatureRecord f = reader.fromJson(r.value(), "unused");
            LearningPipeline p = replay.computeIfAbsent(key, k -> pipeline.blueprint().newPipeline());
            StepResult step = p.process(f.id(), FeatureVector.dense(f.features()), f.label());
            double[][] outputs = new double[step.learnerCount()][];
            long[] versions = new long[step.learnerCount()];
            for (int i = 0; i < outputs.length; i++) {
                outputs[i] = step.prediction(i).clone();
                versions[i] = step.version(i);
            }
            expected.put(f.id(), writer.toJson(new Prediction(f.id(), "perkey", step.split().label(), f.label(),
                    pipeline.learnerNames(), outputs, versions, f.timestamp())));
        }

        int half = RECORDS / 2;
        try (StreamlearnApp app = StreamlearnApp.start(List.of(pipeline), settings(firstDir), -1)) {
            assertThat(app.awaitRunning(Duration.ofSeconds(60))).isTrue();
            KeyedRecords.produce(kafka.bootstrapServers(), records.subList(0, half));
            KafkaTestSupport.await(() -> app.monitors().get("perkey").processed() == half, Duration.ofSeconds(60),
                    "the first half");
            assertThat(app.scrapeMetrics()).contains("streamlearn_keys_evicted_total{pipeline=\"perkey\"}");
        }
        // `run` as a process on another state directory, killed (SIGKILL) in the middle of the stream
        int quarter = RECORDS / 4;
        Path specFile = crashDir.resolve("perkey.yaml");
        Files.writeString(specFile, SPEC);
        Path config = crashDir.resolve("client.properties");
        Files.writeString(config, "num.stream.threads=2\nconsumer.session.timeout.ms=6000\n"
                + "consumer.heartbeat.interval.ms=1000\n");
        Process run = new ProcessBuilder(StreamlearnJar.command("512m", "run", "--topology", specFile.toString(),
                "--bootstrap-servers", kafka.bootstrapServers(), "--config", config.toString(),
                "--state-dir", crashDir.resolve("state").toString(), "--application-id", APP_ID, "--http-port", "-1"))
                .redirectErrorStream(true).redirectOutput(crashDir.resolve("run.log").toFile()).start();
        try (org.apache.kafka.clients.consumer.KafkaConsumer<byte[], byte[]> progress =
                     uncommittedReader("perkey.predictions")) {
            KeyedRecords.produce(kafka.bootstrapServers(), records.subList(half, half + quarter));
            long seen = 0;
            long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
            while (seen < half + quarter * 2 / 3) {
                assertThat(run.isAlive()).as("run is alive (log %s)", crashDir.resolve("run.log")).isTrue();
                assertThat(System.nanoTime()).as("run makes progress").isLessThan(deadline);
                seen += progress.poll(Duration.ofMillis(50)).count();
            }
            System.out.printf("run killed after %d predictions seen (%d produced)%n", seen, half + quarter);
        } finally {
            run.destroyForcibly(); // SIGKILL: no shutdown hook, no commit
            run.waitFor();
        }
        try (StreamlearnApp restored = StreamlearnApp.start(List.of(pipeline), settings(secondDir), 0);
             org.apache.kafka.clients.consumer.KafkaConsumer<byte[], byte[]> committed =
                     KafkaTestSupport.committedReader(kafka.bootstrapServers(), "perkey-done")) {
            assertThat(restored.awaitRunning(Duration.ofSeconds(60))).isTrue();
            KeyedRecords.produce(kafka.bootstrapServers(), records.subList(half + quarter, RECORDS));
            committed.subscribe(List.of("perkey.predictions"));
            assertThat(KafkaTestSupport.read(committed, RECORDS, Duration.ofSeconds(90))).hasSizeGreaterThanOrEqualTo(RECORDS);
            KafkaTestSupport.await(() -> restored.monitors().get("perkey").keys() == KEYS, Duration.ofSeconds(10),
                    "every key counted");
            assertThat(restored.monitors().get("perkey").keysEvicted()).isPositive();
            assertThat(restored.monitors().get("perkey").cachedKeys()).isLessThanOrEqualTo(3 * 40);
            // one key's model over HTTP, from the store as last committed: the replay's
            LearningPipeline seven = replay.get("key-7");
            String expectedView = ModelJson.describe(seven.model("lasso"), pipeline.schema().featureNames(),
                    pipeline.schema().classes(), seven.standardizer()).put("key", "key-7") + "\n"; // every JSON answer ends with a newline
            KafkaTestSupport.await(() -> expectedView.equals(get(restored.httpPort(), "/models/perkey/lasso?key=key-7")),
                    Duration.ofSeconds(10), "key-7's committed model over HTTP");
            assertThat(get(restored.httpPort(), "/models/perkey/lasso?key=no-such-key")).startsWith("404 ");
            assertThat(get(restored.httpPort(), "/models/perkey/lasso")).startsWith("400 ");
            HttpResponse<String> predicted = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://localhost:" + restored.httpPort() + "/predict/perkey?key=key-7"))
                    .POST(HttpRequest.BodyPublishers.ofString("{\"id\": \"q\", \"features\": [1, 2, 3, 4]}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(predicted.statusCode()).as(predicted.body()).isEqualTo(200);
            assertThat(predicted.body()).contains("\"versions\":{\"ridge\":" + seven.model("ridge").updates() + ",");
        }

        Properties client = FeedProducer.properties(kafka.bootstrapServers());
        Set<String> seen = new HashSet<>();
        List<String> repeated = new ArrayList<>();
        int[] mismatches = {0};
        CommittedState.readToEnd(client, "perkey.predictions", r -> {
            String id = KeyedRecords.idOf(r);
            if (!seen.add(id)) {
                repeated.add(id);
            }
            if (!java.util.Arrays.equals(r.value(), expected.get(id))) {
                mismatches[0]++;
            }
        });
        assertThat(repeated).isEmpty();
        assertThat(seen).hasSize(RECORDS);
        assertThat(mismatches[0]).as("predictions that differ from the per-key replay's").isZero();

        ChunkedValues changelog = CommittedState.changelog(client, APP_ID, pipeline);
        for (Map.Entry<String, LearningPipeline> e : replay.entrySet()) {
            PipelineState stored = PipelineState.load(pipeline.blueprint(),
                    StateKeys.forKey("perkey", e.getKey().getBytes(StandardCharsets.UTF_8)), changelog);
            for (String learner : pipeline.learnerNames()) {
                assertThat(ModelCodec.toBytes(stored.pipeline().model(learner))).as("%s of %s", learner, e.getKey())
                        .isEqualTo(ModelCodec.toBytes(e.getValue().model(learner)));
            }
            assertThat(PipelineStateCodec.write(stored.pipeline())).as("evaluation of %s", e.getKey())
                    .isEqualTo(PipelineStateCodec.write(e.getValue()));
        }
    }

    /** A read_uncommitted consumer of {@code topic} from the start: progress, aborted records included. */
    private static org.apache.kafka.clients.consumer.KafkaConsumer<byte[], byte[]> uncommittedReader(String topic) {
        Properties p = new Properties();
        p.put(org.apache.kafka.clients.consumer.ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        p.put(org.apache.kafka.clients.consumer.ConsumerConfig.GROUP_ID_CONFIG, "perkey-progress");
        p.put(org.apache.kafka.clients.consumer.ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(org.apache.kafka.clients.consumer.ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_uncommitted");
        org.apache.kafka.clients.consumer.KafkaConsumer<byte[], byte[]> consumer =
                new org.apache.kafka.clients.consumer.KafkaConsumer<>(p,
                        new org.apache.kafka.common.serialization.ByteArrayDeserializer(),
                        new org.apache.kafka.common.serialization.ByteArrayDeserializer());
        consumer.subscribe(List.of(topic));
        return consumer;
    }

    /** The body of a 200 answer, else {@code <status> <body>}. */
    private static String get(int port, String path) {
        try {
            HttpResponse<String> r = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 ? r.body() : r.statusCode() + " " + r.body();
        } catch (Exception e) {
            return e.toString();
        }
    }

    private static AppSettings settings(Path dir) throws Exception {
        return AppSettings.resolve(null, Map.of(), Map.of(
                StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                StreamsConfig.APPLICATION_ID_CONFIG, APP_ID,
                StreamsConfig.STATE_DIR_CONFIG, dir.toString(),
                StreamsConfig.NUM_STREAM_THREADS_CONFIG, "2",
                AppSettings.TOPIC_PARTITIONS_CONFIG, "3",
                "session.timeout.ms", "6000"));
    }
}
