package io.streamlearn.cli;

import io.streamlearn.app.AppSettings;
import io.streamlearn.app.StreamlearnApp;
import io.streamlearn.app.TopicProvisioner;
import io.streamlearn.broker.BrokerProcess;
import io.streamlearn.broker.EmbeddedKafka;
import io.streamlearn.feed.FeedItem;
import io.streamlearn.feed.FeedProducer;
import io.streamlearn.feed.RecordFeed;
import io.streamlearn.feed.RecordSource;
import io.streamlearn.feed.dataset.Datasets;
import io.streamlearn.query.SaveCost;
import io.streamlearn.spec.ParallelSpec;
import io.streamlearn.record.FeatureRecord;
import io.streamlearn.topology.PipelineDefinition;
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
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.LogDirDescription;
import org.apache.kafka.clients.admin.ReplicaInfo;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code bench}: end-to-end throughput and latency on a real broker, side by side, of (a) a
 * pass-through topology with the same serdes and (b) streamlearn with the pipeline of
 * {@code topologies/bench.yaml} (ridge, lasso, MLP on friedman1), both exactly-once.
 *
 * <p>Throughput: N records are produced first, then the application starts and reads the backlog;
 * records/s = predictions between the first and the last one read (read_committed) over that time.
 * Predictions are read one commit at a time, so both ends move by up to a commit interval: a backlog
 * read in a few commits is timed coarsely, and one read in a single poll cannot be timed (an error).
 * Latency: then L more records at R records/s; latency = time a prediction is read minus the input
 * record's timestamp (set by the producer at send, carried to the output by Kafka Streams).
 *
 * <p>Scale-out: {@code --scope key} measures {@code topologies/bench-key.yaml} (the same learners,
 * one model set per record key) on records keyed over {@code --keys} keys; {@code --partitions},
 * {@code --threads} and {@code --instances} (several Kafka Streams clients of one application id in
 * this process) set the layout. Every layout of {@code --threads} × {@code --instances} is measured
 * for both applications, {@code --rounds} times, in an order that alternates between rounds (the
 * machine's load drifts), each time on fresh topics and a fresh application id; medians reported.
 *
 * <p>Data-parallel: {@code --parallel N} (with {@code --scope global}) adds (c), the pipeline of
 * {@code topologies/bench.yaml} trained data-parallel ({@code parallel: {every: N}}): one replica per
 * input partition, merged every N records per partition. (b) is then today's single task (every
 * record through the one-partition repartition topic), measured in the same layouts, side by side.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Measures records/s and produce-to-prediction latency of a pass-through topology and of "
                + "streamlearn (ridge, lasso, MLP on friedman1), side by side, on an embedded or given broker.",
                "With --scope key: one model set per record key (topologies/bench-key.yaml) on records keyed over "
                + "--keys keys. Every layout of --threads x --instances is measured for both, --rounds times; "
                + "the report gives medians and the CPU seconds of this process.",
                "With --parallel N: also the global pipeline trained data-parallel (one replica per partition, "
                + "merged every N records), against the single task."})
public final class BenchCommand implements Callable<Integer> {

    static final String GLOBAL_SPEC = "topologies/bench.yaml";
    static final String KEY_SPEC = "topologies/bench-key.yaml";
    private static final String PASS_THROUGH = "(a) pass-through";

    /** The applications a bench compares; {@code suffix} ends their topics' and application ids' names. */
    enum App {
        PASS_THROUGH("passthrough"), LEARNER("streamlearn"), PARALLEL("parallel");

        final String suffix;

        App(String suffix) {
            this.suffix = suffix;
        }
    }

    @Spec
    CommandSpec command;

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

    @Option(names = "--scope", defaultValue = "global", paramLabel = "global|key",
            description = "global: topologies/bench.yaml, unkeyed records; key: topologies/bench-key.yaml (one model "
                    + "set per record key), records keyed over --keys keys. Default ${DEFAULT-VALUE}.")
    String scope;

    @Option(names = "--keys", defaultValue = "1000", paramLabel = "K", description = "Record keys with --scope key. Default ${DEFAULT-VALUE}.")
    int keys;

    @Option(names = "--partitions", defaultValue = "1", paramLabel = "P", description = "Partitions of the input and output topics. Default ${DEFAULT-VALUE}.")
    int partitions;

    @Option(names = "--threads", defaultValue = "1", split = ",", paramLabel = "T[,T...]",
            description = "Stream threads per instance (num.stream.threads, over --config); a list measures each. Default ${DEFAULT-VALUE}.")
    List<Integer> threads;

    @Option(names = "--instances", defaultValue = "1", split = ",", paramLabel = "I[,I...]",
            description = "Kafka Streams clients of one application id in this process, each with its own state "
                    + "directory; a list measures each. Default ${DEFAULT-VALUE}.")
    List<Integer> instances;

    @Option(names = "--parallel", defaultValue = "0", paramLabel = "N",
            description = "With --scope global: also measure (c), the pipeline trained data-parallel, its replicas "
                    + "merged every N records per partition (parallel: {every: N}); 0: not measured. Default ${DEFAULT-VALUE}.")
    int parallelEvery;

    @Option(names = "--rounds", defaultValue = "1", paramLabel = "K",
            description = "Times every measurement is repeated, in alternating order; the report gives medians. Default ${DEFAULT-VALUE}.")
    int rounds;

    /** Instances of the application and stream threads in each. */
    record Layout(int instances, int threads) {
        @Override
        public String toString() {
            return instances + " × " + threads;
        }
    }

    /** One measurement of one application in one layout. */
    record Result(String name, Layout layout, double perSecond, long p50Millis, long p99Millis, long p999Millis,
                  double cpuSeconds, String latencyCommits, String note) {}

    @Override
    public Integer call() throws Exception {
        boolean perKey = switch (scope) {
            case "global" -> false;
            case "key" -> true;
            default -> throw new ParameterException(command.commandLine(), "--scope must be global or key, got " + scope);
        };
        if (partitions < 1 || rounds < 1 || keys < 1 || threads.stream().anyMatch(t -> t < 1)
                || instances.stream().anyMatch(i -> i < 1)) {
            throw new ParameterException(command.commandLine(),
                    "--partitions, --rounds, --keys, --threads and --instances must be at least 1");
        }
        if (parallelEvery < 0 || parallelEvery > ParallelSpec.MAX_EVERY || (parallelEvery > 0 && perKey)) {
            throw new ParameterException(command.commandLine(), "--parallel takes 1 to " + ParallelSpec.MAX_EVERY
                    + " records, with --scope global (a per-key model is trained by its partition's task alone)");
        }
        List<FeedItem> payloads = payloads(records + latencyRecords, perKey ? keys : 0);
        PipelineDefinition pipeline = PipelineDefinition.of(BundledSpecs.read(perKey ? KEY_SPEC : GLOBAL_SPEC));
        List<Layout> layouts = new ArrayList<>();
        for (int i : instances) {
            for (int t : threads) {
                layouts.add(new Layout(i, t));
            }
        }
        String loadAtStart = loadAverage();
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
            List<Planned> plan = plan(layouts);
            // every topic first: a producer that sends to a partition the broker has just created can
            // get NOT_LEADER_OR_FOLLOWER and then, idempotent, OUT_OF_ORDER_SEQUENCE_NUMBER for ever
            List<String> topics = new ArrayList<>();
            for (Planned p : plan) {
                topics.addAll(List.of(p.input(), p.output()));
            }
            ensureTopics(bootstrap, topics, stateDir);
            Thread.sleep(2000);
            for (Planned p : plan) {
                Result r = switch (p.app()) {
                    case PASS_THROUGH -> measurePassThrough(bootstrap, p, stateDir, payloads);
                    case LEARNER -> measureLearner(bootstrap, pipeline, p, stateDir, payloads);
                    case PARALLEL -> measureLearner(bootstrap, pipeline.withParallel(new ParallelSpec(parallelEvery)),
                            p, stateDir, payloads);
                };
                if (!p.warmUp()) {
                    measured.add(r);
                }
            }
        } catch (Unmeasurable e) {
            System.err.println("bench: " + e.getMessage());
            return 1;
        } finally {
            if (embedded != null) {
                embedded.close();
            }
        }
        String report = report(measured, layouts, loadAtStart);
        System.out.print(report);
        Files.createDirectories(results);
        Path file = results.resolve("bench-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmm")) + ".md");
        Files.writeString(file, report);
        System.out.println("written to " + file);
        return 0;
    }

    /** A run that gives no figure: the bench says why and exits 1. */
    private static final class Unmeasurable extends RuntimeException {
        Unmeasurable(String message) {
            super(message);
        }
    }

    /** One measurement to make: the application, its layout and its own topics and application id. */
    record Planned(Layout layout, App app, String prefix, boolean warmUp) {
        String input() {
            return prefix + ".features";
        }

        String output() {
            return prefix + ".predictions";
        }

        String applicationId() {
            return prefix;
        }
    }

    /**
     * Every measurement in order: first one of each application that is not reported (it warms the
     * JIT), then the rounds; odd rounds take the layouts and the applications backwards (the load drifts).
     */
    private List<Planned> plan(List<Layout> layouts) {
        List<App> apps = parallelEvery > 0 ? List.of(App.values()) : List.of(App.PASS_THROUGH, App.LEARNER);
        List<Planned> plan = new ArrayList<>();
        for (App app : apps) {
            plan.add(new Planned(layouts.get(0), app, "bench-" + scope + "-warm-up-" + app.suffix, true));
        }
        for (int round = 0; round < rounds; round++) {
            List<Layout> order = new ArrayList<>(layouts);
            List<App> appOrder = new ArrayList<>(apps);
            if (round % 2 == 1) {
                Collections.reverse(order);
                Collections.reverse(appOrder);
            }
            for (Layout layout : order) {
                for (App app : appOrder) {
                    plan.add(new Planned(layout, app, "bench-" + scope + "-" + (plan.size() - apps.size() + 1)
                            + "-" + app.suffix, false));
                }
            }
        }
        return plan;
    }

    private Result measurePassThrough(String bootstrap, Planned planned, Path stateDir, List<FeedItem> payloads)
            throws Exception {
        Topic<byte[], byte[]> in = Topic.ofBytes(planned.input());
        Topic<byte[], byte[]> out = Topic.ofBytes(planned.output());
        Layout layout = planned.layout();
        String applicationId = planned.applicationId();
        return measure(PASS_THROUGH, layout, bootstrap, in.name(), out.name(), payloads, () -> {
            List<Instance> clients = new ArrayList<>();
            for (int i = 0; i < layout.instances(); i++) {
                AppSettings settings = settings(bootstrap, applicationId, stateDir.resolve(applicationId + "-" + i),
                        layout.threads());
                KafkaStreams streams = new KafkaStreams(StreamlearnTopology.passThrough(in, out), settings.kafka());
                streams.start();
                clients.add(new Instance() {
                    @Override
                    public boolean running() {
                        return streams.state() == KafkaStreams.State.RUNNING;
                    }

                    @Override
                    public int activeTasks() {
                        return streams.metadataForLocalThreads().stream().mapToInt(t -> t.activeTasks().size()).sum();
                    }

                    @Override
                    public Map<MetricName, ? extends Metric> metrics() {
                        return streams.metrics();
                    }

                    @Override
                    public void pause() {
                        streams.pause();
                    }

                    @Override
                    public void resume() {
                        streams.resume();
                    }

                    @Override
                    public void close() {
                        streams.close(Duration.ofSeconds(30));
                    }
                });
            }
            return new Running(clients, () -> "");
        });
    }

    private Result measureLearner(String bootstrap, PipelineDefinition spec, Planned planned, Path stateDir,
                                  List<FeedItem> payloads) throws Exception {
        PipelineDefinition pipeline = new PipelineDefinition(spec.blueprint(), Topic.ofBytes(planned.input()),
                Topic.ofBytes(planned.output()), Topic.ofBytes(planned.prefix() + ".dlq"), spec.scope(), null,
                spec.parallel());
        Layout layout = planned.layout();
        String applicationId = planned.applicationId();
        String name = (pipeline.parallel().enabled() ? "(c) streamlearn data-parallel: " : "(b) streamlearn: ")
                + String.join(", ", pipeline.learnerNames())
                + (pipeline.scope().perKey() ? ", scope: key" : "")
                + (pipeline.parallel().enabled() ? ", parallel: {every: " + pipeline.parallel().every() + "}" : "");
        return measure(name, layout, bootstrap, pipeline.input().name(), pipeline.output().name(), payloads, () -> {
            List<StreamlearnApp> apps = new ArrayList<>();
            List<Instance> instances = new ArrayList<>();
            for (int i = 0; i < layout.instances(); i++) {
                StreamlearnApp app = StreamlearnApp.start(List.of(pipeline),
                        settings(bootstrap, applicationId, stateDir.resolve(applicationId + "-" + i), layout.threads()), -1);
                apps.add(app);
                instances.add(new Instance() {
                    @Override
                    public boolean running() {
                        return app.state() == KafkaStreams.State.RUNNING;
                    }

                    @Override
                    public int activeTasks() {
                        return app.activeTasks().size();
                    }

                    @Override
                    public Map<MetricName, ? extends Metric> metrics() {
                        return app.kafkaMetrics();
                    }

                    @Override
                    public void pause() {
                        app.pause();
                    }

                    @Override
                    public void resume() {
                        app.resume();
                    }

                    @Override
                    public void close() {
                        app.close();
                    }
                });
            }
            return new Running(instances, () -> stateNote(bootstrap, applicationId, pipeline, apps));
        });
    }

    /**
     * What the learner's state cost at the end of the latency run: the keys (per key), the merged
     * topic (data-parallel: its state is one store per partition, each replica's own) or the state's
     * encoded size (the single task), then the bytes of its changelog.
     */
    private String stateNote(String bootstrap, String applicationId, PipelineDefinition pipeline,
                             List<StreamlearnApp> apps) {
        long inputRecords = records + latencyRecords;
        String state;
        if (pipeline.scope().perKey()) {
            state = keyCount(apps, pipeline);
        } else if (pipeline.parallel().enabled()) {
            state = topicBytes(bootstrap, pipeline.mergedTopic(applicationId), inputRecords);
        } else {
            state = stateCost(apps.get(0), pipeline);
        }
        String changelog = applicationId + "-" + pipeline.storeName() + "-changelog";
        return state + "; " + topicBytes(bootstrap, changelog, inputRecords);
    }

    /** Input and output with {@code --partitions} partitions, as both applications get them. */
    private void ensureTopics(String bootstrap, List<String> topics, Path stateDir) throws Exception {
        AppSettings settings = settings(bootstrap, "streamlearn-bench", stateDir, 1);
        try (Admin admin = Admin.create(settings.kafka())) {
            TopicProvisioner.ensure(admin, topics, partitions, settings.topicReplication());
        }
    }

    /** One Kafka Streams client of a measured application. */
    interface Instance {
        boolean running();

        int activeTasks();

        /** The Kafka Streams client's metrics, its producers' and consumers' included. */
        Map<MetricName, ? extends Metric> metrics();

        void pause();

        void resume();

        void close();
    }

    /** A started application, its instances, and a note read before the stop. */
    record Running(List<Instance> instances, java.util.function.Supplier<String> note) {
        /**
         * Until every instance is RUNNING with active tasks (while there are tasks enough) and the
         * number of active tasks has not changed for a second: the layout has settled. An error after
         * 60 s: a layout that has not settled would be timed with its rebalance.
         */
        void awaitAssignment(int tasks) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            int stable = 0;
            int previous = -1;
            while (stable < 4 && System.nanoTime() < deadline) {
                Thread.sleep(250);
                int active = 0;
                boolean settled = true;
                for (Instance i : instances) {
                    int own = i.activeTasks();
                    settled &= i.running() && (own > 0 || instances.size() > tasks);
                    active += own;
                }
                stable = settled && active == previous ? stable + 1 : 0;
                previous = active;
            }
            if (stable < 4) {
                throw new Unmeasurable("the instances did not settle within 60 s (running: "
                        + instances.stream().map(i -> String.valueOf(i.running())).toList() + ", active tasks: "
                        + instances.stream().map(i -> String.valueOf(i.activeTasks())).toList() + "); nothing was timed");
            }
        }

        /** The exactly-once commits of every instance so far. */
        CommitTimes commitTimes() {
            return CommitTimes.sum(instances.stream().map(i -> CommitTimes.read(i.metrics())).toList());
        }

        void close() {
            instances.forEach(Instance::close);
        }
    }

    interface Starter {
        Running start() throws Exception;
    }

    private Result measure(String name, Layout layout, String bootstrap, String input, String output,
                           List<FeedItem> payloads, Starter starter) throws Exception {
        try (KafkaProducer<byte[], byte[]> producer = FeedProducer.open(bootstrap);
             KafkaConsumer<byte[], byte[]> consumer = consumer(bootstrap, name)) {
            consumer.subscribe(List.of(output));
            Running app = starter.start();
            try {
                // the backlog waits until the instances run their tasks, restored: a rebalance is not timed.
                // Paused only then: Kafka Streams' state updater does not restore a paused task, so a stateful
                // application started paused stays REBALANCING until its resume (apache/kafka#13523)
                app.awaitAssignment(partitions);
                app.instances().forEach(Instance::pause);
                for (int i = 0; i < records; i++) {
                    producer.send(new ProducerRecord<>(input, payloads.get(i).key(), payloads.get(i).value()));
                }
                producer.flush();
                app.instances().forEach(Instance::resume);
                long first = 0;
                long last = 0;
                long firstCpu = 0;
                long lastCpu = 0;
                int seen = 0;
                long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
                while (seen < records && System.nanoTime() < deadline) {
                    int n = consumer.poll(Duration.ofMillis(100)).count();
                    if (n > 0) {
                        long now = System.nanoTime();
                        long cpu = processCpuNanos();
                        if (seen == 0) {
                            first = now;
                            firstCpu = cpu;
                        }
                        seen += n;
                        last = now;
                        lastCpu = cpu;
                    }
                }
                if (seen < records) {
                    throw new Unmeasurable(String.format(Locale.ROOT,
                            "%s, %s: only %,d of the backlog's %,d predictions were read within 10 minutes", name, layout,
                            seen, records));
                }
                if (last == first) {
                    throw new Unmeasurable(String.format(Locale.ROOT,
                            "%s, %s: the backlog of %,d records was read in one poll, which cannot be timed: give more"
                                    + " --records", name, layout, records));
                }
                double perSecond = (seen - 1) / ((last - first) / 1e9);
                double cpuSeconds = (lastCpu - firstCpu) / 1e9;
                CommitTimes beforeLatency = app.commitTimes();
                long latencyStart = System.nanoTime();
                long[] latencies = latencies(producer, consumer, input, payloads);
                String latencyCommits = app.commitTimes().since(beforeLatency).describe((System.nanoTime() - latencyStart) / 1e9);
                String note = app.note().get();
                System.err.printf(Locale.ROOT, "%s, %s: %,.0f records/s, %.1f CPU s, p50 %d ms, p99 %d ms, p999 %d ms"
                                + " (latency run: %s); load %s%n",
                        name, layout, perSecond, cpuSeconds, percentile(latencies, 0.5), percentile(latencies, 0.99),
                        percentile(latencies, 0.999), latencyCommits, loadAverage());
                return new Result(name, layout, perSecond, percentile(latencies, 0.5), percentile(latencies, 0.99),
                        percentile(latencies, 0.999), cpuSeconds, latencyCommits, note);
            } finally {
                app.close();
            }
        }
    }

    /** CPU time of this process (all its threads, the embedded broker's too); -1 where the JVM cannot tell. */
    private static long processCpuNanos() {
        return ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                ? os.getProcessCpuTime() : -1;
    }

    private long[] latencies(KafkaProducer<byte[], byte[]> producer, KafkaConsumer<byte[], byte[]> consumer,
                             String input, List<FeedItem> payloads) throws InterruptedException {
        Thread sender = new Thread(() -> {
            long start = System.nanoTime();
            for (int i = 0; i < latencyRecords; i++) {
                FeedItem item = payloads.get(records + i);
                producer.send(new ProducerRecord<>(input, item.key(), item.value()));
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

    /** What writing the state at commits cost. */
    private static String stateCost(StreamlearnApp app, PipelineDefinition pipeline) {
        // what one snapshot costs to serialize without Kafka: StateWriteBenchmark (JMH)
        SaveCost cost = app.pipelineState(pipeline).saveCost();
        return String.format(Locale.ROOT, "state written at %,d commits, %.2f ms and %,d bytes per commit",
                cost.saves(), cost.nanos() / 1e6 / Math.max(1, cost.saves()), cost.bytes() / Math.max(1, cost.saves()));
    }

    private static long percentile(long[] values, double q) {
        if (values.length == 0) {
            return -1;
        }
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(q * sorted.length) - 1)];
    }

    /** n friedman1 records, keyed {@code key-<k>} with k uniform in [0, keys) (seeded), or unkeyed when keys is 0. */
    private static List<FeedItem> payloads(int n, int keys) {
        List<FeedItem> payloads = new ArrayList<>(n);
        Random random = new Random(7);
        Function<FeatureRecord, byte[]> key = keys == 0 ? RecordFeed.NO_KEY
                : r -> ("key-" + random.nextInt(keys)).getBytes(StandardCharsets.UTF_8);
        new RecordFeed(RecordSource.dataset(Datasets.open("friedman1", 42), n), key, false, System.err::println)
                .forEachRemaining(payloads::add);
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

    private AppSettings settings(String bootstrap, String applicationId, Path stateDir, int streamThreads)
            throws IOException {
        return AppSettings.resolve(config, Map.of(), Map.of(
                StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                StreamsConfig.APPLICATION_ID_CONFIG, applicationId,
                StreamsConfig.STATE_DIR_CONFIG, stateDir.toString(),
                StreamsConfig.NUM_STREAM_THREADS_CONFIG, Integer.toString(streamThreads)));
    }

    private String report(List<Result> measured, List<Layout> layouts, String loadAtStart) throws IOException {
        StringBuilder s = new StringBuilder();
        s.append("# streamlearn bench, ").append(LocalDateTime.now().format(DateTimeFormatter.ISO_LOCAL_DATE_TIME)).append("\n\n");
        s.append("Command: `java -jar target/streamlearn.jar bench --records ").append(records)
                .append(" --latency-records ").append(latencyRecords).append(" --latency-rate ").append(latencyRate)
                .append(bootstrapServers == null ? "" : " --bootstrap-servers " + bootstrapServers)
                .append(brokerProcess ? " --broker-process" : "")
                .append(config == null ? "" : " --config " + config)
                .append(" --scope ").append(scope).append(scope.equals("key") ? " --keys " + keys : "")
                .append(parallelEvery > 0 ? " --parallel " + parallelEvery : "")
                .append(" --partitions ").append(partitions)
                .append(" --threads ").append(join(threads)).append(" --instances ").append(join(instances))
                .append(" --rounds ").append(rounds).append("`\n\n");
        if (config != null) {
            s.append("Properties of ").append(config).append(" (both applications):\n\n```\n")
                    .append(Files.readString(config).strip()).append("\n```\n\n");
        }
        s.append("Machine: ").append(machine()).append("; load average at the start: ").append(loadAtStart)
                .append("\n\n");
        String broker = bootstrapServers != null ? bootstrapServers
                : brokerProcess ? "embedded KRaft broker (Kafka 4.1.1) in a JVM of its own"
                : "embedded KRaft broker in the same JVM (Kafka 4.1.1)";
        s.append("Broker: ").append(broker)
                .append("; both applications ").append(learnProperty(StreamsConfig.PROCESSING_GUARANTEE_CONFIG))
                .append(", commit.interval.ms ").append(learnProperty(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG))
                .append(", num.standby.replicas ").append(learnProperty(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG))
                .append("; input and output topics of ").append(partitions).append(partitions == 1 ? " partition; " : " partitions; ")
                .append(scope.equals("key") ? String.format(Locale.ROOT, "records keyed over %,d keys (`%s`).", keys, KEY_SPEC)
                        : "unkeyed records (`" + GLOBAL_SPEC + "`).")
                .append(" Layout: instances (Kafka Streams clients of one application id, in this process) × stream"
                        + " threads each. CPU s: CPU time of this whole process (broker included unless"
                        + " `--broker-process`) while the backlog was read.\n\n");
        s.append("| application | layout | records/s (backlog of ").append(String.format(Locale.ROOT, "%,d", records))
                .append(rounds > 1 ? "), median of " + rounds + " (each round)" : ")")
                .append(" | CPU s | latency p50 ms | latency p99 ms | latency p999 ms (at ").append(latencyRate).append(" records/s) |\n");
        s.append("| --- | --- | ---: | ---: | ---: | ---: | ---: |\n");
        Map<String, Map<Layout, List<Result>>> byName = new LinkedHashMap<>();
        for (Result r : measured) {
            byName.computeIfAbsent(r.name(), n -> new LinkedHashMap<>()).computeIfAbsent(r.layout(), l -> new ArrayList<>()).add(r);
        }
        List<String> names = new ArrayList<>(byName.keySet());
        names.sort(Comparator.naturalOrder()); // (a), (b), (c)
        for (String name : names) {
            for (Layout layout : layouts) {
                List<Result> rs = byName.get(name).get(layout);
                String each = rounds > 1 ? " (" + String.join(", ", rs.stream()
                        .map(r -> String.format(Locale.ROOT, "%,.0f", r.perSecond())).toList()) + ")" : "";
                s.append(String.format(Locale.ROOT, "| %s | %s | %,.0f%s | %.1f | %d | %d | %d |%n", name, layout,
                        median(rs, Result::perSecond), each, median(rs, Result::cpuSeconds),
                        Math.round(median(rs, r -> r.p50Millis())), Math.round(median(rs, r -> r.p99Millis())),
                        Math.round(median(rs, r -> r.p999Millis()))));
            }
        }
        if (names.size() == 2 && layouts.size() == 1) {
            s.append(String.format(Locale.ROOT, "%n(b) / (a) throughput: %.2f%n",
                    perSecond(byName, names.get(1), layouts.get(0)) / perSecond(byName, names.get(0), layouts.get(0))));
        } else if (names.size() == 2) {
            Layout base = layouts.get(0);
            s.append("\nThroughput (medians) against layout ").append(base).append(" of the same application, and (b) / (a):\n\n");
            s.append("| layout | (a) pass-through | (b) streamlearn | (b) / (a) |\n| --- | ---: | ---: | ---: |\n");
            for (Layout layout : layouts) {
                double a = perSecond(byName, names.get(0), layout);
                double b = perSecond(byName, names.get(1), layout);
                double a0 = perSecond(byName, names.get(0), base);
                double b0 = perSecond(byName, names.get(1), base);
                s.append(String.format(Locale.ROOT, "| %s | %.2f× | %.2f× | %.2f |%n", layout, a / a0, b / b0, b / a));
            }
        }
        if (names.size() == 3) {
            Layout base = layouts.get(0);
            double single = perSecond(byName, names.get(1), base);
            s.append("\nThroughput (medians): (c) data-parallel against (b) the single task in the same layout and in layout ")
                    .append(base).append(", and each against (a):\n\n");
            s.append("| layout | (b) / (a) | (c) / (a) | (c) / (b) | (c) / (b) in ").append(base)
                    .append(" |\n| --- | ---: | ---: | ---: | ---: |\n");
            for (Layout layout : layouts) {
                double a = perSecond(byName, names.get(0), layout);
                double b = perSecond(byName, names.get(1), layout);
                double c = perSecond(byName, names.get(2), layout);
                s.append(String.format(Locale.ROOT, "| %s | %.2f | %.2f | %.2f× | %.2f× |%n", layout, b / a, c / a, c / b,
                        c / single));
            }
        }
        s.append("\nWhere a prediction's latency goes: it waits for the next exactly-once commit (0 to commit.interval.ms,"
                + " half of it at the median), then for the commit itself. The commits of each latency run, from Kafka's"
                + " client metrics (the stream threads' commit count, their producers' transaction times):\n\n");
        for (String name : names) {
            for (Layout layout : layouts) {
                s.append("- ").append(name).append(", ").append(layout).append(":\n");
                List<Result> rs = byName.get(name).get(layout);
                for (int round = 0; round < rs.size(); round++) {
                    s.append("  - round ").append(round + 1).append(": ").append(rs.get(round).latencyCommits()).append("\n");
                }
            }
        }
        for (String name : names) {
            for (Layout layout : layouts) {
                List<Result> rs = byName.get(name).get(layout);
                String note = rs.get(rs.size() - 1).note();
                if (!note.isEmpty()) {
                    s.append("\n").append(name).append(", ").append(layout).append(": ").append(note).append("\n");
                }
            }
        }
        return s.toString();
    }

    /** The median records/s of application {@code name} in {@code layout}. */
    private static double perSecond(Map<String, Map<Layout, List<Result>>> byName, String name, Layout layout) {
        return median(byName.get(name).get(layout), Result::perSecond);
    }

    private static double median(List<Result> results, java.util.function.ToDoubleFunction<Result> value) {
        double[] v = results.stream().mapToDouble(value).sorted().toArray();
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    private static String join(List<Integer> values) {
        return String.join(",", values.stream().map(String::valueOf).toList());
    }

    /** Keys with a model set in the instances' tasks at the end of the latency run, and in memory. */
    private static String keyCount(List<StreamlearnApp> apps, PipelineDefinition pipeline) {
        long keys = 0;
        long cached = 0;
        for (StreamlearnApp app : apps) {
            keys += app.monitors().get(pipeline.name()).keys();
            cached += app.monitors().get(pipeline.name()).cachedKeys();
        }
        return String.format(Locale.ROOT, "%,d keys with a model set in the tasks, %,d of them in memory", keys, cached);
    }

    /** The bytes a topic takes on the brokers (compressed, as stored), per input record. */
    private static String topicBytes(String bootstrap, String topic, long inputRecords) {
        try (Admin admin = Admin.create(FeedProducer.properties(bootstrap))) {
            List<Integer> brokers = admin.describeCluster().nodes().get().stream().map(n -> n.id()).toList();
            long bytes = 0;
            for (Map<String, LogDirDescription> dirs : admin.describeLogDirs(brokers).allDescriptions().get().values()) {
                for (LogDirDescription dir : dirs.values()) {
                    for (Map.Entry<TopicPartition, ReplicaInfo> r : dir.replicaInfos().entrySet()) {
                        if (r.getKey().topic().equals(topic)) {
                            bytes += r.getValue().size();
                        }
                    }
                }
            }
            return String.format(Locale.ROOT, "%s: %,d bytes as stored (%,d per input record)", topic,
                    bytes, bytes / Math.max(1, inputRecords));
        } catch (Exception e) {
            return topic + ": size unknown (" + e.getMessage() + ")";
        }
    }

    private static String loadAverage() throws IOException {
        Path loadavg = Path.of("/proc/loadavg");
        return Files.isReadable(loadavg) ? Files.readString(loadavg).trim() : "unknown";
    }

    /** A Streams setting as both applications resolve it: Kafka Streams' defaults, streamlearn's, {@code --config}. */
    private String learnProperty(String key) throws IOException {
        return String.valueOf(new StreamsConfig(settings("localhost:9092", "bench", Path.of("."), 1).kafka()).values().get(key));
    }

    private static String machine() throws IOException {
        String cpu = "unknown CPU";
        Path cpuinfo = Path.of("/proc/cpuinfo");
        if (Files.isReadable(cpuinfo)) {
            cpu = Files.readAllLines(cpuinfo, StandardCharsets.UTF_8).stream().filter(l -> l.startsWith("model name"))
                    .map(l -> l.substring(l.indexOf(':') + 1).trim()).findFirst().orElse(cpu);
        }
        String load = loadAverage();
        return String.format(Locale.ROOT, "%d cores (%s), %s %s, Java %s, max heap %d MiB; load average at the end: %s"
                        + " (the machine is shared with other jobs)",
                Runtime.getRuntime().availableProcessors(), cpu, System.getProperty("os.name"),
                System.getProperty("os.version"), System.getProperty("java.version"),
                ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getMax() >> 20, load);
    }
}
