package io.streamlearn.cli.bench;

import io.streamlearn.broker.BrokerProcess;
import io.streamlearn.broker.EmbeddedKafka;
import io.streamlearn.feed.FeedItem;
import io.streamlearn.feed.RecordFeed;
import io.streamlearn.feed.RecordSource;
import io.streamlearn.feed.dataset.Datasets;
import io.streamlearn.record.FeatureRecord;
import io.streamlearn.spec.ParallelSpec;
import io.streamlearn.topology.PipelineDefinition;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Function;

/**
 * Runs a bench: on the given broker or an embedded one, every measurement of the {@link
 * MeasurementPlan}, each on fresh topics and a fresh application id, all of them on the same
 * friedman1 records.
 */
public final class BenchHarness {

    private final BenchParameters parameters;
    private final PipelineDefinition pipeline;

    /** {@code pipeline}: the spec of {@link BenchParameters#specFile()}, its topics replaced for each measurement. */
    public BenchHarness(BenchParameters parameters, PipelineDefinition pipeline) {
        this.parameters = parameters;
        this.pipeline = pipeline;
    }

    /**
     * The measurements that are reported (not the warm-up's), in the order made.
     *
     * @throws Unmeasurable when a measurement gives no figure
     */
    public List<Measurement> run() throws Exception {
        List<FeedItem> payloads = payloads(parameters.records() + parameters.latencyRecords(),
                parameters.perKey() ? parameters.keys() : 0);
        AutoCloseable embedded = null;
        String bootstrap = parameters.bootstrapServers();
        if (bootstrap == null && parameters.brokerProcess()) {
            BrokerProcess broker = BrokerProcess.start();
            embedded = broker;
            bootstrap = broker.bootstrapServers();
        } else if (bootstrap == null) {
            EmbeddedKafka broker = EmbeddedKafka.start(0);
            embedded = broker;
            bootstrap = broker.bootstrapServers();
        }
        try {
            return measureAll(new BenchClients(bootstrap, parameters.config()), payloads);
        } finally {
            if (embedded != null) {
                embedded.close();
            }
        }
    }

    private List<Measurement> measureAll(BenchClients clients, List<FeedItem> payloads) throws Exception {
        Path stateDir = Files.createTempDirectory("streamlearn-bench-");
        List<MeasurementPlan.Step> plan = MeasurementPlan.of(parameters);
        // every topic first: a producer that sends to a partition the broker has just created can
        // get NOT_LEADER_OR_FOLLOWER and then, idempotent, OUT_OF_ORDER_SEQUENCE_NUMBER for ever
        List<String> topics = new ArrayList<>();
        for (MeasurementPlan.Step step : plan) {
            topics.addAll(List.of(step.input(), step.output()));
        }
        clients.ensureTopics(topics, parameters.partitions(), stateDir);
        Thread.sleep(2000);
        ApplicationTimer timer = new ApplicationTimer(parameters, clients, payloads);
        ApplicationLauncher launcher = new ApplicationLauncher(clients, stateDir,
                new StateFootprint(clients, (long) parameters.records() + parameters.latencyRecords()));
        List<Measurement> measured = new ArrayList<>();
        for (MeasurementPlan.Step step : plan) {
            Measurement m = switch (step.application()) {
                case PASS_THROUGH -> timer.measure(ApplicationLauncher.PASS_THROUGH_NAME, step.layout(), step.input(),
                        step.output(), () -> launcher.passThrough(step));
                case LEARNER -> measureLearner(timer, launcher, pipeline, step);
                case PARALLEL -> measureLearner(timer, launcher,
                        pipeline.withParallel(new ParallelSpec(parameters.parallelEvery())), step);
            };
            if (!step.warmUp()) {
                measured.add(m);
            }
        }
        return measured;
    }

    private static Measurement measureLearner(ApplicationTimer timer, ApplicationLauncher launcher,
                                              PipelineDefinition spec, MeasurementPlan.Step step) throws Exception {
        PipelineDefinition onTopics = ApplicationLauncher.onTopicsOf(spec, step);
        return timer.measure(ApplicationLauncher.name(onTopics), step.layout(), step.input(), step.output(),
                () -> launcher.learner(onTopics, step));
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
}
