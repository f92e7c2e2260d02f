package io.streamlearn.app;

import io.streamlearn.testing.StreamlearnJar;
import io.streamlearn.testing.KeyedRecords;
import io.streamlearn.testing.CommittedState;
import io.streamlearn.testing.EmbeddedKafkaExtension;
import io.streamlearn.testing.KafkaTestSupport;
import static org.assertj.core.api.Assertions.assertThat;

import io.streamlearn.cli.PipelineSpecs;
import io.streamlearn.feed.FeedProducer;
import io.streamlearn.feed.dataset.Dataset;
import io.streamlearn.feed.dataset.DatasetRow;
import io.streamlearn.feed.dataset.Datasets;
import io.streamlearn.feed.dataset.FeatureRecordJson;
import io.streamlearn.learn.ModelCodec;
import io.streamlearn.pipeline.HoldoutSplitter;
import io.streamlearn.pipeline.LabelOutcome;
import io.streamlearn.pipeline.Split;
import io.streamlearn.topology.PipelineDefinition;
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
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Crash consistency of delayed labels: {@code run} as a separate process against the real broker of
 * this JVM, over 20,000 unlabeled friedman1 feature records and then their 20,000 labels on a label
 * topic, killed with SIGKILL while it predicts the features and again while it joins the labels
 * (after all features are committed: between features and labels), and restarted each time. At
 * the end every label has joined exactly once: every model and the evaluation state are
 * bit-identical to those of an uninterrupted run over the same records (in this JVM, other topics
 * with the same content, labels also produced once the features are committed), the ridge took one
 * step per training label, the output topic (read_committed) holds one prediction per id, each
 * byte-identical to the uninterrupted run's, and no label was dead-lettered.
 */
class DelayedLabelsCrashIT {

    private static final int RECORDS = 20_000;
    private static final long SEED = 20_261_202L;
    /** Record timestamps near now: older ones would fall to the broker's time retention (7 days) mid-test. */
    private static final long BASE_TIME = System.currentTimeMillis() - 3_600_000L;
    private static final double HOLDOUT = 0.1;
    private static final String SPEC = """
            name: %1$s
            input: %1$s.features
            output: %1$s.predictions
            task: regression
            features: {dimension: 10, standardize: true}
            evaluation: {holdoutFraction: 0.1, reservoir: 500, every: 1000}
            labels: {topic: %1$s.labels}
            learners:
              - {name: ridge, type: linear, l2: 0.01, optimizer: {name: sgd, learningRate: 0.01, schedule: invscaling, power: 0.25}}
              - {name: lasso, type: linear, l1: 0.1, optimizer: {name: ftrl, alpha: 0.2, beta: 1.0}}
              - {name: mlp, type: mlp, hidden: [16, 8], dropout: 0.2, batchSize: 32, clipNorm: 1.0, seed: 42,
                 optimizer: {name: adamw, learningRate: 0.01}}
            """;

    @RegisterExtension
    static final EmbeddedKafkaExtension kafka = new EmbeddedKafkaExtension();

    @TempDir
    Path dir;

    @Test
    void killedBetweenFeaturesAndLabelsEveryLabelJoinsExactlyOnce() throws Exception {
        StreamlearnJar.jar();
        List<DatasetRow> rows = rows();
        try (Admin admin = Admin.create(client())) {
            List<NewTopic> topics = new ArrayList<>();
            for (String p : List.of("ref", "crash")) {
                topics.add(new NewTopic(p + ".features", 1, (short) 1));
                topics.add(new NewTopic(p + ".labels", 1, (short) 1));
            }
            admin.createTopics(topics).all().get();
        }
        Path config = StreamlearnJar.fastFailoverConfig(dir);
        long start = System.nanoTime();

        produceFeatures("ref", rows);
        PipelineDefinition reference = PipelineSpecs.read(List.of(spec("ref"))).get(0);
        try (StreamlearnApp app = StreamlearnApp.start(List.of(reference), AppSettings.resolve(config, Map.of(), Map.of(
                StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                StreamsConfig.APPLICATION_ID_CONFIG, "labels-reference",
                StreamsConfig.STATE_DIR_CONFIG, dir.resolve("reference-state").toString())), -1)) {
            awaitCommitted("ref.predictions", RECORDS);
            produceLabels("ref", rows);
            KafkaTestSupport.await(() -> app.monitors().get("ref").labels(LabelOutcome.JOINED) == RECORDS,
                    Duration.ofSeconds(180), "the uninterrupted run joins every label");
        }
        System.out.printf("reference run: %.1f s%n", (System.nanoTime() - start) / 1e9);

        produceFeatures("crash", rows);
        int port = freePort();
        List<String> command = StreamlearnJar.command("512m", "run",
                "--topology", spec("crash").toString(), "--bootstrap-servers", kafka.bootstrapServers(),
                "--config", config.toString(), "--state-dir", dir.resolve("crash-state").toString(),
                "--application-id", "labels-crash", "--http-host", "127.0.0.1", "--http-port", Integer.toString(port));
        try (KafkaConsumer<byte[], byte[]> progress = uncommittedReader("crash.predictions")) {
            Process app = launch(command, 0);
            long seen = 0;
            try {
                while (seen < RECORDS / 2) {
                    assertThat(app.isAlive()).as("run #0 is alive (log %s)", log(0)).isTrue();
                    seen += progress.poll(Duration.ofMillis(100)).count();
                }
            } finally {
                kill(app);
            }
            System.out.printf("run #0 killed after %d predictions seen%n", seen);
        }
        Process app = launch(command, 1);
        try {
            awaitCommitted("crash.predictions", RECORDS);
            produceLabels("crash", rows);
            KafkaTestSupport.await(() -> !app.isAlive() || joined(port) >= RECORDS / 3, Duration.ofSeconds(180),
                    "run #1 joins a third of the labels");
            assertThat(app.isAlive()).as("run #1 is alive (log %s)", log(1)).isTrue();
        } finally {
            kill(app);
        }
        System.out.println("run #1 killed while joining labels");
        PipelineDefinition crashed = PipelineSpecs.read(List.of(spec("crash"))).get(0);
        long trainLabels = rows.stream().filter(r -> new HoldoutSplitter(HOLDOUT).split(r.id(), true) == Split.TRAIN)
                .count();
        Process last = launch(command, 2);
        try {
            KafkaTestSupport.await(() -> {
                assertThat(last.isAlive()).as("the last run is alive (log %s)", log(2)).isTrue();
                List<byte[]> state = CommittedState.pipeline(client(), "labels-crash", crashed);
                return state.get(0) != null && ModelCodec.fromBytes(state.get(0)).updates() >= trainLabels;
            }, Duration.ofSeconds(240), "every label learned after the restarts");
        } finally {
            last.destroy();
            last.waitFor();
        }
        System.out.printf("reference and crash runs: %.1f s%n", (System.nanoTime() - start) / 1e9);

        List<byte[]> expected = CommittedState.pipeline(client(), "labels-reference", reference);
        List<byte[]> actual = CommittedState.pipeline(client(), "labels-crash", crashed);
        assertThat(ModelCodec.fromBytes(actual.get(0)).updates()).as("ridge steps: one per training label")
                .isEqualTo(trainLabels);
        for (int i = 0; i < expected.size(); i++) {
            String part = i < reference.learnerNames().size() ? reference.learnerNames().get(i) : "evaluation state";
            assertThat(actual.get(i)).as(part).isNotNull().isEqualTo(expected.get(i));
        }
        Map<String, String> referencePredictions = predictions("ref.predictions");
        Map<String, String> crashPredictions = predictions("crash.predictions");
        List<String> missing = new ArrayList<>();
        for (DatasetRow r : rows) {
            if (!crashPredictions.containsKey(r.id()) || !referencePredictions.containsKey(r.id())) {
                missing.add(r.id() + (crashPredictions.containsKey(r.id()) ? "" : " (crash)")
                        + (referencePredictions.containsKey(r.id()) ? "" : " (reference)"));
            }
        }
        assertThat(missing).as("ids without a committed prediction").isEmpty();
        assertThat(crashPredictions.keySet()).isEqualTo(referencePredictions.keySet());
        for (Map.Entry<String, String> e : referencePredictions.entrySet()) {
            assertThat(crashPredictions.get(e.getKey())).as("prediction of %s", e.getKey())
                    .isEqualTo(e.getValue().replace("\"pipeline\":\"ref\"", "\"pipeline\":\"crash\""));
        }
        List<String> deadLetters = new ArrayList<>();
        CommittedState.readToEnd(client(), "crash.features.dlq", r -> deadLetters.add(new String(r.value(),
                StandardCharsets.UTF_8)));
        assertThat(deadLetters).as("dead-lettered labels (duplicates, unknown ids)").isEmpty();
    }

    private static List<DatasetRow> rows() {
        Dataset friedman = Datasets.open("friedman1", SEED);
        List<DatasetRow> rows = new ArrayList<>();
        for (int i = 0; i < RECORDS; i++) {
            rows.add(friedman.next());
        }
        return rows;
    }

    /** The rows without their labels, record timestamps 10 ms apart. */
    private static void produceFeatures(String pipeline, List<DatasetRow> rows) {
        try (KafkaProducer<byte[], byte[]> producer = FeedProducer.open(kafka.bootstrapServers())) {
            for (int i = 0; i < rows.size(); i++) {
                DatasetRow r = rows.get(i);
                producer.send(new ProducerRecord<>(pipeline + ".features", null, BASE_TIME + 10L * i, null,
                        FeatureRecordJson.encode(new DatasetRow(r.id(), r.features(), Double.NaN), null)));
            }
        }
    }

    /** The labels in the same order, each 5 minutes (of record time) after its features. */
    private static void produceLabels(String pipeline, List<DatasetRow> rows) {
        try (KafkaProducer<byte[], byte[]> producer = FeedProducer.open(kafka.bootstrapServers())) {
            for (int i = 0; i < rows.size(); i++) {
                DatasetRow r = rows.get(i);
                String label = String.format(Locale.ROOT, "{\"id\":\"%s\",\"label\":%s}", r.id(), r.label());
                producer.send(new ProducerRecord<>(pipeline + ".labels", null, BASE_TIME + 10L * i + 300_000, null,
                        label.getBytes(StandardCharsets.UTF_8)));
            }
        }
    }

    /** The labels joined by the running process, from its /metrics (0 while it does not answer). */
    private static long joined(int port) {
        try {
            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + "/metrics")).timeout(Duration.ofSeconds(2)).build(),
                    HttpResponse.BodyHandlers.ofString());
            for (String line : r.body().split("\n")) {
                if (line.startsWith("streamlearn_labels_total{") && line.contains("outcome=\"joined\"")) {
                    return (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                }
            }
        } catch (IOException e) {
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }

    private static void awaitCommitted(String topic, int count) throws Exception {
        try (KafkaConsumer<byte[], byte[]> committed = KafkaTestSupport.committedReader(kafka.bootstrapServers(),
                topic + "-await")) {
            committed.subscribe(List.of(topic));
            long seen = 0;
            long deadline = System.nanoTime() + Duration.ofSeconds(300).toNanos();
            while (seen < count) {
                assertThat(System.nanoTime()).as("%d committed records in %s within 300 s (%d seen)", count, topic, seen)
                        .isLessThan(deadline);
                seen += committed.poll(Duration.ofMillis(500)).count();
            }
        }
    }

    /** Predictions by id; fails on a second prediction for an id. */
    private static Map<String, String> predictions(String topic) {
        Map<String, String> byId = new HashMap<>();
        List<String> duplicates = new ArrayList<>();
        CommittedState.readToEnd(client(), topic, r -> {
            String id = KeyedRecords.idOf(r);
            if (byId.put(id, new String(r.value(), StandardCharsets.UTF_8)) != null) {
                duplicates.add(id);
            }
        });
        assertThat(duplicates).as("ids predicted twice in " + topic).isEmpty();
        return byId;
    }

    private static void kill(Process app) throws InterruptedException {
        app.destroyForcibly(); // SIGKILL on Linux: no shutdown hook, no commit
        app.waitFor();
    }

    private Process launch(List<String> command, int run) throws IOException {
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log(run).toFile()).start();
    }

    private Path log(int run) {
        return dir.resolve("run-" + run + ".log");
    }

    private Path spec(String pipeline) throws IOException {
        Path p = dir.resolve(pipeline + ".yaml");
        Files.writeString(p, SPEC.formatted(pipeline));
        return p;
    }

    private static KafkaConsumer<byte[], byte[]> uncommittedReader(String topic) {
        Properties p = client();
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "labels-progress");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_uncommitted");
        KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(p, new org.apache.kafka.common.serialization.ByteArrayDeserializer(),
                new org.apache.kafka.common.serialization.ByteArrayDeserializer());
        consumer.subscribe(List.of(topic));
        return consumer;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static Properties client() {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        return p;
    }
}
