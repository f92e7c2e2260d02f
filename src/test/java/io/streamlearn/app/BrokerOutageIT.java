package io.streamlearn.app;

import io.streamlearn.testing.StreamlearnJar;
import io.streamlearn.testing.CommittedState;
import io.streamlearn.testing.TestKitBroker;
import io.streamlearn.testing.KafkaTestSupport;
import static org.assertj.core.api.Assertions.assertThat;

import io.streamlearn.feed.FeedProducer;
import io.streamlearn.feed.dataset.Dataset;
import io.streamlearn.feed.dataset.Datasets;
import io.streamlearn.feed.dataset.FeatureRecordJson;
import io.streamlearn.topology.PipelineDefinition;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.security.auth.SecurityProtocol;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A broker outage of 30 s in the middle of a stream: {@code run} (a separate process, with
 * streamlearn's default settings only) keeps running while the broker is away and resumes when it
 * is back on the same port and log directory, without a restart. Nothing is lost and nothing
 * trained twice: under read_committed one prediction per input id, each byte-identical to an
 * uninterrupted run's, and the committed models and evaluation state equal that run's.
 */
class BrokerOutageIT {

    private static final int RECORDS = 60_000;
    private static final int RATE = 2_000;
    private static final String INPUT = "outage.features";
    private static final String SPEC = """
            name: outage
            input: outage.features
            output: %s
            task: regression
            features: {dimension: 10, standardize: true}
            evaluation: {holdoutFraction: 0.1, reservoir: 500, every: 1000}
            learners:
              - {name: ridge, type: linear, l2: 0.01, optimizer: {name: sgd, learningRate: 0.01, schedule: invscaling, power: 0.25}}
              - {name: mlp, type: mlp, hidden: [16, 8], dropout: 0.2, batchSize: 32, clipNorm: 1.0, seed: 42,
                 optimizer: {name: adamw, learningRate: 0.01}}
            """;

    @TempDir
    Path dir;

    @Test
    void aThirtySecondOutageIsRiddenOutWithoutARestartAndWithoutLosingOrRepeatingARecord() throws Exception {
        try (KafkaClusterTestKit cluster = TestKitBroker.start(SecurityProtocol.PLAINTEXT)) {
            String bootstrap = cluster.bootstrapServers();
            try (Admin admin = Admin.create(client(bootstrap))) {
                admin.createTopics(List.of(new NewTopic(INPUT, 1, (short) 1))).all().get();
            }
            Path spec = dir.resolve("outage.yaml");
            Files.writeString(spec, SPEC.formatted("outage.predictions"));
            Path log = dir.resolve("outage.log");
            Process app = new ProcessBuilder(StreamlearnJar.command("512m", "run", "--topology", spec.toString(), "--bootstrap-servers", bootstrap,
                    "--state-dir", dir.resolve("state").toString(), "--application-id", "outage-app", "--http-port", "-1"))
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            CompletableFuture<Void> producing = CompletableFuture.runAsync(() -> produce(bootstrap));
            try {
                try (KafkaConsumer<byte[], byte[]> progress = uncommittedReader(bootstrap, "outage.predictions")) {
                    long seen = 0;
                    while (seen < RECORDS / 4) {
                        assertThat(app.isAlive()).as("run is alive (log %s)", log).isTrue();
                        seen += progress.poll(Duration.ofMillis(100)).count();
                    }
                }
                long outage = System.nanoTime();
                cluster.brokers().get(0).shutdown();
                Thread.sleep(30_000);
                assertThat(app.isAlive()).as("run survives the outage (log %s)", log).isTrue();
                cluster.brokers().get(0).startup();
                System.out.printf("broker away for %.1f s%n", (System.nanoTime() - outage) / 1e9);
                producing.get(180, TimeUnit.SECONDS);
                long deadline = System.nanoTime() + Duration.ofSeconds(180).toNanos();
                try (KafkaConsumer<byte[], byte[]> committed = KafkaTestSupport.committedReader(bootstrap, "outage-done")) {
                    committed.subscribe(List.of("outage.predictions"));
                    long count = 0;
                    while (count < RECORDS) {
                        assertThat(app.isAlive()).as("run is alive (log %s)", log).isTrue();
                        assertThat(System.nanoTime()).as("all predictions within 180 s of the return").isLessThan(deadline);
                        count += committed.poll(Duration.ofMillis(500)).count();
                    }
                }
            } finally {
                app.destroy();
                app.waitFor(60, TimeUnit.SECONDS);
            }
            String text = Files.readString(log, StandardCharsets.UTF_8);
            text.lines().filter(l -> l.contains(" ERROR ")).limit(20)
                    .forEach(l -> System.out.println("run: " + l));
            assertThat(text).as("no stream thread died").doesNotContain("stream thread failed");

            PipelineDefinition reference = PipelineDefinition.of(io.streamlearn.spec.SpecParser.parse(
                    SPEC.formatted("outage.reference"), "reference.yaml"));
            try (StreamlearnApp uninterrupted = StreamlearnApp.start(List.of(reference), AppSettings.resolve(null, Map.of(),
                    Map.of(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                            StreamsConfig.APPLICATION_ID_CONFIG, "outage-reference",
                            StreamsConfig.STATE_DIR_CONFIG, dir.resolve("reference-state").toString())), -1)) {
                KafkaTestSupport.await(() -> uninterrupted.monitors().get("outage").processed() == RECORDS,
                        Duration.ofSeconds(120), "the uninterrupted run");
            }
            Map<String, byte[]> expected = predictions(bootstrap, "outage.reference");
            Map<String, byte[]> actual = predictions(bootstrap, "outage.predictions");
            assertThat(expected).hasSize(RECORDS);
            assertThat(actual).hasSize(RECORDS);
            for (Map.Entry<String, byte[]> e : expected.entrySet()) {
                assertThat(new String(actual.get(e.getKey()), StandardCharsets.UTF_8)).as("prediction of %s", e.getKey())
                        .isEqualTo(new String(e.getValue(), StandardCharsets.UTF_8));
            }
            List<byte[]> before = CommittedState.pipeline(client(bootstrap), "outage-reference", reference);
            List<byte[]> after = CommittedState.pipeline(client(bootstrap), "outage-app", reference);
            for (int i = 0; i < before.size(); i++) {
                String part = i < reference.learnerNames().size() ? reference.learnerNames().get(i) : "evaluation state";
                assertThat(after.get(i)).as(part).isNotNull().isEqualTo(before.get(i));
            }
        }
    }

    /** {@code RECORDS} friedman1 records at about {@code RATE}/s; sends wait out the outage (idempotent, in order). */
    private static void produce(String bootstrap) {
        Properties p = FeedProducer.properties(bootstrap);
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "180000");
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "180000");
        Dataset friedman = Datasets.open("friedman1", 99);
        long start = System.nanoTime();
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
            for (int i = 0; i < RECORDS; i++) {
                producer.send(new ProducerRecord<>(INPUT, FeatureRecordJson.encode(friedman.next(), null)), (m, e) -> {
                    if (e != null) {
                        throw new IllegalStateException("a record was not sent", e);
                    }
                });
                long due = start + i * 1_000_000_000L / RATE;
                long wait = due - System.nanoTime();
                if (wait > 1_000_000) {
                    Thread.sleep(wait / 1_000_000);
                }
            }
            producer.flush();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Map<String, byte[]> predictions(String bootstrap, String topic) {
        Map<String, byte[]> byId = new HashMap<>();
        List<String> duplicates = new java.util.ArrayList<>();
        CommittedState.readToEnd(client(bootstrap), topic, r -> {
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

    private static KafkaConsumer<byte[], byte[]> uncommittedReader(String bootstrap, String topic) {
        Properties p = client(bootstrap);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "outage-progress");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        consumer.subscribe(List.of(topic));
        return consumer;
    }

    private static Properties client(String bootstrap) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        return p;
    }
}
