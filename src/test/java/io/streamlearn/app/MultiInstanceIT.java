package io.streamlearn.app;

import io.streamlearn.testing.StreamlearnJar;
import io.streamlearn.testing.KeyedRecords;
import io.streamlearn.testing.CommittedState;
import io.streamlearn.testing.EmbeddedKafkaExtension;
import io.streamlearn.testing.KafkaTestSupport;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.streamlearn.app.http.StatusServer;
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
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Several instances of one application, as processes: three {@code java -jar target/streamlearn.jar
 * run} with the same {@code --application-id}, each with {@code --advertised-http}, share a
 * 6-partition {@code scope: key} input (1,000 keys, 300,000 records, one standby replica by default).
 * One instance is killed with SIGKILL mid-stream, a fourth is started later. The output, read with
 * {@code read_committed}, holds exactly one prediction per input id, each byte-identical to a replay
 * of its key's records alone (what a single instance computes, see {@link PerKeyIT}); every key's
 * committed models and evaluation state are byte-identical to that replay's. The failover time
 * (SIGKILL to the first committed prediction of a survivor for a partition the killed instance
 * held) is measured and printed, with the time to its first written (uncommitted) one: the killed
 * instance's open transaction, which no survivor's producer fences under exactly_once_v2, holds back
 * the moved task's restore (the changelog is read read_committed) and read_committed readers until
 * the broker aborts it, after {@code transaction.timeout.ms}. A {@code ?key=K} query sent to an instance that does not hold K is
 * forwarded and returns K's model; {@code /health} lists active and standby tasks.
 */
class MultiInstanceIT {

    private static final int KEYS = 1_000;
    private static final int RECORDS = 300_000;
    private static final int PARTITIONS = 6;
    private static final String APP_ID = "multi-it";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SPEC = """
            name: multi
            input: multi.features
            output: multi.predictions
            task: regression
            features: {dimension: 4, standardize: true}
            evaluation: {holdoutFraction: 0.1, reservoir: 20, every: 10, window: 20}
            scope: key
            maxKeys: 100
            learners:
              - {name: ridge, type: linear, l2: 0.01, optimizer: {name: sgd, learningRate: 0.05, schedule: constant}}
              - {name: lasso, type: linear, l1: 0.01, optimizer: {name: ftrl, alpha: 0.2, beta: 1.0}}
              - {name: mlp, type: mlp, hidden: [4], dropout: 0.1, batchSize: 4, clipNorm: 1.0, seed: 42,
                 optimizer: {name: adamw, learningRate: 0.01}}
            """;

    @RegisterExtension
    static final EmbeddedKafkaExtension kafka = new EmbeddedKafkaExtension();

    @TempDir
    Path dir;

    /** One {@code run} process. */
    private record Instance(String name, int port, Process process) {
        String address() {
            return "localhost:" + port;
        }
    }

    @Test
    void instancesShareThePartitionsSurviveASigkillAndAnswerForEachOthersKeys() throws Exception {
        PipelineDefinition pipeline = PipelineDefinition.of(SpecParser.parse(SPEC, "multi.yaml"));
        try (Admin admin = Admin.create(FeedProducer.properties(kafka.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic("multi.features", PARTITIONS, (short) 1),
                    new NewTopic("multi.predictions", 1, (short) 1),
                    new NewTopic("multi.features.dlq", 1, (short) 1))).all().get();
        }
        List<ProducerRecord<byte[], byte[]>> records = KeyedRecords.of("multi.features", KEYS, RECORDS, 2027);
        Map<String, Integer> partitionOfId = new HashMap<>();
        Map<String, LearningPipeline> replay = new LinkedHashMap<>();
        Map<String, byte[]> expected = new HashMap<>();
        replay(pipeline, records, replay, expected, partitionOfId);

        Path specFile = dir.resolve("multi.yaml");
        Files.writeString(specFile, SPEC);
        Path config = StreamlearnJar.fastFailoverConfig(dir);
        List<Instance> live = new ArrayList<>();
        AtomicBoolean tailing = new AtomicBoolean(true);
        // every committed prediction as it arrives: offset, id, arrival time
        Map<String, Long> arrival = new ConcurrentHashMap<>();
        Map<Long, String> idAtOffset = new ConcurrentHashMap<>();
        AtomicLong committedCount = new AtomicLong();
        Thread tail = new Thread(() -> {
            try (KafkaConsumer<byte[], byte[]> c = KafkaTestSupport.committedReader(kafka.bootstrapServers(), "multi-tail")) {
                c.subscribe(List.of("multi.predictions"));
                while (tailing.get()) {
                    for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(20))) {
                        String id = KeyedRecords.idOf(r);
                        arrival.putIfAbsent(id, System.nanoTime());
                        idAtOffset.put(r.offset(), id);
                        committedCount.incrementAndGet();
                    }
                }
            }
        }, "multi-tail");
        tail.setDaemon(true);
        tail.start();
        // the same, read_uncommitted: when a survivor writes, before its transaction commits
        Map<Long, String> uncommittedAtOffset = new ConcurrentHashMap<>();
        Map<Long, Long> uncommittedArrival = new ConcurrentHashMap<>();
        Thread uncommittedTail = new Thread(() -> {
            try (KafkaConsumer<byte[], byte[]> c = uncommittedReader()) {
                while (tailing.get()) {
                    for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(20))) {
                        uncommittedArrival.put(r.offset(), System.nanoTime());
                        uncommittedAtOffset.put(r.offset(), KeyedRecords.idOf(r));
                    }
                }
            }
        }, "multi-uncommitted-tail");
        uncommittedTail.setDaemon(true);
        uncommittedTail.start();
        try {
            for (String name : List.of("a", "b", "c")) {
                live.add(launch(name, specFile, config));
            }
            KafkaTestSupport.await(() -> activeTasks(live).size() == PARTITIONS
                            && live.stream().allMatch(i -> !tasksOf(i, "activeTasks").isEmpty()),
                    Duration.ofSeconds(120), "three RUNNING instances sharing the 6 tasks");
            int first = RECORDS * 2 / 5;
            KeyedRecords.produce(kafka.bootstrapServers(), records.subList(0, first));
            KafkaTestSupport.await(() -> committedCount.get() >= first / 2, Duration.ofSeconds(240),
                    "half of the first records predicted");

            // SIGKILL mid-stream: no shutdown hook, no commit, no leaving the group
            Instance victim = live.get(1);
            Set<Integer> moved = new HashSet<>();
            tasksOf(victim, "activeTasks").forEach(t -> moved.add(Integer.parseInt(t.substring(t.indexOf('_') + 1))));
            assertThat(moved).as("the victim's partitions").isNotEmpty();
            long killedAt = System.nanoTime();
            long seenAtKill = committedCount.get();
            victim.process().destroyForcibly();
            victim.process().waitFor();
            live.remove(victim);
            Thread.sleep(500); // a produce request the broker had received before the kill is appended by now
            long victimEnd = endOffset(); // the high watermark: anything at or after it was written by a survivor
            KeyedRecords.produce(kafka.bootstrapServers(), records.subList(first, RECORDS * 7 / 10));
            KafkaTestSupport.await(() -> firstSurvivorPrediction(idAtOffset, victimEnd, moved, partitionOfId) != null,
                    Duration.ofSeconds(120), "a survivor's committed prediction for a moved partition");
            String firstMoved = firstSurvivorPrediction(idAtOffset, victimEnd, moved, partitionOfId);
            double failover = (arrival.get(firstMoved) - killedAt) / 1e9;
            Long firstWritten = uncommittedAtOffset.entrySet().stream().filter(e -> e.getKey() >= victimEnd)
                    .filter(e -> moved.contains(partitionOfId.get(e.getValue()))).map(Map.Entry::getKey)
                    .min(Long::compare).orElse(null);
            String written = firstWritten == null ? "not seen"
                    : String.format("%.2f s", (uncommittedArrival.get(firstWritten) - killedAt) / 1e9);
            System.out.printf("SIGKILL of instance %s (partitions %s) after %d committed predictions: failover %.2f s to "
                    + "the first committed prediction of a survivor for a moved partition (read_committed; written, "
                    + "read_uncommitted: %s; session.timeout.ms 6000, transaction.timeout.ms 10000)%n",
                    victim.name(), moved, seenAtKill, failover, written);

            live.add(launch("d", specFile, config));
            KeyedRecords.produce(kafka.bootstrapServers(), records.subList(RECORDS * 7 / 10, RECORDS));
            KafkaTestSupport.await(() -> arrival.size() >= RECORDS, Duration.ofSeconds(360),
                    "a committed prediction for every record");

            // a query for a key that another instance holds: forwarded, that key's model
            KafkaTestSupport.await(() -> activeTasks(live).size() == PARTITIONS
                            && live.stream().allMatch(i -> healthOf(i).path("state").asText().equals("RUNNING")),
                    Duration.ofSeconds(120), "the three live instances sharing the 6 tasks");
            String key = "key-7";
            int partition = partitionOf(key.getBytes(StandardCharsets.UTF_8));
            LearningPipeline seven = replay.get(key);
            String view = ModelJson.describe(seven.model("lasso"), pipeline.schema().featureNames(),
                    pipeline.schema().classes(), seven.standardizer()).put("key", key) + "\n";
            String[] servedBy = new String[2];
            KafkaTestSupport.await(() -> {
                Instance owner = ownerOf(live, partition);
                Instance other = live.stream().filter(i -> i != owner).findFirst().orElseThrow();
                HttpResponse<String> r = http(other, "GET", "/models/multi/lasso?key=" + key, null);
                servedBy[0] = other.address();
                servedBy[1] = r == null ? null : r.headers().firstValue(StatusServer.SERVED_BY).orElse(null);
                return owner != null && r != null && r.statusCode() == 200 && r.body().equals(view)
                        && owner.address().equals(servedBy[1]);
            }, Duration.ofSeconds(60), "key-7's model from an instance that does not hold it");
            System.out.printf("GET /models/multi/lasso?key=%s asked of %s, answered by %s%n", key, servedBy[0], servedBy[1]);
            Instance owner = ownerOf(live, partition);
            Instance other = live.stream().filter(i -> i != owner).findFirst().orElseThrow();
            HttpResponse<String> predicted = http(other, "POST", "/predict/multi?key=" + key,
                    "{\"id\": \"q\", \"features\": [1, 2, 3, 4]}");
            assertThat(predicted.statusCode()).as(predicted.body()).isEqualTo(200);
            assertThat(predicted.body()).contains("\"versions\":{\"ridge\":" + seven.model("ridge").updates() + ",");
            assertThat(http(other, "GET", "/models/multi/lasso?key=no-such-key", null).statusCode()).isEqualTo(404);
            JsonNode health = healthOf(other);
            assertThat(health.path("rebalancing").isBoolean()).as(health.toString()).isTrue();
            assertThat(health.path("instance").asText()).isEqualTo(other.address());
            int standbys = 0;
            for (Instance i : live) {
                standbys += tasksOf(i, "standbyTasks").size();
            }
            assertThat(standbys).as("standby tasks over the live instances").isPositive();
        } finally {
            tailing.set(false);
            for (Instance i : live) {
                i.process().destroy(); // SIGTERM: a clean stop
            }
            for (Instance i : live) {
                if (!i.process().waitFor(60, TimeUnit.SECONDS)) {
                    i.process().destroyForcibly();
                }
            }
            tail.join(5_000);
            uncommittedTail.join(5_000);
        }

        Properties client = FeedProducer.properties(kafka.bootstrapServers());
        Set<String> seen = new HashSet<>();
        List<String> repeated = new ArrayList<>();
        int[] mismatches = {0};
        CommittedState.readToEnd(client, "multi.predictions", r -> {
            String id = KeyedRecords.idOf(r);
            if (!seen.add(id)) {
                repeated.add(id);
            }
            if (!Arrays.equals(r.value(), expected.get(id))) {
                mismatches[0]++;
            }
        });
        assertThat(repeated).as("ids predicted twice").isEmpty();
        assertThat(seen).hasSize(RECORDS);
        assertThat(mismatches[0]).as("predictions that differ from the per-key replay's").isZero();
        ChunkedValues changelog = CommittedState.changelog(client, APP_ID, pipeline);
        for (Map.Entry<String, LearningPipeline> e : replay.entrySet()) {
            PipelineState stored = PipelineState.load(pipeline.blueprint(),
                    StateKeys.forKey("multi", e.getKey().getBytes(StandardCharsets.UTF_8)), changelog);
            for (String learner : pipeline.learnerNames()) {
                assertThat(ModelCodec.toBytes(stored.pipeline().model(learner))).as("%s of %s", learner, e.getKey())
                        .isEqualTo(ModelCodec.toBytes(e.getValue().model(learner)));
            }
            assertThat(PipelineStateCodec.write(stored.pipeline())).as("evaluation of %s", e.getKey())
                    .isEqualTo(PipelineStateCodec.write(e.getValue()));
        }
        System.out.printf("%d records over %d keys and %d partitions: one committed prediction each, every key's "
                + "models byte-identical to the single-instance replay%n", RECORDS, KEYS, PARTITIONS);
    }

    /** Each key's records alone, in order, through a fresh pipeline: the expected predictions and state. */
    private static void replay(PipelineDefinition pipeline, List<ProducerRecord<byte[], byte[]>> records,
                               Map<String, LearningPipeline> replay, Map<String, byte[]> expected,
                               Map<String, Integer> partitionOfId) throws Exception {
        RecordReader reader = new RecordReader(pipeline.schema());
        PredictionWriter writer = new PredictionWriter(pipeline.schema().classes());
        for (ProducerRecord<byte[], byte[]> r : records) {
            String key = new String(r.key(), StandardCharsets.UTF_8);
            FeatureRecord f = reader.fromJson(r.value(), "unused");
            partitionOfId.put(f.id(), partitionOf(r.key()));
            LearningPipeline p = replay.computeIfAbsent(key, k -> pipeline.blueprint().newPipeline());
            StepResult step = p.process(f.id(), FeatureVector.dense(f.features()), f.label());
            double[][] outputs = new double[step.learnerCount()][];
            long[] versions = new long[step.learnerCount()];
            for (int i = 0; i < outputs.length; i++) {
                outputs[i] = step.prediction(i).clone();
                versions[i] = step.version(i);
            }
            expected.put(f.id(), writer.toJson(new Prediction(f.id(), "multi", step.split().label(), f.label(),
                    pipeline.learnerNames(), outputs, versions, f.timestamp())));
        }
    }

    /** The producer's default partitioner: murmur2 of the key bytes. */
    private static int partitionOf(byte[] key) {
        return Utils.toPositive(Utils.murmur2(key)) % PARTITIONS;
    }

    /** The id of the first committed prediction at or after {@code from} for one of {@code moved}; null if none yet. */
    private static String firstSurvivorPrediction(Map<Long, String> idAtOffset, long from, Set<Integer> moved,
                                                  Map<String, Integer> partitionOfId) {
        return idAtOffset.entrySet().stream().filter(e -> e.getKey() >= from)
                .filter(e -> moved.contains(partitionOfId.get(e.getValue())))
                .min(Map.Entry.comparingByKey()).map(Map.Entry::getValue).orElse(null);
    }

    private Instance launch(String name, Path specFile, Path config) throws IOException {
        int port = freePort();
        Process p = new ProcessBuilder(StreamlearnJar.command("256m", List.of("-XX:TieredStopAtLevel=1"), "run",
                "--topology", specFile.toString(), "--bootstrap-servers", kafka.bootstrapServers(),
                "--config", config.toString(), "--state-dir", dir.resolve("state-" + name).toString(),
                "--application-id", APP_ID, "--http-host", "127.0.0.1", "--http-port", Integer.toString(port),
                "--advertised-http", "localhost:" + port))
                .redirectErrorStream(true).redirectOutput(dir.resolve("run-" + name + ".log").toFile()).start();
        return new Instance(name, port, p);
    }

    private static Set<String> activeTasks(List<Instance> instances) {
        Set<String> all = new HashSet<>();
        int total = 0;
        for (Instance i : instances) {
            List<String> tasks = tasksOf(i, "activeTasks");
            total += tasks.size();
            all.addAll(tasks);
        }
        return total == all.size() ? all : Set.of(); // a task listed twice: a rebalance in progress
    }

    private static Instance ownerOf(List<Instance> instances, int partition) {
        for (Instance i : instances) {
            if (tasksOf(i, "activeTasks").contains("0_" + partition)) {
                return i;
            }
        }
        return null;
    }

    private static List<String> tasksOf(Instance i, String field) {
        List<String> tasks = new ArrayList<>();
        healthOf(i).path(field).forEach(t -> tasks.add(t.asText()));
        return tasks;
    }

    private static JsonNode healthOf(Instance i) {
        HttpResponse<String> r = http(i, "GET", "/health", null);
        try {
            return r == null ? JSON.createObjectNode() : JSON.readTree(r.body());
        } catch (IOException e) {
            return JSON.createObjectNode();
        }
    }

    private static HttpResponse<String> http(Instance i, String method, String path, String body) {
        try {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + i.port() + path))
                    .timeout(Duration.ofSeconds(10));
            b = body == null ? b.GET() : b.POST(HttpRequest.BodyPublishers.ofString(body));
            return HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private static KafkaConsumer<byte[], byte[]> uncommittedReader() {
        KafkaConsumer<byte[], byte[]> c = uncommittedConsumer("multi-uncommitted-tail");
        c.subscribe(List.of("multi.predictions"));
        return c;
    }

    private static KafkaConsumer<byte[], byte[]> uncommittedConsumer(String group) {
        Properties p = new Properties();
        p.put(org.apache.kafka.clients.consumer.ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        p.put(org.apache.kafka.clients.consumer.ConsumerConfig.GROUP_ID_CONFIG, group);
        p.put(org.apache.kafka.clients.consumer.ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(org.apache.kafka.clients.consumer.ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_uncommitted");
        return new KafkaConsumer<>(p, new org.apache.kafka.common.serialization.ByteArrayDeserializer(),
                new org.apache.kafka.common.serialization.ByteArrayDeserializer());
    }

    /** The output's high watermark (a read_uncommitted consumer's end offset; read_committed would give the LSO). */
    private static long endOffset() {
        try (KafkaConsumer<byte[], byte[]> c = uncommittedConsumer("multi-end")) {
            TopicPartition tp = new TopicPartition("multi.predictions", 0);
            return c.endOffsets(List.of(tp)).get(tp);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
