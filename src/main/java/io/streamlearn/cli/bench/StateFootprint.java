package io.streamlearn.cli.bench;

import io.streamlearn.app.StreamlearnApp;
import io.streamlearn.query.SaveCost;
import io.streamlearn.topology.PipelineDefinition;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.LogDirDescription;
import org.apache.kafka.clients.admin.ReplicaInfo;
import org.apache.kafka.common.TopicPartition;

/**
 * What a learner's state cost at the end of its latency run, for the results file: the keys (per
 * key), the merged topic (data-parallel: its state is one store per partition, each replica's own)
 * or the state's encoded size (the single task), then the bytes of its changelog.
 */
final class StateFootprint {

    private final BenchClients clients;
    private final long inputRecords;

    /** {@code inputRecords}: the records the application read, to give bytes per input record. */
    StateFootprint(BenchClients clients, long inputRecords) {
        this.clients = clients;
        this.inputRecords = inputRecords;
    }

    String describe(String applicationId, PipelineDefinition pipeline, List<StreamlearnApp> apps) {
        String state;
        if (pipeline.scope().perKey()) {
            state = keyCount(apps, pipeline);
        } else if (pipeline.parallel().enabled()) {
            state = topicBytes(pipeline.mergedTopic(applicationId));
        } else {
            state = stateCost(apps.get(0), pipeline);
        }
        String changelog = applicationId + "-" + pipeline.storeName() + "-changelog";
        return state + "; " + topicBytes(changelog);
    }

    /** What writing the state at commits cost. */
    private static String stateCost(StreamlearnApp app, PipelineDefinition pipeline) {
        // what one snapshot costs to serialize without Kafka: StateWriteBenchmark (JMH)
        SaveCost cost = app.pipelineState(pipeline).saveCost();
        return String.format(Locale.ROOT, "state written at %,d commits, %.2f ms and %,d bytes per commit",
                cost.saves(), cost.nanos() / 1e6 / Math.max(1, cost.saves()), cost.bytes() / Math.max(1, cost.saves()));
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
    private String topicBytes(String topic) {
        try (Admin admin = clients.admin()) {
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
}
