package io.streamlearn.topology;

import io.streamlearn.query.PipelineMonitor;
import io.streamlearn.topology.store.WorkingCopyStoreBuilder;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.processor.StreamPartitioner;
import org.apache.kafka.streams.state.Stores;

/**
 * The Kafka Streams topology of one or more pipelines, shared by {@code run}, {@code demo} and the
 * tests. Per pipeline:
 * <pre>
 *   input topic ─▶ [key by pipeline ─▶ repartition to 1 partition]? ─▶ learn (state store) ─┬─▶ output topic
 *                                                                                               └─▶ dead-letter topic
 * </pre>
 * A pipeline's learners are one model each: when its input topic has more than one partition, its
 * records go through a one-partition repartition topic ({@code <application.id>-<pipeline>-pipeline-repartition})
 * so that one task holds the pipeline (see {@link PipelineRouting}); with one input partition there
 * is no hop. A pipeline with delayed labels ({@code labels:}) always goes through that repartition
 * topic, its label topic too (marked by a {@code streamlearn.kind: label} header): its feature and
 * label records are then in one partition, in one order that every run and restart reads alike,
 * and its pending records in one key-value store ({@link PendingLabels}). A pipeline of {@code scope: key} keeps one model set per record key ({@link KeyedStates}):
 * its records stay in their input partition, so its tasks, threads and instances share the work.
 * Keys pass through unchanged. Node, store and internal topic names are fixed, so the topology stays compatible with
 * its changelogs across restarts and upgrades.
 */
public final class StreamlearnTopology {

    private final Topology topology;
    private final Map<String, PipelineMonitor> monitors;

    private StreamlearnTopology(Topology topology, Map<String, PipelineMonitor> monitors) {
        this.topology = topology;
        this.monitors = Collections.unmodifiableMap(monitors);
    }

    /**
     * Builds the topology.
     *
     * @param pipelines pipelines with distinct names
     * @param options partition counts of the input topics and the store's chunk size
     */
    public static StreamlearnTopology build(List<PipelineDefinition> pipelines, TopologyOptions options) {
        StreamsBuilder builder = new StreamsBuilder();
        Map<String, KStream<byte[], byte[]>> sources = new HashMap<>();
        Map<String, PipelineMonitor> monitors = new LinkedHashMap<>();
        for (PipelineDefinition defined : pipelines) {
            if (monitors.containsKey(defined.name())) {
                throw new IllegalArgumentException("two pipelines are named " + defined.name());
            }
            boolean perKey = defined.scope().perKey();
            boolean parallel = !perKey && defined.parallel().enabled();
            // data-parallel: each input partition's task trains a replica (ParameterMixing.forReplicas)
            PipelineDefinition p = parallel ? forReplicas(defined, options.partitions(defined.input().name())) : defined;
            PipelineMonitor monitor = new PipelineMonitor(p.name(), p.learnerNames(), p.classes() > 0, perKey,
                    p.blueprint().paths());
            monitors.put(p.name(), monitor);
            if (p.blueprint().events() != null) {
                monitor.expectEvents(p.blueprint().events().layout());
            }

            KStream<byte[], byte[]> input = sources.computeIfAbsent(p.input().name(),
                    topic -> builder.stream(topic, p.input().consumed().withName("source-" + topic)));
            String mergedTopic = parallel ? p.mergedTopic(options.applicationId()) : null;
            if (parallel) {
                // the merged generations reach each replica through its own task's input (same sub-topology,
                // partition p of both topics), so adopting one is part of the task's transaction
                monitor.markParallel();
                input = input.merge(builder.stream(mergedTopic, Consumed.with(Serdes.ByteArray(), Serdes.ByteArray())
                        .withName(p.name() + "-merged-source")), Named.as(p.name() + "-with-merged"));
            } else if (!perKey && (p.delayedLabels() || options.partitions(p.input().name()) > 1)) {
                KStream<byte[], byte[]> routed = input.process(() -> new PipelineRouting.ToPipeline(p.name()),
                        Named.as(p.name() + "-to-pipeline"));
                if (p.delayedLabels()) {
                    KStream<byte[], byte[]> labels = sources.computeIfAbsent(p.labels().topic(),
                            topic -> builder.stream(topic, p.labelTopic().consumed().withName("source-" + topic)));
                    routed = routed.merge(labels.process(() -> new PipelineRouting.ToPipeline(p.name(), true),
                            Named.as(p.name() + "-labels-to-pipeline")), Named.as(p.name() + "-features-and-labels"));
                }
                input = routed
                        .repartition(Repartitioned.<byte[], byte[]>as(p.name() + "-pipeline")
                                .withKeySerde(p.input().keySerde())
                                .withValueSerde(p.input().valueSerde())
                                .withNumberOfPartitions(1));
            }
            if (perKey) {
                builder.addStateStore(WorkingCopyStoreBuilder.persistent(p.storeName(), options.chunkSize(),
                        values -> KeyedStates.load(p.blueprint(), p.scope(), values, monitor)));
            } else {
                StateKeys keys = StateKeys.global(p.name());
                builder.addStateStore(WorkingCopyStoreBuilder.persistent(p.storeName(), options.chunkSize(),
                        values -> PipelineState.load(p.blueprint(), keys, values, p.parallel())));
            }
            String[] stores = {p.storeName()};
            if (p.delayedLabels()) {
                monitor.expectDelayedLabels();
                builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(p.labelStoreName()),
                        Serdes.Bytes(), Serdes.ByteArray()).withCachingDisabled());
                stores = new String[] {p.storeName(), p.labelStoreName()};
            }
            // the processor forwards each value to the child it is for, by name: no filters in between
            KStream<byte[], byte[]> emitted = input.process(
                    () -> new LearningProcessor(p, monitor, options.maxDeadLetterBytes(), mergedTopic),
                    Named.as(p.name() + "-learn"), stores);
            emitted.to(p.output().name(), p.output().produced().withName(LearningProcessor.outputChild(p.name())));
            emitted.to(p.deadLetter().name(),
                    p.deadLetter().produced().withName(LearningProcessor.deadLetterChild(p.name())));
            if (parallel) {
                addMerge(builder, p, emitted, options.partitions(p.input().name()), mergedTopic);
            }
        }
        return new StreamlearnTopology(builder.build(), monitors);
    }

    /** The pipeline whose learners train replicas over {@code partitions} input partitions. */
    private static PipelineDefinition forReplicas(PipelineDefinition p, int partitions) {
        try {
            return p.withBlueprint(p.blueprint().forReplicas(partitions));
        } catch (IllegalArgumentException e) {
            throw new PipelineRefusedException(e.getMessage(), e);
        }
    }

    /**
     * A data-parallel pipeline's merge: contributions through a one-partition parameter topic
     * ({@code <application.id>-<pipeline>-parallel-params-repartition}) to one merge task, whose
     * merged generations go to every partition of the merged topic.
     */
    private static void addMerge(StreamsBuilder builder, PipelineDefinition p, KStream<byte[], byte[]> emitted,
                                 int partitions, String mergedTopic) {
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(p.mergeStoreName()),
                Serdes.String(), Serdes.ByteArray()));
        StreamPartitioner<byte[], byte[]> everyPartition = (topic, key, value, count) ->
                Optional.of(IntStream.range(0, count).boxed().collect(Collectors.toSet()));
        emitted.peek((k, v) -> { }, Named.as(LearningProcessor.contributionsChild(p.name()))) // the named child
                .repartition(Repartitioned.<byte[], byte[]>as(p.name() + "-parallel-params")
                        .withKeySerde(Serdes.ByteArray()).withValueSerde(Serdes.ByteArray()).withNumberOfPartitions(1))
                .process(() -> new ParallelMergeProcessor(p, partitions), Named.as(p.name() + "-parallel-merge"),
                        p.mergeStoreName())
                .to(mergedTopic, Produced.with(Serdes.ByteArray(), Serdes.ByteArray())
                        .withStreamPartitioner(everyPartition).withName(p.name() + "-merged-sink"));
    }

    /**
     * The baseline of the benchmark: the same source, serdes and sink as a pipeline, and nothing in
     * between.
     */
    public static Topology passThrough(Topic<byte[], byte[]> input, Topic<byte[], byte[]> output) {
        StreamsBuilder builder = new StreamsBuilder();
        builder.stream(input.name(), input.consumed().withName("source-" + input.name()))
                .to(output.name(), output.produced().withName("pass-through"));
        return builder.build();
    }

    public Topology topology() {
        return topology;
    }

    /** The monitor of every pipeline, by name, in spec order. */
    public Map<String, PipelineMonitor> monitors() {
        return monitors;
    }

    public PipelineMonitor monitor(String pipeline) {
        PipelineMonitor m = monitors.get(pipeline);
        if (m == null) {
            throw new IllegalArgumentException("no pipeline " + pipeline);
        }
        return m;
    }
}
