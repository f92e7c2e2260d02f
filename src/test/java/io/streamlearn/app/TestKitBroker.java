package io.streamlearn.app;

import io.streamlearn.broker.EmbeddedKafka;
import org.apache.kafka.common.security.auth.SecurityProtocol;
import org.apache.kafka.common.test.KafkaClusterTestKit;

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
        return EmbeddedKafka.started(EmbeddedKafka.singleNode(protocol)
                .setConfigProp("allow.everyone.if.no.acl.found", "true"));
    }
}
