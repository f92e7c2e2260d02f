package io.streamlearn.cli;

import io.streamlearn.app.AppSettings;
import io.streamlearn.app.StreamlearnApp;
import io.streamlearn.app.TopicProvisioner;
import io.streamlearn.broker.BrokerProcess;
import io.streamlearn.broker.EmbeddedKafka;
import io.streamlearn.feed.FeedProducer;
import io.streamlearn.feed.RecordFeed;
import io.streamlearn.feed.RecordSource;
import io.streamlearn.feed.dataset.Datasets;
import io.streamlearn.learn.ModelCodec;
import io.streamlearn.pipeline.PipelineStateCodec;
import io.streamlearn.query.SaveCost;
import io.streamlearn.topology.PipelineDefinition;
import io.streamlearn.topology.PipelineState;
import io.streamlearn.topology.StreamlearnTopology;
import io.streamlearn.topology.Topic;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code bench}: end-to-end throughput and latency on a real broker, side by side, of (a) a
 * pass-through topology with the same serdes and (b) streamlearn with the pipeline of
 * {@code topologies/bench.yaml} (ridge, lasso, MLP on friedman1), both exactly-once.
 *
 * <p>Throughput: N records are produced first, then the application starts and reads the backlog;
 * records/s = predictions between the first and the last one read (read_committed) over that time.
 * Latency: then L more records at R records/s; latency = time a prediction is read minus the input
 * record's timestamp (set by the producer at send, carried to the output by Kafka Streams).
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Measures records/s and produce-to-prediction latency of a pass-through topology and of "
                + "streamlearn (ridge, lasso, MLP on friedman1), on an embedded or given broker.")
public final class BenchCommand implements Callable<Integer> {

    @Option(names = "--records", defaultValue = "200000", paramLabel = "N", description = "Backlog for throughput. Default ${DEFAULT-VALUE}.")
    int records;

    @Option(names = "--latency-records", defaultValue = "20000", paramLabel = "L", description = "Records for latency. Default ${DEFAULT-VALUE}.")
    int latencyRecords;

    @Option(names = "--latency-rate", defaultValue = "5000", paramLabel = "R", description = "Records/s for latency. Default ${DEFAULT-VALUE}.")
    int latencyRate;

    @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT", description = "A broker to use; default: an embedded one.")
    String bootstrapServers;

    @Option(names = "--broker-process", description = "Run the embedded broker in a JVM of its own instead of this one.")
    boolean brokerProcess;

    @Option(names = "--config", paramLabel = "FILE",
            description = "Kafka client and Streams properties applied to both applications alike, over streamlearn's defaults.")
    Path config;

    @Option(names = "--results", defaultValue = "bench/results", paramLabel = "DIR", description = "Where to write the results. Default ${DEFAULT-VALUE}.")
    Path results;

    /** One measured application. */
    record Result(String name, double perSecond, long p50Millis, long p99Millis, long p999Millis, String note) {}

    @Override
    public Integer call() throws Exception {
        List<byte[]> payloads = payloads(records + latencyRecords);
        AutoCloseable embedded = null;
        String bootstrap = bootstrapServers;
        if (bootstrap == null && brokerProcess) {
            BrokerProcess broker = BrokerProcess.start();
            embedded = broker;
            bootstrap = broker.bootstrapServers();
        } else if (bootstrap == null) {
            EmbeddedKafka broker = EmbeddedKafka.start(0);
            embedded = broker;
            bootstrap = broker.bootstrapServers();
        }
        Path stateDir = Files.createTempDirectory("streamlearn-bench-");
        List<Result> measured = new ArrayList<>();
        try {
            Topic<byte[], byte[]> in = Topic.ofBytes("bench.passthrough.features");
            Topic<byte[], byte[]> out = Topic.ofBytes("bench.passthrough.predictions");
            AppSettings settings = settings(bootstrap, "streamlearn-bench-passthrough", stateDir);
            try (Admin admin = Admin.create(settings.kafka())) {
                TopicProvisioner.ensure(admin, List.of(in.name(), out.name()), 1, settings.topicReplication());
            }
            measured.add(measure("(a) pass-through", bootstrap, in.name(), out.name(), payloads, () -> {
                KafkaStreams streams = new KafkaStreams(StreamlearnTopology.passThrough(in, out), settings.kafka());
                CountDownLatch running = new CountDownLatch(1);
                streams.setStateListener((now, before) -> {
                    if (now == KafkaStreams.State.RUNNING) {
                        running.countDown();
                    }
                });
                streams.start();
                running.await(60, TimeUnit.SECONDS);
                return new Running(() -> streams.close(Duration.ofSeconds(30)), () -> "");
            }));
            PipelineDefinition pipeline = PipelineDefinition.of(BundledSpecs.read("topologies/bench.yaml"));
            AppSettings learnSettings = settings(bootstrap, "streamlearn-bench", stateDir);
            try (Admin admin = Admin.create(learnSettings.kafka())) {
                TopicProvisioner.ensure(admin, List.of(pipeline.input().name(), pipeline.output().name(),
                        pipeline.deadLetter().name()), 1, learnSettings.topicReplication());
            }
            measured.add(measure("(b) streamlearn: ridge, lasso, mlp", bootstrap, pipeline.input().name(),
                    pipeline.output().name(), payloads, () -> {
                StreamlearnApp app = StreamlearnApp.start(List.of(pipeline), learnSettings, -1);
                app.awaitRunning(Duration.ofSeconds(60));
                return new Running(app::close, () -> stateCost(app, pipeline));
            }));
        } finally {
            if (embedded != null) {
                embedded.close();
            }
        }
        String report = report(measured);
        System.out.print(report);
        Files.createDirectories(results);
        Path file = results.resolve("bench-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmm")) + ".md");
        Files.writeString(file, report);
        System.out.println("written to " + file);
        return 0;
    }

    /** A started application, its stop, and a note read before the stop. */
    record Running(AutoCloseable stop, java.util.function.Supplier<String> note) {}

    interface Starter {
        Running start() throws Exception;
    }

    private Result measure(String name, String bootstrap, String input, String output, List<byte[]> payloads,
                           Starter starter) throws Exception {
        try (KafkaProducer<byte[], byte[]> producer = FeedProducer.open(bootstrap);
             KafkaConsumer<byte[], byte[]> consumer = consumer(bootstrap, name)) {
            for (int i = 0; i < records; i++) {
                producer.send(new ProducerRecord<>(input, payloads.get(i)));
            }
            producer.flush();
            consumer.subscribe(List.of(output));
            Running app = starter.start();
            try {
                long first = 0;
                long last = 0;
                int seen = 0;
                long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
                while (seen < records && System.nanoTime() < deadline) {
                    int n = consumer.poll(Duration.ofMillis(100)).count();
                    if (n > 0) {
                        long now = System.nanoTime();
                        if (seen == 0) {
                            first = now;
                        }
                        seen += n;
                        last = now;
                    }
                }
                double perSecond = (seen - 1) / ((last - first) / 1e9);
                long[] latencies = latencies(producer, consumer, input, payloads);
                String note = app.note().get();
                System.err.printf(Locale.ROOT, "%s: %,.0f records/s, p50 %d ms, p99 %d ms, p999 %d ms%n", name,
                        perSecond, percentile(latencies, 0.5), percentile(latencies, 0.99), percentile(latencies, 0.999));
                return new Result(name, perSecond, percentile(latencies, 0.5), percentile(latencies, 0.99),
                        percentile(latencies, 0.999), note);
            } finally {
                app.stop().close();
            }
        }
    }

    private long[] latencies(KafkaProducer<byte[], byte[]> producer, KafkaConsumer<byte[], byte[]> consumer,
                             String input, List<byte[]> payloads) throws InterruptedException {
        Thread sender = new Thread(() -> {
            long start = System.nanoTime();
            for (int i = 0; i < latencyRecords; i++) {
                producer.send(new ProducerRecord<>(input, payloads.get(records + i)));
                long wait = start + (i + 1) * 1_000_000_000L / latencyRate - System.nanoTime();
                if (wait > 1_000_000) {
                    try {
                        Thread.sleep(wait / 1_000_000);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }
            producer.flush();
        }, "bench-latency-producer");
        sender.start();
        long[] latencies = new long[latencyRecords];
        int n = 0;
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        while (n < latencyRecords && System.nanoTime() < deadline) {
            for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(50))) {
                if (n < latencyRecords) {
                    latencies[n++] = System.currentTimeMillis() - r.timestamp();
                }
            }
        }
        sender.join();
        return Arrays.copyOf(latencies, n);
    }

    /** What writing the state at commits cost, and what writing it per record would cost. */
    private static String stateCost(StreamlearnApp app, PipelineDefinition pipeline) {
        PipelineState state = app.pipelineState(pipeline);
        SaveCost cost = state.saveCost();
        int repeats = 2000;
        long start = System.nanoTime();
        long bytes = 0;
        for (int i = 0; i < repeats; i++) {
            for (String learner : pipeline.learnerNames()) {
                bytes += ModelCodec.toBytes(state.pipeline().model(learner)).length;
            }
            bytes += PipelineStateCodec.write(state.pipeline()).length;
        }
        double perSnapshotMicros = (System.nanoTime() - start) / 1e3 / repeats;
        return String.format(Locale.ROOT, "state written at %,d commits, %.2f ms and %,d bytes per commit; one full "
                        + "snapshot (models + evaluation state, %,d bytes) takes %.1f µs to serialize",
                cost.saves(), cost.nanos() / 1e6 / Math.max(1, cost.saves()), cost.bytes() / Math.max(1, cost.saves()),
                bytes / repeats, perSnapshotMicros);
    }

    private static long percentile(long[] values, double q) {
        if (values.length == 0) {
            return -1;
        }
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(q * sorted.length) - 1)];
    }

    private static List<byte[]> payloads(int n) {
        List<byte[]> payloads = new ArrayList<>(n);
        new RecordFeed(RecordSource.dataset(Datasets.open("friedman1", 42), n), RecordFeed.NO_KEY, false,
                System.err::println).forEachRemaining(item -> payloads.add(item.value()));
        return payloads;
    }

    private static KafkaConsumer<byte[], byte[]> consumer(String bootstrap, String name) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "bench-reader-" + name.hashCode() + "-" + System.nanoTime());
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "10000");
        return new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    private AppSettings settings(String bootstrap, String applicationId, Path stateDir) throws IOException {
        return AppSettings.resolve(config, Map.of(), Map.of(
                StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                StreamsConfig.APPLICATION_ID_CONFIG, applicationId,
                StreamsConfig.STATE_DIR_CONFIG, stateDir.toString()));
    }

    private String report(List<Result> measured) throws IOException {
        StringBuilder s = new StringBuilder();
        s.append("# streamlearn bench, ").append(LocalDateTime.now().format(DateTimeFormatter.ISO_LOCAL_DATE_TIME)).append("\n\n");
        s.append("Command: `java -jar target/streamlearn.jar bench --records ").append(records)
                .append(" --latency-records ").append(latencyRecords).append(" --latency-rate ").append(latencyRate)
                .append(bootstrapServers == null ? "" : " --bootstrap-servers " + bootstrapServers)
                .append(brokerProcess ? " --broker-process" : "")
                .append(config == null ? "" : " --config " + config).append("`\n\n");
        if (config != null) {
            s.append("Properties of ").append(config).append(" (both applications):\n\n```\n")
                    .append(Files.readString(config).strip()).append("\n```\n\n");
        }
        s.append("Machine: ").append(machine()).append("\n\n");
        String broker = bootstrapServers != null ? bootstrapServers
                : brokerProcess ? "embedded KRaft broker (Kafka 4.1.1) in a JVM of its own"
                : "embedded KRaft broker in the same JVM (Kafka 4.1.1)";
        s.append("Broker: ").append(broker)
                .append("; both applications ").append(learnProperty(StreamsConfig.PROCESSING_GUARANTEE_CONFIG))
                .append(", commit.interval.ms ").append(learnProperty(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG))
                .append(", one input partition, one stream thread.\n\n");
        s.append("| application | records/s (backlog of ").append(String.format(Locale.ROOT, "%,d", records))
                .append(") | latency p50 ms | latency p99 ms | latency p999 ms (at ").append(latencyRate)
                .append(" records/s) |\n");
        s.append("| --- | ---: | ---: | ---: | ---: |\n");
        for (Result r : measured) {
            s.append(String.format(Locale.ROOT, "| %s | %,.0f | %d | %d | %d |%n", r.name(), r.perSecond(), r.p50Millis(),
                    r.p99Millis(), r.p999Millis()));
        }
        if (measured.size() == 2) {
            s.append(String.format(Locale.ROOT, "%n(b) / (a) throughput: %.2f%n", measured.get(1).perSecond() / measured.get(0).perSecond()));
        }
        for (Result r : measured) {
            if (!r.note().isEmpty()) {
                s.append("\n").append(r.name()).append(": ").append(r.note()).append("\n");
            }
        }
        return s.toString();
    }

    /** A Streams setting as both applications resolve it: Kafka Streams' defaults, streamlearn's, {@code --config}. */
    private String learnProperty(String key) throws IOException {
        return String.valueOf(new StreamsConfig(settings("localhost:9092", "bench", Path.of(".")).kafka()).values().get(key));
    }

    private static String machine() throws IOException {
        String cpu = "unknown CPU";
        Path cpuinfo = Path.of("/proc/cpuinfo");
        if (Files.isReadable(cpuinfo)) {
            cpu = Files.readAllLines(cpuinfo, StandardCharsets.UTF_8).stream().filter(l -> l.startsWith("model name"))
                    .map(l -> l.substring(l.indexOf(':') + 1).trim()).findFirst().orElse(cpu);
        }
        Path loadavg = Path.of("/proc/loadavg");
        String load = Files.isReadable(loadavg) ? Files.readString(loadavg).trim() : "unknown";
        return String.format(Locale.ROOT, "%d cores (%s), %s %s, Java %s, max heap %d MiB; load average at the end: %s"
                        + " (the machine is shared with other jobs)",
                Runtime.getRuntime().availableProcessors(), cpu, System.getProperty("os.name"),
                System.getProperty("os.version"), System.getProperty("java.version"),
                ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getMax() >> 20, load);
    }
}
