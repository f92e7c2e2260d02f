package io.streamlearn.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamlearn.cli.PipelineSpecs;
import io.streamlearn.feed.FeedProducer;
import io.streamlearn.feed.dataset.Dataset;
import io.streamlearn.feed.dataset.Datasets;
import io.streamlearn.feed.dataset.FeatureRecordJson;
import io.streamlearn.testing.CommittedState;
import io.streamlearn.testing.EmbeddedKafkaExtension;
import io.streamlearn.testing.KafkaTestSupport;
import io.streamlearn.testing.StreamlearnJar;
import io.streamlearn.topology.PipelineDefinition;
import io.streamlearn.topology.StateKeys;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
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
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.DBOptions;
import org.rocksdb.FlushOptions;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;

/**
 * Damaged local state: {@code java -jar target/streamlearn.jar run} against the real broker of this
 * JVM, stopped cleanly (SIGTERM) after each phase of friedman1 records; its stopped state directory
 * is then damaged in one of three ways and it is restarted on the next phase: (a) the store's
 * largest RocksDB file truncated to half, (b) sixteen random bytes written over the ridge model's
 * stored value through RocksDB's own API (a valid RocksDB write, so only the value's CRC-32C can
 * tell), (c) the task's checkpoint file removed. Each time the instance must log a warning, restore
 * the task from its changelog and go on: after every phase its committed models and evaluation state
 * are byte-identical to those of an undamaged run of the same spec over the same records (in this
 * JVM, another application id), and at the end every prediction is byte-identical to that run's,
 * one per input id. A model decoded from the damaged bytes would show in both.
 */
class StateDamageIT {

    private static final int PHASE = 4_000;
    private static final String INPUT = "damage.features";
    private static final long SEED = 20_261_208L;
    private static final String SPEC = """
            name: damage
            input: damage.features
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

    /** What is done to the stopped instance's state directory before each restart, and the warning it must log. */
    private enum Damage {
        TRUNCATED_STORE_FILE("damaged local state, RocksDB reports corruption: ProcessorStateException: Error opening"
                + " store streamlearn-damage-state"),
        RANDOM_BYTES_IN_A_MODEL("damaged local state, nothing decoded from it: store streamlearn-damage-state,"
                + " key damage//learner/ridge: stored value fails its CRC-32C"),
        CHECKPOINT_REMOVED("State store streamlearn-damage-state did not find checkpoint offsets while stores are not empty");

        final String warning;

        Damage(String warning) {
            this.warning = warning;
        }
    }

    @RegisterExtension
    static final EmbeddedKafkaExtension kafka = new EmbeddedKafkaExtension();

    @TempDir
    Path dir;

    @Test
    void aStoppedInstanceWithDamagedStateRestoresItsTaskFromTheChangelog() throws Exception {
        StreamlearnJar.jar();
        try (Admin admin = Admin.create(client())) {
            admin.createTopics(List.of(new NewTopic(INPUT, 1, (short) 1))).all().get();
        }
        Path damagedSpec = spec("damaged.yaml", "damage.predictions");
        Path referenceSpec = spec("reference.yaml", "reference.predictions");
        Path config = StreamlearnJar.fastFailoverConfig(dir);
        PipelineDefinition pipeline = PipelineSpecs.read(List.of(referenceSpec)).get(0);
        Path stateDir = dir.resolve("damaged-state");
        Path taskDir = stateDir.resolve("damage-app").resolve("0_0");
        Path storeDir = taskDir.resolve("rocksdb").resolve(pipeline.storeName());
        List<String> command = StreamlearnJar.command("384m", "run",
                "--topology", damagedSpec.toString(), "--bootstrap-servers", kafka.bootstrapServers(),
                "--config", config.toString(), "--state-dir", stateDir.toString(),
                "--application-id", "damage-app", "--http-port", "-1");
        Dataset friedman = Datasets.open("friedman1", SEED);
        Random random = new Random(SEED);
        Damage[] damages = Damage.values();

        try (KafkaConsumer<byte[], byte[]> damagedOut = KafkaTestSupport.committedReader(kafka.bootstrapServers(), "damaged-count");
             KafkaConsumer<byte[], byte[]> referenceOut = KafkaTestSupport.committedReader(kafka.bootstrapServers(), "reference-count")) {
            damagedOut.subscribe(List.of("damage.predictions"));
            referenceOut.subscribe(List.of("reference.predictions"));
            long[] counts = new long[2];
            for (int phase = 0; phase <= damages.length; phase++) {
                produce(friedman, PHASE);
                int expected = (phase + 1) * PHASE;
                if (phase > 0) {
                    Damage damage = damages[phase - 1];
                    System.out.printf("phase %d: %s: %s%n", phase, damage, damage(damage, taskDir, storeDir, random));
                }
                Process app = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log(phase).toFile()).start();
                try {
                    counts[0] = awaitCommitted(damagedOut, counts[0], expected, app, phase);
                } catch (AssertionError e) {
                    System.out.printf("run #%d log:%n%s%n", phase, Files.readString(log(phase), StandardCharsets.UTF_8));
                    throw e;
                } finally {
                    app.destroy(); // SIGTERM: a clean stop, the checkpoint written
                    assertThat(app.waitFor(60, TimeUnit.SECONDS)).as("run #%d stopped (log %s)", phase, log(phase)).isTrue();
                }
                String text = Files.readString(log(phase), StandardCharsets.UTF_8);
                System.out.printf("run #%d log, warnings and errors:%n%s%n", phase, warnings(text));
                if (phase > 0) {
                    assertThat(text).as("run #%d log", phase).contains(damages[phase - 1].warning);
                }
                assertThat(Files.exists(taskDir.resolve(".checkpoint"))).as("checkpoint after run #%d", phase).isTrue();

                try (StreamlearnApp reference = StreamlearnApp.start(List.of(pipeline), AppSettings.resolve(config, Map.of(),
                        Map.of(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                                StreamsConfig.APPLICATION_ID_CONFIG, "damage-reference",
                                StreamsConfig.STATE_DIR_CONFIG, dir.resolve("reference-state").toString())), -1)) {
                    counts[1] = awaitCommitted(referenceOut, counts[1], expected, null, phase);
                }
                List<byte[]> reference = CommittedState.pipeline(client(), "damage-reference", pipeline);
                List<byte[]> damaged = CommittedState.pipeline(client(), "damage-app", pipeline);
                for (int i = 0; i < reference.size(); i++) {
                    String part = i < pipeline.learnerNames().size() ? pipeline.learnerNames().get(i) : "evaluation state";
                    assertThat(damaged.get(i)).as("%s after run #%d", part, phase).isNotNull().isEqualTo(reference.get(i));
                }
            }
        }

        Map<String, byte[]> expected = predictions("reference.predictions");
        Map<String, byte[]> actual = predictions("damage.predictions");
        assertThat(expected).hasSize(PHASE * (damages.length + 1));
        assertThat(actual).hasSize(expected.size());
        for (Map.Entry<String, byte[]> e : expected.entrySet()) {
            assertThat(new String(actual.get(e.getKey()), StandardCharsets.UTF_8)).as("prediction of %s", e.getKey())
                    .isEqualTo(new String(e.getValue(), StandardCharsets.UTF_8));
        }
    }

    /** Damages the stopped instance's state directory; says what it did. */
    private static String damage(Damage damage, Path taskDir, Path storeDir, Random random) throws Exception {
        switch (damage) {
            case TRUNCATED_STORE_FILE -> {
                Path largest;
                try (Stream<Path> files = Files.list(storeDir)) {
                    largest = files.filter(f -> f.toString().endsWith(".sst"))
                            .max((a, b) -> Long.compare(size(a), size(b))).orElseThrow();
                }
                long size = Files.size(largest);
                try (FileChannel channel = FileChannel.open(largest, StandardOpenOption.WRITE)) {
                    channel.truncate(size / 2);
                }
                return largest.getFileName() + " truncated from " + size + " to " + size / 2 + " bytes";
            }
            case RANDOM_BYTES_IN_A_MODEL -> {
                byte[] key = StateKeys.global("damage").learner("ridge").get();
                RocksDB.loadLibrary();
                List<ColumnFamilyDescriptor> families = new ArrayList<>();
                try (Options listing = new Options()) {
                    for (byte[] name : RocksDB.listColumnFamilies(listing, storeDir.toString())) {
                        families.add(new ColumnFamilyDescriptor(name));
                    }
                }
                List<ColumnFamilyHandle> handles = new ArrayList<>();
                try (DBOptions options = new DBOptions();
                     RocksDB db = RocksDB.open(options, storeDir.toString(), families, handles);
                     FlushOptions flush = new FlushOptions().setWaitForFlush(true)) {
                    try {
                        for (ColumnFamilyHandle family : handles) {
                            byte[] stored = db.get(family, key);
                            if (stored == null) {
                                continue;
                            }
                            byte[] damaged = stored.clone();
                            int at = 5 + random.nextInt(damaged.length - 5 - 16); // in the value, past format byte and CRC
                            byte[] noise = new byte[16];
                            random.nextBytes(noise);
                            System.arraycopy(noise, 0, damaged, at, noise.length);
                            assertThat(damaged).isNotEqualTo(stored);
                            db.put(family, key, damaged);
                            db.flush(flush, family);
                            return "16 random bytes at offset " + at + " of the " + stored.length + " stored under "
                                    + new String(key, StandardCharsets.UTF_8) + " (column family "
                                    + new String(family.getName(), StandardCharsets.UTF_8) + ")";
                        }
                    } finally {
                        handles.forEach(ColumnFamilyHandle::close);
                    }
                }
                throw new AssertionError("no value under the ridge model's key in " + storeDir);
            }
            case CHECKPOINT_REMOVED -> {
                Files.delete(taskDir.resolve(".checkpoint"));
                return taskDir.resolve(".checkpoint") + " deleted";
            }
            default -> throw new AssertionError(damage);
        }
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Counts committed predictions until {@code target}, checking that {@code app} (when given) stays alive. */
    private long awaitCommitted(KafkaConsumer<byte[], byte[]> consumer, long count, long target, Process app, int phase) {
        long deadline = System.nanoTime() + Duration.ofSeconds(180).toNanos();
        while (count < target) {
            if (app != null) {
                assertThat(app.isAlive()).as("run #%d is alive (log %s)", phase, log(phase)).isTrue();
            }
            assertThat(System.nanoTime()).as("%d predictions within 180 s in phase %d", target, phase).isLessThan(deadline);
            count += consumer.poll(Duration.ofMillis(200)).count();
        }
        assertThat(count).as("predictions after phase %d", phase).isEqualTo(target);
        return count;
    }

    private static String warnings(String log) {
        return String.join("\n", log.lines().filter(l -> l.contains("WARN") || l.contains("ERROR"))
                .map(l -> l.length() > 400 ? l.substring(0, 400) + "..." : l).toList());
    }

    /** Predictions by id; fails on a second prediction for an id. */
    private static Map<String, byte[]> predictions(String topic) {
        Map<String, byte[]> byId = new HashMap<>();
        List<String> duplicates = new ArrayList<>();
        CommittedState.readToEnd(client(), topic, r -> {
            String s = new String(r.value(), 0, Math.min(r.value().length, 64), StandardCharsets.UTF_8);
            int start = s.indexOf("\"id\":\"") + 6;
            String id = s.substring(start, s.indexOf('"', start));
            if (byId.put(id, r.value()) != null) {
                duplicates.add(id);
            }
        });
        assertThat(duplicates).as("ids predicted twice in " + topic).isEmpty();
        return byId;
    }

    private Path log(int run) {
        return dir.resolve("run-" + run + ".log");
    }

    private Path spec(String file, String output) throws IOException {
        Path p = dir.resolve(file);
        Files.writeString(p, SPEC.formatted(output));
        return p;
    }

    private static void produce(Dataset dataset, int records) throws Exception {
        try (KafkaProducer<byte[], byte[]> producer = FeedProducer.open(kafka.bootstrapServers())) {
            for (int i = 0; i < records; i++) {
                producer.send(new ProducerRecord<>(INPUT, FeatureRecordJson.encode(dataset.next(), null)));
            }
        }
    }

    private static Properties client() {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        return p;
    }
}
