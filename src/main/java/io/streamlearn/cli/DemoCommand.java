package io.streamlearn.cli;

import io.streamlearn.app.AppSettings;
import io.streamlearn.app.StreamlearnApp;
import io.streamlearn.app.http.HttpSettings;
import io.streamlearn.app.http.HttpSettingsException;
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
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.streams.StreamsConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code demo}: a real Kafka broker in this JVM, a built-in dataset streamed into it (or none), the
 * pipeline of {@code topologies/demo.yaml} learning from it, the HTTP server, and a live table with
 * the last predictions of records that did not come from the built-in feed.
 *
 * <p>Stopping: SIGINT (Ctrl-C) or SIGTERM at any moment after the {@code starting} line stops the
 * producer, the topology and the broker in that order, prints the final table (or says that there
 * was no prediction yet), removes the broker's and the state's temporary folders and exits 0. Nothing
 * is kept between runs.
 */
@Command(name = "demo", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Runs everything in one process: an embedded Kafka broker, a producer of a built-in dataset, the demo "
                + "pipeline (ridge, lasso, elastic net, MLP) and the HTTP server; prints a live table. Ctrl-C or "
                + "SIGTERM stops it, prints the final table and exits 0; its broker and state are temporary.")
public final class DemoCommand implements Callable<Integer> {

    private static final Logger LOG = LoggerFactory.getLogger(DemoCommand.class);

    static final String SPEC = "topologies/demo.yaml";
    /** The broker's port unless --kafka-port says otherwise; an ephemeral one when it is taken. */
    static final int DEFAULT_KAFKA_PORT = 9092;
    /** The HTTP server's port unless --http-port says otherwise; an ephemeral one when it is taken. */
    static final int DEFAULT_HTTP_PORT = 8080;
    /** Kafka's log file in the demo's temporary folder (KafkaLogFile). */
    static final String KAFKA_LOG = "kafka.log";
    /** Predictions of the user's own records shown under the table. */
    static final int OWN_RECORDS_SHOWN = 5;

    @Option(names = "--records", defaultValue = "0", paramLabel = "N",
            description = "Stop after N predictions, print the final table and exit 0; 0 runs until Ctrl-C.")
    long records;

    @Option(names = "--feed", defaultValue = "friedman1", paramLabel = "NAME",
            description = "The built-in producer's dataset: friedman1, drift or diabetes; none for no producer (only "
                    + "your own records). Default ${DEFAULT-VALUE}.")
    String feed;

    @Option(names = "--rate", defaultValue = "2000", paramLabel = "N",
            description = "Records per second the built-in producer sends; 0 for as fast as possible. Default ${DEFAULT-VALUE}.")
    long rate;

    @Option(names = "--kafka-port", paramLabel = "K",
            description = "Port of the embedded broker; 0 for an ephemeral one. Default " + DEFAULT_KAFKA_PORT
                    + ", or an ephemeral port (with a message) when " + DEFAULT_KAFKA_PORT + " is taken.")
    Integer kafkaPort;

    @Option(names = "--http-port", paramLabel = "P",
            description = "Port of the HTTP server; 0 for an ephemeral one. Default " + DEFAULT_HTTP_PORT
                    + ", or an ephemeral port (with a message) when " + DEFAULT_HTTP_PORT + " is taken.")
    Integer httpPort;

    @Option(names = "--http-host", paramLabel = "HOST",
            description = "Address the HTTP server binds to, e.g. 127.0.0.1 for this machine only (without "
                    + "--http-token-file the HTTP port has no authentication). Default: all interfaces.")
    String httpHost;

    @Mixin
    HttpSecurityOptions httpSecurity;

    private final StopSignal stop = StopSignal.forCommand();
    /** The application reached RUNNING and the feed started. */
    private volatile boolean ready;

    @Override
    public Integer call() throws Exception {
        stop.install("streamlearn-demo", Duration.ofSeconds(90));
        int status = 1;
        try {
            status = demo(System.out);
        } catch (Exception | LinkageError e) {
            if (!stop.requested() || ready) {
                throw e;
            }
            // a signal during start-up: what was starting may fail (Kafka's classes refuse to add
            // shutdown hooks once the JVM is shutting down); demo() has removed its folders
            LOG.debug("start-up interrupted by the stop", e);
            status = stoppedBeforeTheFirstRecord(System.out);
        } finally {
            stop.finish(status);
        }
        return status;
    }

    private int demo(PrintStream out) throws Exception {
        Path temp = DemoTempDir.create();
        try {
            // Kafka's lines would break into the live table: they go to a file, their warnings summed up at the end
            int status;
            List<String> kafkaWarnings;
            try (KafkaLogFile kafkaLog = KafkaLogFile.open(temp.resolve(KAFKA_LOG))) {
                status = demo(out, temp);
                kafkaWarnings = kafkaLog.warnings();
            }
            if (!kafkaWarnings.isEmpty()) {
                System.err.println("Kafka logged " + kafkaWarnings.size() + " line(s) at WARN or above while the demo ran, the first: "
                        + kafkaWarnings.get(0));
            }
            return status;
        } finally {
            deleteRecursively(temp);
            LOG.info("removed the temporary folder {}", temp);
        }
    }

    private int demo(PrintStream out, Path temp) throws Exception {
        long started = System.nanoTime();
        if (!"none".equals(feed) && !Datasets.NAMES.contains(feed)) {
            System.err.println("--feed must be none or one of " + String.join(", ", Datasets.NAMES) + ", got '" + feed + "'");
            return 2;
        }
        if (rate < 0 || records < 0) {
            System.err.println("--rate and --records must be >= 0");
            return 2;
        }
        int port;
        if (kafkaPort == null) {
            port = isFree(DEFAULT_KAFKA_PORT) ? DEFAULT_KAFKA_PORT : 0;
            if (port == 0) {
                out.println("port " + DEFAULT_KAFKA_PORT + " is taken: the broker takes an ephemeral port (see below); "
                        + "give --kafka-port K for a fixed one");
            }
        } else if (kafkaPort != 0 && !isFree(kafkaPort)) {
            System.err.println("--kafka-port " + kafkaPort + ": the port is taken");
            return 2;
        } else {
            port = kafkaPort;
        }
        PipelineDefinition pipeline = PipelineDefinition.of(BundledSpecs.read(SPEC));
        EmbeddedKafka.loadShutdownHookClasses();
        out.println("streamlearn demo: starting (Ctrl-C stops it)");
        return runDemo(out, pipeline, port, Files.createDirectories(temp.resolve("broker")),
                Files.createDirectories(temp.resolve("state")), started);
    }

    private int runDemo(PrintStream out, PipelineDefinition pipeline, int port, Path brokerDir, Path stateDir,
                        long started) throws Exception {
        if (stop.requested()) {
            return stoppedBeforeTheFirstRecord(out);
        }
        EmbeddedKafka kafka = EmbeddedKafka.start(port, brokerDir);
        try {
            out.println("Kafka broker (KRaft, in this JVM): " + kafka.bootstrapServers());
            out.println("Kafka's log: " + brokerDir.resolveSibling(KAFKA_LOG) + " (removed at the end)");
            if (stop.requested()) {
                return stoppedBeforeTheFirstRecord(out);
            }
            // one instance by construction: no standby could be placed, and Kafka Streams would warn so
            // for every task at every rebalance
            Map<String, String> flags = new HashMap<>(Map.of(
                    StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                    StreamsConfig.APPLICATION_ID_CONFIG, "streamlearn-demo",
                    StreamsConfig.STATE_DIR_CONFIG, stateDir.toString(),
                    StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, "0"));
            httpSecurity.addTo(flags);
            // of the environment, the demo reads only the HTTP server's token and password
            Map<String, String> env = new HashMap<>(System.getenv());
            env.keySet().removeIf(k -> !k.startsWith(AppSettings.ENV_HTTP_PREFIX));
            AppSettings settings = AppSettings.resolve(null, env, flags);
            HttpSettings http;
            try {
                http = settings.http(httpHost, httpPort != null ? httpPort : DEFAULT_HTTP_PORT);
            } catch (HttpSettingsException e) {
                System.err.println("streamlearn: " + e.getMessage());
                return 2;
            }
            OwnRecords own = new OwnRecords(feed);
            LiveTable live = LiveTable.onStandardOutput(out);
            long seen = 0;
            double overall = 0;
            PipelineMonitor monitor;
            StreamlearnApp starting = startApp(out, pipeline, settings, http);
            if (starting == null) {
                return 2;
            }
            try (StreamlearnApp app = starting) {
                monitor = app.monitors().get(pipeline.name());
                try (KafkaConsumer<byte[], byte[]> predictions = predictionConsumer(kafka.bootstrapServers())) {
                    predictions.subscribe(List.of(pipeline.output().name()));
                    if (awaitRunning(app, out, started, pipeline, http)) {
                        Thread producing = "none".equals(feed) ? null : startFeed(kafka.bootstrapServers(), pipeline);
                        long watching = System.nanoTime();
                        try {
                            seen = watch(predictions, pipeline, monitor, own, live);
                        } finally {
                            // before the stop's own lines: on a terminal the final table takes the live one's place
                            live.erase();
                            stop.request();
                            if (producing != null) {
                                producing.join(30_000);
                                LOG.info("stopped the producer");
                            }
                        }
                        overall = seen / Math.max(1e-9, (System.nanoTime() - watching) / 1e9);
                    } else if (!stop.requested()) {
                        out.println("the application did not start: " + app.state());
                        return 1;
                    }
                }
                app.close(Duration.ofSeconds(30));
                LOG.info("stopped the topology");
            }
            out.println();
            if (seen == 0) {
                out.println("final: no predictions (stopped before the first record)");
            } else {
                out.println("final:");
                out.print(table(pipeline, monitor, seen, overall, own));
            }
            out.flush();
            return 0;
        } finally {
            kafka.close();
            LOG.info("stopped the broker");
        }
    }

    /**
     * Starts the application with the HTTP server on {@code --http-port}, else on 8080 or, when 8080
     * is taken, an ephemeral port (said on {@code out}, as for the broker's port); null after one line
     * on standard error when the port given by {@code --http-port} cannot be bound.
     */
    private StreamlearnApp startApp(PrintStream out, PipelineDefinition pipeline, AppSettings settings,
                                    HttpSettings http) throws Exception {
        try {
            return StreamlearnApp.start(List.of(pipeline), settings, Optional.of(http));
        } catch (BindException e) {
            if (httpPort != null) {
                System.err.println("--http-port " + http.port() + (httpHost == null ? "" : " --http-host " + httpHost)
                        + ": " + e.getMessage() + " (give another port, or 0 for an ephemeral one)");
                return null;
            }
            out.println("port " + http.port() + " is taken: the HTTP server takes an ephemeral port (see below); "
                    + "give --http-port P for a fixed one");
            return StreamlearnApp.start(List.of(pipeline), settings, Optional.of(http.withPort(0)));
        }
    }

    /** Waits until the application runs (true), a stop is asked for or a minute passes (false). */
    private boolean awaitRunning(StreamlearnApp app, PrintStream out, long started, PipelineDefinition pipeline,
                                 HttpSettings http) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!app.awaitRunning(Duration.ofMillis(100))) {
            if (stop.requested() || System.nanoTime() > deadline) {
                return false;
            }
        }
        out.printf("open %4$s%n%5$s on port %1$d (/health, /metrics, /models, /predict); ready in %2$.1f s; feed your own records to topic %3$s%n",
                app.httpPort(), (System.nanoTime() - started) / 1e9, pipeline.input().name(), http.consoleUrl(app.httpPort()),
                http.scheme().toUpperCase(Locale.ROOT));
        ready = true;
        return true;
    }

    private static int stoppedBeforeTheFirstRecord(PrintStream out) {
        out.println();
        out.println("final: no predictions (stopped before the first record)");
        out.flush();
        return 0;
    }

    /** The producer thread: the feed's records at {@code --rate} until stopped; its producer is closed when it ends. */
    private Thread startFeed(String bootstrap, PipelineDefinition pipeline) {
        Thread producing = new Thread(() -> {
            try (KafkaProducer<byte[], byte[]> producer = FeedProducer.open(bootstrap)) {
                Feeder feeder = new Feeder(producer, pipeline.input().name(), () -> { });
                feeder.run(new RecordFeed(RecordSource.dataset(Datasets.open(feed, 42), Long.MAX_VALUE),
                        RecordFeed.NO_KEY, true, System.err::println), rate, records, stop::requested);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                LOG.error("the {} feed failed", feed, e);
            }
        }, "streamlearn-demo-producer");
        producing.setDaemon(true);
        producing.start();
        return producing;
    }

    /**
     * Counts committed predictions and shows the table about once a second until N were read or
     * stop, in {@code live}: redrawn in place on a terminal.
     */
    private long watch(KafkaConsumer<byte[], byte[]> predictions, PipelineDefinition pipeline,
                       PipelineMonitor monitor, OwnRecords own, LiveTable live) {
        long seen = 0;
        long lastPrint = System.nanoTime();
        long lastSeen = 0;
        while (!stop.requested() && (records <= 0 || seen < records)) {
            ConsumerRecords<byte[], byte[]> batch = predictions.poll(Duration.ofMillis(200));
            seen += batch.count();
            batch.forEach(r -> own.offer(r.value()));
            long now = System.nanoTime();
            if (now - lastPrint >= 1_000_000_000L) {
                double rate = (seen - lastSeen) / ((now - lastPrint) / 1e9);
                live.show(table(pipeline, monitor, seen, rate, own));
                lastPrint = now;
                lastSeen = seen;
            }
        }
        return seen;
    }

    private static String table(PipelineDefinition pipeline, PipelineMonitor monitor, long predictions, double rate,
                                OwnRecords own) {
        return LearnerTable.render(pipeline.name(), pipeline.classes() > 0, monitor.learners(), String.format(
                Locale.ROOT, "predictions %,d   %,.0f records/s   dead letters %,d", predictions, rate, monitor.rejected()))
                + own.render();
    }

    private static KafkaConsumer<byte[], byte[]> predictionConsumer(String bootstrap) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "streamlearn-demo-table");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        return new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    private static boolean isFree(int port) {
        try (ServerSocket probe = new ServerSocket()) {
            probe.setReuseAddress(true);
            probe.bind(new InetSocketAddress("localhost", port));
            return true;
        } catch (IOException taken) {
            return false;
        }
    }

    static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
