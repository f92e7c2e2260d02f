package io.streamlearn.broker;

import java.nio.file.Path;
import kafka.server.ControllerServer;
import org.apache.kafka.common.security.auth.SecurityProtocol;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.apache.kafka.server.common.MetadataVersion;

/**
 * A real Apache Kafka broker in this JVM: one combined KRaft node (broker and controller), built
 * with Kafka's own cluster test kit, its data in a temporary folder removed on close. Used by
 * {@code demo} and by the integration tests.
 */
public final class EmbeddedKafka implements AutoCloseable {

    private final KafkaClusterTestKit cluster;
    private final String bootstrapServers;

    private EmbeddedKafka(KafkaClusterTestKit cluster, String bootstrapServers) {
        this.cluster = cluster;
        this.bootstrapServers = bootstrapServers;
    }

    /**
     * Initialises the broker's classes that add a JVM shutdown hook when they are first used
     * (Kafka's Yammer metrics registry), so that a broker started while the JVM begins to shut down
     * (Ctrl-C during the demo's start-up) does not fail on them.
     */
    public static void loadShutdownHookClasses() {
        try {
            Class.forName("org.apache.kafka.server.metrics.KafkaYammerMetrics", true, EmbeddedKafka.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("the broker's classes are missing", e);
        }
    }

    /**
     * Formats, starts and waits for the broker.
     *
     * @param port the port clients connect to; 0 for an ephemeral one
     */
    public static EmbeddedKafka start(int port) throws Exception {
        return start(port, null);
    }

    /**
     * Formats, starts and waits for the broker, its data under {@code baseDirectory} (which close
     * empties). Without one, the test kit makes a temporary folder and a shutdown hook that deletes
     * it when the JVM ends — while the broker may still be running, which a process that closes the
     * broker in its own shutdown (the demo on Ctrl-C) must avoid.
     *
     * @param port the port clients connect to; 0 for an ephemeral one
     * @param baseDirectory an existing empty folder for the broker's data, or null
     */
    public static EmbeddedKafka start(int port, Path baseDirectory) throws Exception {
        KafkaClusterTestKit.Builder builder = singleNode(SecurityProtocol.PLAINTEXT, baseDirectory)
                .setConfigProp("auto.create.topics.enable", "false");
        if (port > 0) {
            // the test kit pre-binds its own listeners on ephemeral ports; a third listener takes the fixed one
            builder.setConfigProp("listeners", "EXTERNAL://localhost:0,CONTROLLER://localhost:0,HOST://localhost:" + port)
                    .setConfigProp("listener.security.protocol.map",
                            "EXTERNAL:PLAINTEXT,CONTROLLER:PLAINTEXT,HOST:PLAINTEXT");
        }
        KafkaClusterTestKit cluster = started(builder);
        String bootstrap = port > 0 ? "localhost:" + port : cluster.bootstrapServers();
        return new EmbeddedKafka(cluster, bootstrap);
    }

    /**
     * The test kit's builder of one combined KRaft node (broker and controller) with the settings a
     * single node needs: replication factors and min ISR 1, small internal topics, no rebalance delay.
     */
    public static KafkaClusterTestKit.Builder singleNode(SecurityProtocol protocol) throws Exception {
        return singleNode(protocol, null);
    }

    private static KafkaClusterTestKit.Builder singleNode(SecurityProtocol protocol, Path baseDirectory) throws Exception {
        TestKitNodes nodes = new TestKitNodes.Builder()
                .setBaseDirectory(baseDirectory)
                .setCombined(true)
                .setNumBrokerNodes(1)
                .setNumControllerNodes(1)
                // the default is an unstable testing version
                .setBootstrapMetadataVersion(MetadataVersion.latestProduction())
                .setBrokerSecurityProtocol(protocol)
                .build();
        return new KafkaClusterTestKit.Builder(nodes)
                .setConfigProp("offsets.topic.replication.factor", "1")
                .setConfigProp("offsets.topic.num.partitions", "1")
                .setConfigProp("transaction.state.log.replication.factor", "1")
                .setConfigProp("transaction.state.log.min.isr", "1")
                .setConfigProp("transaction.state.log.num.partitions", "1")
                .setConfigProp("group.initial.rebalance.delay.ms", "0");
    }

    /** Builds, formats and starts the cluster and waits for its broker; closes it if any step fails. */
    public static KafkaClusterTestKit started(KafkaClusterTestKit.Builder builder) throws Exception {
        KafkaClusterTestKit cluster = builder.build();
        try {
            cluster.format();
            cluster.startup();
            cluster.waitForReadyBrokers();
        } catch (Exception e) {
            cluster.close();
            throw e;
        }
        return cluster;
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    /**
     * Stops the broker. Kafka 4.1's controller shuts its registration channel down twice: the
     * registration manager's own shutdown event shuts down the channel it was started with
     * (ControllerRegistrationManager.scala:117), then ControllerServer.shutdown shuts the same channel
     * down again (ControllerServer.scala:444), and its network client warns {@code Attempting to close
     * NetworkClient that has already been closed} at every stop, with no client of ours involved.
     * Dropping the server's second reference before the stop leaves the one shutdown, by the
     * registration manager; the order of everything else is Kafka's.
     */
    @Override
    public void close() throws Exception {
        for (ControllerServer controller : cluster.controllers().values()) {
            if (controller.registrationManager() != null) {
                controller.registrationChannelManager_$eq(null);
            }
        }
        cluster.close();
    }
}
