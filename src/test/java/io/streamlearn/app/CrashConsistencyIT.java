package io.streamlearn.app;

import io.streamlearn.testing.StreamlearnJar;
import io.streamlearn.testing.CommittedState;
import io.streamlearn.testing.EmbeddedKafkaExtension;
import io.streamlearn.testing.KafkaTestSupport;
import static org.assertj.core.api.Assertions.assertThat;

import io.streamlearn.cli.PipelineSpecs;
import io.streamlearn.feed.FeedProducer;
import io.streamlearn.feed.dataset.Dataset;
import io.streamlearn.feed.dataset.Datasets;
import io.streamlearn.feed.dataset.FeatureRecordJson;
import io.streamlearn.learn.ModelCodec;
import io.streamlearn.topology.PipelineDefinition;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Crash consistency: {@code java -jar target/streamlearn.jar run} as a separate process against the
 * real broker of this JVM, over 200,000 friedman1 records, killed with SIGKILL at three seeded
 * points of the stream and restarted each time, once on a deleted state directory (a restore from
 * the changelog). At the end every model (ridge, FTRL lasso, the MLP with dropout and its batch
 * buffer) and the evaluation state are bit-identical to those of an uninterrupted run of the same
 * spec on the same input (in this JVM, another application id), and the output topic, read with
 * read_committed, holds exactly one prediction per input id, each byte-identical to the
 * uninterrupted run's: no record was lost to training, none trained twice.
 */
class CrashConsistencyIT {

    private static final int RECORDS = 200_000;
    private static final String INPUT = "crash.features";
    private static final long SEED = 20_261_127L;
    private static final String SPEC = """
            name: crash
            input: crash.features
            output: %s
            task: regression
            features: {dimension: 10, standardize: true}
            evaluation: {holdoutFraction: 0.1, reservoir: 500, every: 1000}
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
    void killedThreeTimesTheModelsEndBitIdenticalToAnUninterruptedRun() throws Exception {
        StreamlearnJar.jar();
        try (Admin admin = Admin.create(client())) {
            admin.createTopics(List.of(new NewTopic(INPUT, 1, (short) 1))).all().get();
        }
        produce();
        Path crashSpec = spec("crash.yaml", "crash.predictions");
        Path referenceSpec = spec("reference.yaml", "reference.predictions");
        Path config = StreamlearnJar.fastFailoverConfig(dir);

        long start = System.nanoTime();
        PipelineDefinition pipeline = PipelineSpecs.read(List.of(referenceSpec)).get(0);
        try (StreamlearnApp reference = StreamlearnApp.start(List.of(pipeline), AppSettings.resolve(config, Map.of(), Map.of(
                StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                StreamsConfig.APPLICATION_ID_CONFIG, "crash-reference",
                StreamsConfig.STATE_DIR_CONFIG, dir.resolve("reference-state").toString())), -1)) {
            KafkaTestSupport.await(() -> reference.monitors().get("crash").processed() == RECORDS, Duration.ofSeconds(180),
                    "the uninterrupted run");
        }
        System.out.printf("reference run: %.1f s%n", (System.nanoTime() - start) / 1e9);

        Random random = new Random(SEED);
        int[] killAt = new int[3];
        for (int i = 0; i < killAt.length; i++) {
            killAt[i] = (int) (RECORDS * (0.1 + 0.8 * random.nextDouble()));
        }
        Arrays.sort(killAt);
        Path stateDir = dir.resolve("crash-state");
        List<String> command = StreamlearnJar.command("512m", "run",
                "--topology", crashSpec.toString(), "--bootstrap-servers", kafka.bootstrapServers(),
                "--config", config.toString(), "--state-dir", stateDir.toString(),
                "--application-id", "crash-app", "--http-port", "-1");
        try (KafkaConsumer<byte[], byte[]> progress = uncommittedReader("crash.predictions")) {
            long seen = 0;
            for (int i = 0; i < killAt.length; i++) {
                if (i == 1) {
                    deleteRecursively(stateDir);
                }
                Process app = launch(command, i);
                try {
                    while (seen < killAt[i]) {
                        assertThat(app.isAlive()).as("run #%d is alive (log %s)", i, log(i)).isTrue();
                        seen += progress.poll(Duration.ofMillis(100)).count();
                    }
                } finally {
                    app.destroyForcibly(); // SIGKILL on Linux: no shutdown hook, no commit
                    app.waitFor();
                }
                System.out.printf("run #%d killed after %d predictions seen (target %d)%n", i, seen, killAt[i]);
            }
            Process last = launch(command, killAt.length);
            try {
                long deadline = System.nanoTime() + Duration.ofSeconds(180).toNanos();
                try (KafkaConsumer<byte[], byte[]> committed = KafkaTestSupport.committedReader(kafka.bootstrapServers(), "crash-done")) {
                    committed.subscribe(List.of("crash.predictions"));
                    long count = 0;
                    while (count < RECORDS) {
                        assertThat(last.isAlive()).as("the last run is alive (log %s)", log(killAt.length)).isTrue();
                        assertThat(System.nanoTime()).as("all predictions within 180 s").isLessThan(deadline);
                        count += committed.poll(Duration.ofMillis(500)).count();
                    }
                }
            } finally {
                last.destroy();
                last.waitFor();
            }
        }
        System.out.printf("crash and reference runs: %.1f s%n", (System.nanoTime() - start) / 1e9);

        Map<String, byte[]> expected = predictions("reference.predictions");
        Map<String, byte[]> actual = predictions("crash.predictions");
        assertThat(expected).hasSize(RECORDS);
        assertThat(actual).hasSize(RECORDS);
        for (Map.Entry<String, byte[]> e : expected.entrySet()) {
            assertThat(new String(actual.get(e.getKey()), StandardCharsets.UTF_8)).as("prediction of %s", e.getKey())
                    .isEqualTo(new String(e.getValue(), StandardCharsets.UTF_8));
        }
        List<byte[]> reference = CommittedState.pipeline(client(), "crash-reference", pipeline);
        List<byte[]> crashed = CommittedState.pipeline(client(), "crash-app", pipeline);
        for (int i = 0; i < reference.size(); i++) {
            String part = i < pipeline.learnerNames().size() ? pipeline.learnerNames().get(i) : "evaluation state";
            assertThat(crashed.get(i)).as(part).isNotNull().isEqualTo(reference.get(i));
        }
        assertThat(ModelCodec.fromBytes(reference.get(2)).updates()).as("the MLP's steps").isGreaterThan(RECORDS * 8 / 10 / 32);
    }

    /** Predictions by id; fails on a second prediction for an id. */
    private static Map<String, byte[]> predictions(String topic) throws Exception {
        Map<String, byte[]> byId = new HashMap<>();
        List<String> duplicates = new ArrayList<>();
        CommittedState.readToEnd(client(), topic, r -> {
            String id = idOf(r.value());
            if (byId.put(id, r.value()) != null) {
                duplicates.add(id);
            }
        });
        assertThat(duplicates).as("ids predicted twice in " + topic).isEmpty();
        return byId;
    }

    /** The id of a prediction: the text of its first field, {"id": "..."}. */
    private static String idOf(byte[] prediction) {
        String s = new String(prediction, 0, Math.min(prediction.length, 64), StandardCharsets.UTF_8);
        int start = s.indexOf("\"id\":\"") + 6;
        return s.substring(start, s.indexOf('"', start));
    }

    private Process launch(List<String> command, int run) throws IOException {
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log(run).toFile()).start();
    }

    private Path log(int run) {
        return dir.resolve("run-" + run + ".log");
    }

    private Path spec(String file, String output) throws IOException {
        Path p = dir.resolve(file);
        Files.writeString(p, SPEC.formatted(output));
        return p;
    }

    private static void produce() throws Exception {
        Dataset friedman = Datasets.open("friedman1", SEED);
        try (KafkaProducer<byte[], byte[]> producer = FeedProducer.open(kafka.bootstrapServers())) {
            for (int i = 0; i < RECORDS; i++) {
                producer.send(new ProducerRecord<>(INPUT, FeatureRecordJson.encode(friedman.next(), null)));
            }
        }
    }

    private static KafkaConsumer<byte[], byte[]> uncommittedReader(String topic) {
        Properties p = client();
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "crash-progress");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_uncommitted");
        KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        consumer.subscribe(List.of(topic));
        return consumer;
    }

    private static Properties client() {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        return p;
    }

    private static void deleteRecursively(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
