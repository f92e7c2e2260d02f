package io.streamlearn.broker;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;

/**
 * Three Apache Kafka nodes in JVMs of their own, each a combined KRaft broker and controller with a
 * fixed {@code node.id} (1, 2, 3), voters of one static quorum ({@code controller.quorum.voters}),
 * on loopback ports chosen before the start and kept across restarts, with log directories under
 * one folder that survive a node's death: the cluster a production deployment runs, small. Topics
 * default to replication factor 3 and {@code min.insync.replicas} 2, the consumer offsets and
 * transaction state included, so a cluster of two nodes still accepts every write and loses none
 * acknowledged. A node can be killed (SIGKILL), stopped cleanly (controlled shutdown) and started
 * again with its data; quorum and data stay available while a majority runs.
 */
public final class BrokerCluster implements AutoCloseable {

    public static final int NODES = 3;
    public static final short REPLICATION_FACTOR = 3;
    public static final int MIN_INSYNC_REPLICAS = 2;

    /**
     * A node's JVM: the cluster's load is a test's and three nodes share the machine; C1 only, which
     * halves a node's start on a loaded 2-core machine (a restart 20-25 s -> 12-16 s at load 30).
     */
    private static final List<String> NODE_JVM = List.of("-Xmx384m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1");
    private static final Duration READY_PATIENCE = Duration.ofSeconds(120);

    private final Path directory;
    private final String clusterId = Uuid.randomUuid().toString();
    private final Map<Integer, Integer> brokerPorts = new LinkedHashMap<>();
    private final Map<Integer, Integer> controllerPorts = new LinkedHashMap<>();
    private final Map<Integer, BrokerProcess> running = new LinkedHashMap<>();

    private BrokerCluster(Path directory) {
        this.directory = directory;
    }

    /**
     * Starts the three nodes under {@code directory} (an existing folder: a log directory, a
     * properties file and a log file per node) and waits until every broker is registered.
     */
    public static BrokerCluster start(Path directory) throws Exception {
        BrokerCluster cluster = new BrokerCluster(directory);
        try {
            for (int id = 1; id <= NODES; id++) {
                cluster.brokerPorts.put(id, freePort());
                cluster.controllerPorts.put(id, freePort());
            }
            for (int id : cluster.nodeIds()) {
                cluster.writeProperties(id);
            }
            // a node is ready only once a quorum elected a controller: launch all, then wait for each
            for (int id : cluster.nodeIds()) {
                cluster.running.put(id, cluster.launch(id));
            }
            for (BrokerProcess node : cluster.running.values()) {
                node.awaitReady();
            }
            cluster.awaitBrokers(NODES);
        } catch (Exception e) {
            cluster.close();
            throw e;
        }
        return cluster;
    }

    public List<Integer> nodeIds() {
        return List.copyOf(brokerPorts.keySet());
    }

    /** Every node's client address, running or not. */
    public String bootstrapServers() {
        return brokerPorts.values().stream().map(p -> "127.0.0.1:" + p).collect(Collectors.joining(","));
    }

    public boolean isRunning(int nodeId) {
        BrokerProcess node = running.get(nodeId);
        return node != null && node.isAlive();
    }

    /** SIGKILL: the node's JVM ends at once, with no controlled shutdown and nothing flushed. */
    public void kill(int nodeId) throws InterruptedException {
        BrokerProcess node = running.remove(nodeId);
        if (node != null) {
            node.kill();
        }
    }

    /** A clean stop: the broker's controlled shutdown hands its leaderships over first. */
    public void stop(int nodeId) throws IOException, InterruptedException {
        BrokerProcess node = running.remove(nodeId);
        if (node != null) {
            node.requestStop();
            node.awaitStop(120);
        }
    }

    /**
     * Starts a stopped or killed node again, on its ports and with its log directory, and waits
     * until it is registered with the controller again.
     */
    public void restart(int nodeId) throws Exception {
        if (isRunning(nodeId)) {
            throw new IllegalStateException("node " + nodeId + " is running");
        }
        BrokerProcess node = launch(nodeId);
        running.put(nodeId, node);
        node.awaitReady();
        awaitBrokers(running.size());
    }

    /** The node's log file (its standard error, appended over restarts). */
    public Path log(int nodeId) {
        return directory.resolve("node-" + nodeId + ".log");
    }

    /** Stops every running node at once (one after another would leave the last without a quorum). */
    @Override
    public void close() throws Exception {
        for (BrokerProcess node : running.values()) {
            node.requestStop();
        }
        for (BrokerProcess node : running.values()) {
            node.awaitStop(30);
        }
        running.clear();
    }

    private BrokerProcess launch(int nodeId) throws IOException {
        return BrokerProcess.launch(ClusterNode.class, NODE_JVM,
                List.of(properties(nodeId).toString(), clusterId, "127.0.0.1:" + brokerPorts.get(nodeId)), log(nodeId));
    }

    private Path properties(int nodeId) {
        return directory.resolve("node-" + nodeId + ".properties");
    }

    private void writeProperties(int nodeId) throws IOException {
        String voters = controllerPorts.entrySet().stream()
                .map(e -> e.getKey() + "@127.0.0.1:" + e.getValue()).collect(Collectors.joining(","));
        Path logDir = directory.resolve("node-" + nodeId);
        Files.createDirectories(logDir);
        Properties p = new Properties();
        p.put("process.roles", "broker,controller");
        p.put("node.id", Integer.toString(nodeId));
        p.put("controller.quorum.voters", voters);
        p.put("listeners", "BROKER://127.0.0.1:" + brokerPorts.get(nodeId) + ",CONTROLLER://127.0.0.1:" + controllerPorts.get(nodeId));
        p.put("advertised.listeners", "BROKER://127.0.0.1:" + brokerPorts.get(nodeId));
        p.put("listener.security.protocol.map", "BROKER:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.put("inter.broker.listener.name", "BROKER");
        p.put("controller.listener.names", "CONTROLLER");
        p.put("log.dirs", logDir.toString());
        p.put("auto.create.topics.enable", "false");
        p.put("default.replication.factor", Short.toString(REPLICATION_FACTOR));
        p.put("min.insync.replicas", Integer.toString(MIN_INSYNC_REPLICAS));
        p.put("offsets.topic.replication.factor", Short.toString(REPLICATION_FACTOR));
        p.put("transaction.state.log.replication.factor", Short.toString(REPLICATION_FACTOR));
        p.put("transaction.state.log.min.isr", Integer.toString(MIN_INSYNC_REPLICAS));
        // few partitions of the internal topics: quicker to create and to move, as much replication
        p.put("offsets.topic.num.partitions", "3");
        p.put("transaction.state.log.num.partitions", "3");
        p.put("group.initial.rebalance.delay.ms", "0");
        try (var out = Files.newBufferedWriter(properties(nodeId))) {
            p.store(out, "node " + nodeId + " of a three-node KRaft cluster (BrokerCluster)");
        }
    }

    /** Waits until {@code count} brokers are registered and unfenced (what describeCluster lists). */
    private void awaitBrokers(int count) throws Exception {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        long deadline = System.nanoTime() + READY_PATIENCE.toNanos();
        try (Admin admin = Admin.create(p)) {
            while (admin.describeCluster().nodes().get().size() < count) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("fewer than " + count + " brokers after " + READY_PATIENCE
                            + " (logs under " + directory + ")");
                }
                Thread.sleep(100);
            }
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
