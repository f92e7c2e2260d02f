package io.streamlearn.cli;

import io.streamlearn.app.AppSettings;
import io.streamlearn.app.StreamlearnApp;
import io.streamlearn.broker.EmbeddedKafka;
import io.streamlearn.feed.FeedProducer;
import io.streamlearn.feed.Feeder;
import io.streamlearn.feed.RecordFeed;
import io.streamlearn.feed.RecordSource;
import io.streamlearn.feed.dataset.Datasets;
import io.streamlearn.query.PipelineMonitor;
import io.streamlearn.topology.PipelineDefinition;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.streams.StreamsConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code demo}: a real Kafka broker in this JVM, friedman1 streamed into it, the pipeline of
 * {@code topologies/demo.yaml} learning from it, the HTTP server, and a live table.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Runs everything in one process: an embedded Kafka broker, a friedman1 producer, the demo "
                + "pipeline (ridge, lasso, elastic net, MLP) and the HTTP server; prints a live table.")
public final class DemoCommand implements Callable<Integer> {

    static final String SPEC = "topologies/demo.yaml";

    @Option(names = "--records", defaultValue = "0", paramLabel = "N",
            description = "Stop after N predictions, print the final table and exit; 0 runs until Ctrl-C.")
    long records;

    @Option(names = "--http-port", defaultValue = "8080", paramLabel = "P",
            description = "Port of the HTTP server; 0 for an ephemeral one. Default ${DEFAULT-VALUE}.")
    int httpPort;

    @Option(names = "--kafka-port", defaultValue = "0", paramLabel = "K",
            description = "Port of the embedded broker; 0 for an ephemeral one.")
    int kafkaPort;

    @Option(names = "--rate", defaultValue = "2000", paramLabel = "N",
            description = "Records per second the producer sends; 0 for as fast as possible. Default ${DEFAULT-VALUE}.")
    long rate;

    @Override
    public Integer call() throws Exception {
        PrintStream out = System.out;
        long started = System.nanoTime();
        PipelineDefinition pipeline = PipelineDefinition.of(BundledSpecs.read(SPEC));
        Path stateDir = Files.createTempDirectory("streamlearn-demo-");
        AtomicBoolean stop = new AtomicBoolean();
        CountDownLatch finished = new CountDownLatch(1);
        // Ctrl-C: stop producing and watching, then let this thread close everything and print the table
        Thread shutdown = new Thread(() -> {
            stop.set(true);
            try {
                finished.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "streamlearn-demo-shutdown");
        Runtime.getRuntime().addShutdownHook(shutdown);
        try (EmbeddedKafka kafka = EmbeddedKafka.start(kafkaPort)) {
            out.println("Kafka broker (KRaft, in this JVM): " + kafka.bootstrapServers());
            AppSettings settings = AppSettings.resolve(null, Map.of(), Map.of(
                    StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                    StreamsConfig.APPLICATION_ID_CONFIG, "streamlearn-demo",
                    StreamsConfig.STATE_DIR_CONFIG, stateDir.toString()));
            try (StreamlearnApp app = StreamlearnApp.start(List.of(pipeline), settings, httpPort);
                 KafkaConsumer<byte[], byte[]> predictions = predictionConsumer(kafka.bootstrapServers());
                 KafkaProducer<byte[], byte[]> producer = FeedProducer.open(kafka.bootstrapServers())) {
                predictions.subscribe(List.of(pipeline.output().name()));
                if (!app.awaitRunning(Duration.ofSeconds(60))) {
                    out.println("the application did not start: " + app.state());
                    return 1;
                }
                out.printf("open http://localhost:%1$d/%nHTTP on port %1$d (/health, /metrics, /models, /predict); ready in %2$.1f s; feed your own records to topic %3$s%n",
                        app.httpPort(), (System.nanoTime() - started) / 1e9, pipeline.input().name());
                Feeder feeder = new Feeder(producer, pipeline.input().name(), () -> { });
                Thread producing = new Thread(() -> {
                    try {
                        feeder.run(new RecordFeed(RecordSource.dataset(Datasets.open("friedman1", 42), Long.MAX_VALUE),
                                RecordFeed.NO_KEY, true, System.err::println), rate, records, stop::get);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }, "streamlearn-demo-producer");
                producing.setDaemon(true);
                producing.start();
                PipelineMonitor monitor = app.monitors().get(pipeline.name());
                long watching = System.nanoTime();
                long seen = watch(predictions, pipeline, monitor, stop, out);
                double overall = seen / Math.max(1e-9, (System.nanoTime() - watching) / 1e9);
                stop.set(true);
                producing.join(10_000);
                app.close(Duration.ofSeconds(30));
                out.println();
                out.println("final:");
                out.print(table(pipeline, monitor, seen, overall));
            }
        } finally {
            deleteRecursively(stateDir);
            finished.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(shutdown);
            } catch (IllegalStateException shuttingDown) {
                // Ctrl-C: the JVM is already stopping
            }
        }
        return 0;
    }

    /** Counts committed predictions and prints the table about once a second until N were read or stop. */
    private long watch(KafkaConsumer<byte[], byte[]> predictions, PipelineDefinition pipeline,
                       PipelineMonitor monitor, AtomicBoolean stop, PrintStream out) {
        AtomicLong seen = new AtomicLong();
        long lastPrint = System.nanoTime();
        long lastSeen = 0;
        while (!stop.get() && (records <= 0 || seen.get() < records)) {
            ConsumerRecords<byte[], byte[]> batch = predictions.poll(Duration.ofMillis(200));
            seen.addAndGet(batch.count());
            long now = System.nanoTime();
            if (now - lastPrint >= 1_000_000_000L) {
                double rate = (seen.get() - lastSeen) / ((now - lastPrint) / 1e9);
                out.println();
                out.print(table(pipeline, monitor, seen.get(), rate));
                lastPrint = now;
                lastSeen = seen.get();
            }
        }
        return seen.get();
    }

    private static String table(PipelineDefinition pipeline, PipelineMonitor monitor, long predictions, double rate) {
        return LearnerTable.render(pipeline.name(), pipeline.classes() > 0, monitor.learners(), String.format(
                Locale.ROOT, "predictions %,d   %,.0f records/s   dead letters %,d", predictions, rate, monitor.rejected()));
    }

    private static KafkaConsumer<byte[], byte[]> predictionConsumer(String bootstrap) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "streamlearn-demo-table");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        return new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
