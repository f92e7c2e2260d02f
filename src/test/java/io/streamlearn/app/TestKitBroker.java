package io.streamlearn.app;

import org.apache.kafka.common.security.auth.SecurityProtocol;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.apache.kafka.server.common.MetadataVersion;

/**
 * A one-node KRaft cluster of Kafka's test kit for the tests that need more of it than
 * {@link EmbeddedKafka} shows: a SASL listener, or a broker stopped and started again (the kit
 * rebinds a restarted broker to the same port, and its log directory stays).
 */
final class TestKitBroker {

    private TestKitBroker() {}

    /**
     * Formats, starts and waits for the node. With {@code SASL_PLAINTEXT} the kit's PLAIN users
     * exist (plain-user1 / plain-user1-secret) and its authorizer lets every authenticated user act.
     */
    static KafkaClusterTestKit start(SecurityProtocol protocol) throws Exception {
        TestKitNodes nodes = new TestKitNodes.Builder()
                .setCombined(true)
                .setNumBrokerNodes(1)
                .setNumControllerNodes(1)
                .setBootstrapMetadataVersion(MetadataVersion.latestProduction())
                .setBrokerSecurityProtocol(protocol)
                .build();
        KafkaClusterTestKit cluster = new KafkaClusterTestKit.Builder(nodes)
                .setConfigProp("offsets.topic.replication.factor", "1")
                .setConfigProp("offsets.topic.num.partitions", "1")
                .setConfigProp("transaction.state.log.replication.factor", "1")
                .setConfigProp("transaction.state.log.min.isr", "1")
                .setConfigProp("transaction.state.log.num.partitions", "1")
                .setConfigProp("group.initial.rebalance.delay.ms", "0")
                .setConfigProp("allow.everyone.if.no.acl.found", "true")
                .build();
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
}
