package io.streamlearn.broker;

import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.common.utils.Time;

/**
 * The child JVM of one {@link BrokerCluster} node: a combined KRaft node (broker and controller)
 * from a properties file, as {@code kafka-storage.sh format} and {@code kafka-server-start.sh} run
 * one. Its log directory is formatted the first time only ({@code --ignore-formatted}), so a node
 * killed and started again keeps its data. Stops with a controlled shutdown when its standard input
 * closes.
 */
final class ClusterNode {

    private ClusterNode() {}

    /** Arguments: the node's properties file, the cluster id, the address it advertises to clients. */
    public static void main(String[] args) throws Exception {
        Path file = Path.of(args[0]);
        int formatted = StorageTool.execute(new String[] {"format", "--cluster-id", args[1], "--config", file.toString(),
                "--ignore-formatted"}, System.err);
        if (formatted != 0) {
            throw new IllegalStateException("formatting the log directory of " + file + " failed: " + formatted);
        }
        Properties properties = new Properties();
        try (Reader in = Files.newBufferedReader(file)) {
            properties.load(in);
        }
        KafkaRaftServer server = new KafkaRaftServer(KafkaConfig.fromProps(properties), Time.SYSTEM);
        server.startup();
        BrokerProcess.announceReady(args[2]);
        BrokerProcess.awaitParent();
        server.shutdown();
        server.awaitShutdown();
    }
}
