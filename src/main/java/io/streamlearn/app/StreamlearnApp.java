package io.streamlearn.app;

import io.streamlearn.app.http.ApplicationView;
import io.streamlearn.app.http.HttpSettings;
import io.streamlearn.app.http.InstanceTasks;
import io.streamlearn.app.http.KeyedPipelines;
import io.streamlearn.app.http.StatusServer;
import io.streamlearn.query.PipelineMonitor;
import io.streamlearn.query.SeriesHistory;
import io.streamlearn.topology.PipelineDefinition;
import io.streamlearn.topology.PipelineRefusedException;
import io.streamlearn.topology.PipelineState;
import io.streamlearn.topology.StateKeys;
import io.streamlearn.topology.StreamlearnTopology;
import io.streamlearn.topology.TopologyOptions;
import io.streamlearn.topology.store.WorkingCopyStore;
import io.streamlearn.topology.store.WorkingCopyStoreType;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.ThreadMetadata;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.HostInfo;

/**
 * A running streamlearn application: topics ensured, the topology of its pipelines in a Kafka
 * Streams client, and (optionally) the HTTP server. {@code run} and {@code demo} both start one.
 *
 * <p>Every pipeline's series are sampled into a {@link SeriesHistory} once a second
 * ({@link #SAMPLE_EVERY_MS}) by a thread of their own, for the web console: sampled on a clock rather
 * than at each snapshot, the history has a point every second even when the stream thread is stalled
 * (a broker away, a restore), where records/s then reads 0, and the stream thread does no work for it.
 */
public final class StreamlearnApp implements AutoCloseable {

    private final KafkaStreams streams;
    private final StreamlearnTopology topology;
    private final AppMetrics metrics;
    private final StatusServer http;
    private final ScheduledExecutorService sampler;
    private final Map<String, SeriesHistory> series;
    private final CountDownLatch running = new CountDownLatch(1);
    private final CountDownLatch failed = new CountDownLatch(1);

    /** How often the console's series are sampled. */
    public static final long SAMPLE_EVERY_MS = 1000;

    private StreamlearnApp(KafkaStreams streams, StreamlearnTopology topology, AppMetrics metrics, StatusServer http,
                           ScheduledExecutorService sampler, Map<String, SeriesHistory> series) {
        this.streams = streams;
        this.topology = topology;
        this.metrics = metrics;
        this.http = http;
        this.sampler = sampler;
        this.series = series;
    }

    /**
     * Creates the missing topics, builds the topology and starts it, with the HTTP server on all
     * interfaces.
     *
     * @param httpPort port of the HTTP server; 0 for an ephemeral one, negative for none
     */
    public static StreamlearnApp start(List<PipelineDefinition> pipelines, AppSettings settings, int httpPort)
            throws Exception {
        return start(pipelines, settings, httpPort < 0 ? Optional.empty() : Optional.of(HttpSettings.onPort(httpPort)));
    }

    /**
     * Creates the missing topics, builds the topology and starts it.
     *
     * @param http how the HTTP server serves (its advertised address is {@code settings}'); empty for none
     */
    public static StreamlearnApp start(List<PipelineDefinition> pipelines, AppSettings settings,
                                       Optional<HttpSettings> http) throws Exception {
        List<String> topics = new ArrayList<>();
        for (PipelineDefinition p : pipelines) {
            topics.add(p.input().name());
            topics.add(p.output().name());
            topics.add(p.deadLetter().name());
            if (p.delayedLabels()) {
                topics.add(p.labels().topic());
            }
        }
        Map<String, Integer> partitions;
        try (Admin admin = Admin.create(settings.kafka())) {
            partitions = new HashMap<>(
                    TopicProvisioner.ensure(admin, topics, settings.topicPartitions(), settings.topicReplication()));
            for (PipelineDefinition p : pipelines) {
                if (p.parallel().enabled() && !p.scope().perKey()) {
                    // the broadcast topic of merged generations: partition i is read by input partition i's task
                    int inputPartitions = partitions.get(p.input().name());
                    String merged = p.mergedTopic(applicationId(settings));
                    int existing = TopicProvisioner.ensure(admin, List.of(merged), inputPartitions,
                            settings.topicReplication()).get(merged);
                    if (existing != inputPartitions) {
                        throw new PipelineRefusedException("topic " + merged + " has " + existing + " partitions, "
                                + p.input().name() + " has " + inputPartitions + ": they must be equal (delete "
                                + merged + " to have it created again)");
                    }
                }
            }
        }
        StreamlearnTopology topology = StreamlearnTopology.build(pipelines,
                TopologyOptions.defaults().withInputPartitions(partitions).withChunkSize(settings.chunkBytes())
                        .withMaxDeadLetterBytes(settings.maxDeadLetterBytes())
                        .withApplicationId(applicationId(settings)));
        KafkaStreams streams = new KafkaStreams(topology.topology(), settings.kafka());
        streams.setUncaughtExceptionHandler(new StreamThreadFailureHandler());
        AppMetrics metrics = AppMetrics.bind(List.copyOf(topology.monitors().values()), streams);
        Map<String, SeriesHistory> series = new LinkedHashMap<>();
        topology.monitors().forEach((name, monitor) -> series.put(name, new SeriesHistory(monitor)));
        String self = settings.advertisedHttp().orElse(null);
        HostInfo selfHost = self == null ? null : HostInfo.buildFromEndpoint(self);
        KeyedPipelines keyed = new KeyedPipelines() {
            @Override
            public KeyedPipeline find(String name, byte[] key) {
                return keyedPipeline(streams, pipelines, partitions, name, key);
            }

            @Override
            public String locate(String name, byte[] key) {
                return StreamlearnApp.locate(streams, pipelines, selfHost, name, key);
            }
        };
        ApplicationView view = ApplicationView.of(streams::state, topology.monitors(), metrics::scrape)
                .withSeries(series).withKeyed(keyed).withTasks(() -> tasks(streams)).withDefinitions(pipelines);
        StatusServer server;
        try {
            server = http.isEmpty() ? null : StatusServer.start(http.get().withAdvertised(self), view);
        } catch (IOException | RuntimeException e) {
            // the port is taken, say: nothing started yet, but the client holds threads and the state directory
            metrics.close();
            streams.close();
            throw e;
        }
        ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "streamlearn-series");
            t.setDaemon(true);
            return t;
        });
        sampler.scheduleAtFixedRate(() -> {
            long now = System.currentTimeMillis();
            series.values().forEach(h -> h.sample(now));
        }, 0, SAMPLE_EVERY_MS, TimeUnit.MILLISECONDS);
        StreamlearnApp app = new StreamlearnApp(streams, topology, metrics, server, sampler,
                Collections.unmodifiableMap(series));
        streams.setStateListener((now, before) -> {
            if (now == KafkaStreams.State.RUNNING) {
                app.running.countDown();
            } else if (now == KafkaStreams.State.ERROR) {
                app.failed.countDown();
            }
        });
        streams.start();
        return app;
    }

    /**
     * A record key's pipeline of a {@code scope: key} pipeline from this instance's stores, as last
     * committed: the store of each input partition this instance holds is asked in turn (no
     * assumption on the producers' partitioner); null when none has the key.
     */
    private static KeyedPipelines.KeyedPipeline keyedPipeline(KafkaStreams streams, List<PipelineDefinition> pipelines,
                                                              Map<String, Integer> partitions, String name, byte[] key) {
        for (PipelineDefinition p : pipelines) {
            if (!p.name().equals(name) || !p.scope().perKey()) {
                continue;
            }
            StateKeys keys = StateKeys.forKey(name, key);
            int n = partitions.getOrDefault(p.input().name(), 1);
            for (int partition = 0; partition < n; partition++) {
                WorkingCopyStore<?> store;
                try {
                    store = streams.store(StoreQueryParameters.fromNameAndType(p.storeName(),
                            new WorkingCopyStoreType<>()).withPartition(partition));
                } catch (InvalidStateStoreException e) {
                    continue; // not on this instance, or not ready
                }
                // under the store's commit lock: the key's learners, scaler and evaluation of one commit
                KeyedPipelines.KeyedPipeline found = store.readCommitted(values -> values.get(keys.evaluation()) == null ? null
                        : new KeyedPipelines.KeyedPipeline(PipelineState.load(p.blueprint(), keys, values).pipeline(),
                                p.schema()));
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
    }

    /**
     * The HTTP address of the other instance whose active task holds the key's partition of a
     * {@code scope: key} pipeline ({@code KafkaStreams#queryMetadataForKey}: the default partitioner
     * over the record key's bytes, as the input's producers use); null when it is this instance, when
     * this instance advertises no address (then none does), or for an unknown pipeline.
     *
     * @throws IllegalStateException when the metadata is not available now (a rebalance)
     */
    private static String locate(KafkaStreams streams, List<PipelineDefinition> pipelines, HostInfo self,
                                 String name, byte[] key) {
        if (self == null) {
            return null;
        }
        for (PipelineDefinition p : pipelines) {
            if (!p.name().equals(name) || !p.scope().perKey()) {
                continue;
            }
            KeyQueryMetadata where;
            try {
                where = streams.queryMetadataForKey(p.storeName(), key, Serdes.ByteArray().serializer());
            } catch (RuntimeException e) {
                throw new IllegalStateException(e.getMessage(), e);
            }
            HostInfo active = where == null ? null : where.activeHost();
            if (active == null || where.equals(KeyQueryMetadata.NOT_AVAILABLE) || active.equals(HostInfo.unavailable())) {
                throw new IllegalStateException("the key's partition has no active task now (" + streams.state() + ")");
            }
            return active.equals(self) ? null : active.host() + ":" + active.port();
        }
        return null;
    }

    /** This instance's active and standby tasks, sorted; none while the client cannot say. */
    private static InstanceTasks tasks(KafkaStreams streams) {
        List<String> active = new ArrayList<>();
        List<String> standby = new ArrayList<>();
        try {
            for (ThreadMetadata thread : streams.metadataForLocalThreads()) {
                thread.activeTasks().forEach(t -> active.add(t.taskId().toString()));
                thread.standbyTasks().forEach(t -> standby.add(t.taskId().toString()));
            }
        } catch (RuntimeException e) {
            return InstanceTasks.NONE;
        }
        Collections.sort(active);
        Collections.sort(standby);
        return new InstanceTasks(active, standby);
    }

    /**
     * Stops processing ({@code KafkaStreams#pause}) until {@link #resume}: the instance keeps its
     * tasks and its place in the group. For the bench, which builds a backlog before it times one.
     * Kafka Streams' state updater does not restore a paused task (a client started paused stays
     * REBALANCING): pause once the instance is RUNNING.
     */
    public void pause() {
        streams.pause();
    }

    /** Resumes processing after {@link #pause}. */
    public void resume() {
        streams.resume();
    }

    /** The ids of this instance's active tasks, sorted; none while the client cannot say. */
    public List<String> activeTasks() {
        return tasks(streams).active();
    }

    /** Waits until the Streams client first reaches RUNNING; false on timeout. */
    public boolean awaitRunning(Duration timeout) throws InterruptedException {
        return running.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Waits until the Streams client stops in error; false on timeout. */
    public boolean awaitFailure(Duration timeout) throws InterruptedException {
        return failed.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    public KafkaStreams.State state() {
        return streams.state();
    }

    /** The Kafka Streams client's own metrics, its producers' and consumers' included. */
    public Map<MetricName, ? extends Metric> kafkaMetrics() {
        return streams.metrics();
    }

    public Map<String, PipelineMonitor> monitors() {
        return topology.monitors();
    }

    /** Every pipeline's sampled series, by pipeline name, as the console shows them. */
    public Map<String, SeriesHistory> series() {
        return series;
    }

    /** The application's metrics in the Prometheus text format, as {@code GET /metrics} serves them. */
    public String scrapeMetrics() {
        return metrics.scrape();
    }

    /** The HTTP server's port; -1 when there is none. */
    public int httpPort() {
        return http == null ? -1 : http.port();
    }

    /**
     * The working copy of a pipeline's state, from this instance's task. It belongs to the stream
     * thread: read it only while no records flow (tests, inspection).
     */
    public PipelineState pipelineState(PipelineDefinition pipeline) {
        return streams.store(StoreQueryParameters.fromNameAndType(pipeline.storeName(), new WorkingCopyStoreType<PipelineState>()))
                .workingCopy();
    }

    /**
     * Stops the stream threads (committing their state), then the HTTP server. With static
     * membership ({@code group.instance.id} set) the instance also leaves the consumer group, so a
     * replacement gets the tasks at once; a dynamic member is forgotten after {@code session.timeout.ms}.
     */
    public void close(Duration timeout) {
        streams.close(new KafkaStreams.CloseOptions().timeout(timeout).leaveGroup(true));
        sampler.shutdownNow();
        if (http != null) {
            http.close();
        }
        metrics.close();
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(30));
    }

    private static String applicationId(AppSettings settings) {
        return String.valueOf(settings.kafka().get(StreamsConfig.APPLICATION_ID_CONFIG));
    }
}
