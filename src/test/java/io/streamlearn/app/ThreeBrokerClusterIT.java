package io.streamlearn.app;

import io.streamlearn.testing.StreamlearnJar;
import io.streamlearn.testing.PredictionArrivals;
import io.streamlearn.testing.CommittedState;
import io.streamlearn.testing.KafkaTestSupport;
import static org.assertj.core.api.Assertions.assertThat;

import io.streamlearn.broker.BrokerCluster;
import io.streamlearn.feed.FeedProducer;
import io.streamlearn.feed.dataset.Dataset;
import io.streamlearn.feed.dataset.Datasets;
import io.streamlearn.feed.dataset.FeatureRecordJson;
import io.streamlearn.spec.SpecParser;
import io.streamlearn.topology.PipelineDefinition;
import java.io.IOException;
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
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A three-broker cluster that loses brokers: three KRaft nodes in JVMs of their own
 * ({@link BrokerCluster}), every topic of the application with replication factor 3 and
 * {@code min.insync.replicas} 2 (streamlearn's own through {@code streamlearn.topic.replication.factor},
 * Kafka Streams' internal ones through {@code replication.factor} and {@code topic.min.insync.replicas}
 * in {@code --config}, the broker's default for the rest). {@code run} (a separate process) learns
 * friedman1 records produced at {@value #RATE}/s while, in turn, the broker leading the input
 * partition is SIGKILLed and started again, then the one leading the state changelog, then all three
 * are restarted one at a time (each waits for every partition's ISR to be whole again), and last one
 * broker is kept down while {@code run} itself is SIGKILLed and started again. Bar: under
 * read_committed exactly one prediction per input id, each byte-identical to an uninterrupted run's
 * on the healthy cluster; every replaced stream thread one WARN line with its causes, none logged at
 * ERROR with its stack trace. The longest time without a new committed prediction after each event is
 * printed.
 */
class ThreeBrokerClusterIT {

    private static final int RATE = 50;
    private static final String INPUT = "cluster.features";
    private static final String OUTPUT = "cluster.predictions";
    private static final String APP_ID = "cluster-app";
    private static final String SPEC = """
            name: cluster
            input: cluster.features
            output: %s
            task: regression
            features: {dimension: 10, standardize: true}
            evaluation: {holdoutFraction: 0.1, reservoir: 500, every: 1000}
            learners:
              - {name: ridge, type: linear, l2: 0.01, optimizer: {name: sgd, learningRate: 0.01, schedule: invscaling, power: 0.25}}
              - {name: mlp, type: mlp, hidden: [16, 8], dropout: 0.2, batchSize: 32, clipNorm: 1.0, seed: 42,
                 optimizer: {name: adamw, learningRate: 0.01}}
            """;
    /** The handler's line: the exception's simple name, then its message and causes. */
    private static final Pattern REPLACED_LINE = Pattern.compile(
            "\\d\\d:\\d\\d:\\d\\d\\.\\d{3} WARN  StreamThreadFailureHandler - stream thread failed; replacing it: \\w+(: .+)?");
    /** Predictions to wait for after an event, before the next: 2 s of input. */
    private static final int RESUMED = 2 * RATE;
    private static final Duration PATIENCE = Duration.ofSeconds(120);

    @TempDir
    Path dir;

    private final List<String> report = new ArrayList<>();
    private final List<Path> appLogs = new ArrayList<>();

    @Test
    void brokersKilledAndRestartedLoseAndRepeatNoPrediction() throws Exception {
        long begin = System.nanoTime();
        StreamlearnJar.jar();
        try (BrokerCluster cluster = BrokerCluster.start(Files.createDirectories(dir.resolve("cluster")));
             Admin admin = Admin.create(client(cluster.bootstrapServers()))) {
            String bootstrap = cluster.bootstrapServers();
            Path config = config();
            Path spec = dir.resolve("cluster.yaml");
            Files.writeString(spec, SPEC.formatted(OUTPUT));
            PipelineDefinition pipeline = PipelineDefinition.of(SpecParser.parse(SPEC.formatted(OUTPUT), "cluster.yaml"));
            String changelog = APP_ID + "-" + pipeline.storeName() + "-changelog";
            int httpPort = freePort();
            // C1 only: a quicker start on a loaded machine; 50 records/s need no more
            List<String> run = StreamlearnJar.command("512m", List.of("-XX:TieredStopAtLevel=1"), "run", "--topology", spec.toString(), "--bootstrap-servers",
                    bootstrap, "--config", config.toString(), "--state-dir", dir.resolve("state").toString(),
                    "--application-id", APP_ID, "--http-host", "127.0.0.1", "--http-port", Integer.toString(httpPort));
            Process app = launch(run);
            KafkaTestSupport.await(() -> topics(admin).contains(INPUT), PATIENCE, "run to create " + INPUT);
            Feed feed = Feed.start(bootstrap);
            int failedThreads = 0;
            try (PredictionArrivals arrivals = PredictionArrivals.start(bootstrap, OUTPUT)) {
                arrivals.awaitCount(10L * RATE, PATIENCE, "the first predictions");
                KafkaTestSupport.await(() -> topics(admin).contains(changelog), PATIENCE, "the changelog");
                awaitWholeIsr(admin);

                int inputLeader = leader(admin, INPUT);
                killAndRestart(cluster, admin, arrivals, inputLeader, "leader of " + INPUT);
                int changelogLeader = leader(admin, changelog);
                killAndRestart(cluster, admin, arrivals, changelogLeader, "leader of the changelog");

                for (int node : cluster.nodeIds()) {
                    long t0 = System.nanoTime();
                    cluster.stop(node);
                    awaitMore(arrivals, "after stopping node " + node);
                    cluster.restart(node);
                    awaitWholeIsr(admin);
                    awaitMore(arrivals, "after restarting node " + node);
                    note("rolling restart, node %d stopped cleanly and restarted (%.1f s): longest pause %.1f s",
                            node, seconds(t0), arrivals.longestPause(t0, System.nanoTime()));
                }

                int coordinator = admin.describeConsumerGroups(List.of(APP_ID)).all().get().get(APP_ID).coordinator().id();
                long down = System.nanoTime();
                cluster.kill(coordinator);
                awaitMore(arrivals, "after killing node " + coordinator);
                note("SIGKILL node %d (group coordinator), kept down: longest pause %.1f s",
                        coordinator, arrivals.longestPause(down, System.nanoTime()));
                failedThreads += failedStreamThreads(httpPort);
                app.destroyForcibly();
                app.waitFor();
                long restart = System.nanoTime();
                app = launch(run);
                awaitMore(arrivals, "after restarting run with node " + coordinator + " down");
                note("run SIGKILLed and started again with node %d down: no prediction for %.1f s",
                        coordinator, arrivals.longestPause(restart, System.nanoTime()));
                cluster.restart(coordinator);
                awaitWholeIsr(admin);
                note("node %d back, every ISR whole %.1f s after its SIGKILL", coordinator, seconds(down));

                long produced = feed.stop();
                arrivals.awaitCount(produced, PATIENCE, "every prediction");
                assertThat(arrivals.count()).as("committed predictions").isEqualTo(produced);
                failedThreads += failedStreamThreads(httpPort);
                note("%d records at %d/s, %.0f s from the first prediction to the last", produced, RATE, seconds(begin));
            } finally {
                feed.stop();
                app.destroy();
                app.waitFor(60, TimeUnit.SECONDS);
            }
            assertEveryTopicReplicated(admin);
            assertReplacedThreadsLoggedAsOneWarnLine(failedThreads);
            assertPredictionsEqualAnUninterruptedRun(bootstrap, config);
        }
        System.out.printf("ThreeBrokerClusterIT: %.0f s%n%s%n", seconds(begin), String.join("\n", report));
    }

    /** SIGKILL of a node mid-stream; started again once predictions flow without it. */
    private void killAndRestart(BrokerCluster cluster, Admin admin, PredictionArrivals arrivals, int node, String role)
            throws Exception {
        long t0 = System.nanoTime();
        cluster.kill(node);
        awaitMore(arrivals, "after killing node " + node);
        double pause = arrivals.longestPause(t0, System.nanoTime());
        long restart = System.nanoTime();
        cluster.restart(node);
        double started = seconds(restart);
        awaitWholeIsr(admin);
        note("SIGKILL node %d (%s): no prediction for %.1f s; node started again in %.1f s, every ISR whole %.1f s after the kill",
                node, role, pause, started, seconds(t0));
    }

    private static void awaitMore(PredictionArrivals arrivals, String what) throws InterruptedException {
        arrivals.awaitCount(arrivals.count() + RESUMED, PATIENCE, "predictions " + what);
    }

    private void note(String format, Object... args) {
        String line = format.formatted(args);
        report.add(line);
        System.out.println("cluster: " + line);
    }

    /** Every topic of the application and the broker's internal ones: 3 replicas, min ISR 2. */
    private static void assertEveryTopicReplicated(Admin admin) throws Exception {
        List<String> topics = topics(admin).stream().filter(t -> t.startsWith("cluster.") || t.startsWith(APP_ID + "-")
                || t.startsWith("__")).toList();
        assertThat(topics).contains(INPUT, OUTPUT, INPUT + ".dlq", "__consumer_offsets", "__transaction_state")
                .anyMatch(t -> t.endsWith("-changelog"));
        for (TopicDescription d : admin.describeTopics(topics).allTopicNames().get().values()) {
            for (TopicPartitionInfo p : d.partitions()) {
                assertThat(p.replicas()).as("replicas of %s-%d", d.name(), p.partition()).hasSize(BrokerCluster.REPLICATION_FACTOR);
            }
        }
        List<ConfigResource> resources = topics.stream().map(t -> new ConfigResource(ConfigResource.Type.TOPIC, t)).toList();
        for (Map.Entry<ConfigResource, Config> c : admin.describeConfigs(resources).all().get().entrySet()) {
            assertThat(c.getValue().get(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG).value()).as("min ISR of %s", c.getKey().name())
                    .isEqualTo(Integer.toString(BrokerCluster.MIN_INSYNC_REPLICAS));
        }
    }

    /** One WARN line per replaced thread (Kafka Streams' count), with no stack trace, and no ERROR line of it. */
    private void assertReplacedThreadsLoggedAsOneWarnLine(int failedThreads) throws IOException {
        List<String> replaced = new ArrayList<>();
        for (Path log : appLogs) {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i);
                if (line.contains(" ERROR ")) {
                    System.out.println("run, ERROR: " + line);
                }
                assertThat(line).as("Kafka Streams' ERROR line for a replaced thread (%s)", log)
                        .doesNotContain("Replacing thread in the streams uncaught exception handler");
                if (line.contains("stream thread failed")) {
                    assertThat(line).as("a replaced thread's line").matches(REPLACED_LINE);
                    assertThat(i + 1 < lines.size() ? lines.get(i + 1) : "").as("the line after it (%s)", log)
                            .doesNotStartWith("\tat ").doesNotStartWith("Caused by");
                    replaced.add(line);
                }
            }
        }
        replaced.forEach(l -> note("replaced: %s", l));
        assertThat(replaced).as("WARN lines of replaced threads; Kafka Streams counted %d", failedThreads).hasSize(failedThreads);
    }

    /** The same input on the healthy cluster, in this JVM, with another application id. */
    private void assertPredictionsEqualAnUninterruptedRun(String bootstrap, Path config) throws Exception {
        Map<String, byte[]> actual = Predictions.byId(client(bootstrap), OUTPUT);
        PipelineDefinition reference = PipelineDefinition.of(SpecParser.parse(SPEC.formatted("cluster.reference"), "reference.yaml"));
        try (StreamlearnApp uninterrupted = StreamlearnApp.start(List.of(reference), AppSettings.resolve(config, Map.of(),
                Map.of(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                        StreamsConfig.APPLICATION_ID_CONFIG, "cluster-reference",
                        StreamsConfig.STATE_DIR_CONFIG, dir.resolve("reference-state").toString())), -1)) {
            KafkaTestSupport.await(() -> uninterrupted.monitors().get("cluster").processed() == actual.size(),
                    PATIENCE, "the uninterrupted run");
        }
        Map<String, byte[]> expected = Predictions.byId(client(bootstrap), "cluster.reference");
        assertThat(actual.keySet()).as("ids predicted").isEqualTo(expected.keySet());
        for (Map.Entry<String, byte[]> e : expected.entrySet()) {
            assertThat(new String(actual.get(e.getKey()), StandardCharsets.UTF_8)).as("prediction of %s", e.getKey())
                    .isEqualTo(new String(e.getValue(), StandardCharsets.UTF_8));
        }
    }

    /** Kafka Streams' count of failed stream threads of the running {@code run}, from its /metrics. */
    private static int failedStreamThreads(int httpPort) throws Exception {
        HttpResponse<String> metrics = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString());
        List<String> lines = metrics.body().lines().filter(l -> l.startsWith("kafka_stream_failed_stream_threads")).toList();
        assertThat(lines).as("Kafka Streams' failed-stream-threads in /metrics").isNotEmpty();
        return (int) lines.stream().mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }

    /** The client settings of {@code run}: quick failover, and replication for every topic it or Kafka Streams creates. */
    private Path config() throws IOException {
        Path config = StreamlearnJar.fastFailoverConfig(dir);
        Files.writeString(config, Files.readString(config)
                + AppSettings.TOPIC_REPLICATION_CONFIG + "=" + BrokerCluster.REPLICATION_FACTOR + "\n"
                + StreamsConfig.REPLICATION_FACTOR_CONFIG + "=" + BrokerCluster.REPLICATION_FACTOR + "\n"
                + StreamsConfig.topicPrefix(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG) + "=" + BrokerCluster.MIN_INSYNC_REPLICAS + "\n");
        return config;
    }

    private Process launch(List<String> command) throws IOException {
        Path log = dir.resolve("run-" + appLogs.size() + ".log");
        appLogs.add(log);
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    private static int leader(Admin admin, String topic) throws Exception {
        return admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions().get(0).leader().id();
    }

    private static List<String> topics(Admin admin) {
        try {
            return List.copyOf(admin.listTopics(new ListTopicsOptions().listInternal(true)).names().get());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Waits until every partition of every topic has a leader and all its replicas in sync. */
    private static void awaitWholeIsr(Admin admin) throws InterruptedException {
        KafkaTestSupport.await(() -> {
            try {
                for (TopicDescription d : admin.describeTopics(topics(admin)).allTopicNames().get().values()) {
                    for (TopicPartitionInfo p : d.partitions()) {
                        if (p.leader() == null || p.isr().size() < p.replicas().size()) {
                            return false;
                        }
                    }
                }
                return true;
            } catch (Exception e) {
                return false; // a broker on its way back
            }
        }, PATIENCE, "every ISR whole");
    }

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }

    private static Properties client(String bootstrap) {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        return p;
    }

    private static int freePort() throws IOException {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /** friedman1 records at {@link #RATE}/s until stopped; sends wait out a broker's death (idempotent, in order). */
    private static final class Feed {

        private final AtomicBoolean stopping = new AtomicBoolean();
        private final AtomicInteger sent = new AtomicInteger();
        private final AtomicReference<Exception> failure = new AtomicReference<>();
        private final CompletableFuture<Void> done;

        private Feed(String bootstrap) {
            done = CompletableFuture.runAsync(() -> produce(bootstrap));
        }

        static Feed start(String bootstrap) {
            return new Feed(bootstrap);
        }

        /** Stops sending, waits for every record to be acknowledged, and returns how many were sent. */
        long stop() throws Exception {
            stopping.set(true);
            done.get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
            assertThat(failure.get()).as("a record the producer could not send").isNull();
            return sent.get();
        }

        private void produce(String bootstrap) {
            Properties p = FeedProducer.properties(bootstrap);
            p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
            p.put(ProducerConfig.ACKS_CONFIG, "all");
            p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, Long.toString(PATIENCE.toMillis()));
            p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, Long.toString(PATIENCE.toMillis()));
            Dataset friedman = Datasets.open("friedman1", 28);
            long start = System.nanoTime();
            try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
                for (int i = 0; !stopping.get(); i++) {
                    producer.send(new ProducerRecord<>(INPUT, FeatureRecordJson.encode(friedman.next(), null)), (m, e) -> {
                        if (e != null) {
                            failure.compareAndSet(null, e);
                        }
                    });
                    sent.incrementAndGet();
                    long wait = start + (i + 1) * 1_000_000_000L / RATE - System.nanoTime();
                    if (wait > 1_000_000) {
                        Thread.sleep(wait / 1_000_000);
                    }
                }
                producer.flush();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** A topic's committed predictions by id; fails on a second prediction for an id. */
    private static final class Predictions {

        static Map<String, byte[]> byId(Properties client, String topic) {
            Map<String, byte[]> byId = new HashMap<>();
            List<String> duplicates = new ArrayList<>();
            CommittedState.readToEnd(client, topic, r -> {
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
    }
}
