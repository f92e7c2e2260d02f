package io.streamlearn.testing;

import io.streamlearn.broker.EmbeddedKafka;
import io.streamlearn.testing.TestCertificates;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.common.security.auth.SecurityProtocol;
import org.apache.kafka.common.test.KafkaClusterTestKit;

/**
 * A one-node KRaft cluster of Kafka's test kit for the tests that need more of it than
 * {@link EmbeddedKafka} shows: a SASL listener, a TLS one, or a broker stopped and started again
 * (the kit rebinds a restarted broker to the same port, and its log directory stays).
 */
public final class TestKitBroker {

    private static final String SECURE = "SECURE";

    private TestKitBroker() {}

    /**
     * Formats, starts and waits for the node. With {@code SASL_PLAINTEXT} the kit's PLAIN users
     * exist (plain-user1 / plain-user1-secret) and its authorizer lets every authenticated user act.
     */
    public static KafkaClusterTestKit start(SecurityProtocol protocol) throws Exception {
        return EmbeddedKafka.started(EmbeddedKafka.singleNode(protocol)
                .setConfigProp("allow.everyone.if.no.acl.found", "true"));
    }

    /**
     * A node with a secured listener for the clients under test, beside the kit's own PLAINTEXT
     * listeners (the controller's, and {@link #setUp} for the test's set-up).
     *
     * @param bootstrapServers the secured listener, the only address the clients under test are given
     */
    public record Secured(KafkaClusterTestKit cluster, String bootstrapServers) implements AutoCloseable {
        /** An admin client on the kit's PLAINTEXT listener, for what a cluster's operator sets up. */
        Admin setUp() {
            return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers()));
        }

        @Override
        public void close() throws Exception {
            cluster.close();
        }
    }

    /** A TLS listener that requires a client certificate ({@code ssl.client.auth=required}) trusted by the broker. */
    public static Secured mutualTls(TestCertificates certificates) throws Exception {
        return secured(SecurityProtocol.SSL, certificates, Map.of(
                "ssl.truststore.type", "PKCS12",
                "ssl.truststore.location", certificates.brokerTrustStore().toString(),
                "ssl.truststore.password", certificates.trustStorePassword(),
                "ssl.client.auth", "required"));
    }

    /**
     * A SASL_SSL listener with SCRAM-SHA-512 (server certificate only), and the SCRAM credential of
     * {@code user}, created through the Admin API and visible to the broker when this returns.
     */
    public static Secured saslSslScram(TestCertificates certificates, String user, String password) throws Exception {
        Secured broker = secured(SecurityProtocol.SASL_SSL, certificates, Map.of(
                "sasl.enabled.mechanisms", "SCRAM-SHA-512",
                "scram-sha-512.sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required;"));
        try (Admin admin = broker.setUp()) {
            admin.alterUserScramCredentials(List.of(new UserScramCredentialUpsertion(user,
                    new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 4096), password))).all().get();
            KafkaTestSupport.await(() -> {
                try {
                    return !admin.describeUserScramCredentials(List.of(user)).all().get().isEmpty();
                } catch (Exception notYet) {
                    return false;
                }
            }, Duration.ofSeconds(30), "the SCRAM credential of " + user);
        } catch (Exception e) {
            broker.close();
            throw e;
        }
        return broker;
    }

    /** {@code listenerSettings} apply to the secured listener alone (as {@code listener.name.secure.*}). */
    private static Secured secured(SecurityProtocol protocol, TestCertificates certificates,
                                   Map<String, String> listenerSettings) throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        String prefix = "listener.name.secure.";
        // the kit pre-binds its own listeners on ephemeral ports; a third one takes the secured port
        KafkaClusterTestKit.Builder builder = EmbeddedKafka.singleNode(SecurityProtocol.PLAINTEXT)
                .setConfigProp("auto.create.topics.enable", "false")
                .setConfigProp("listeners", "EXTERNAL://localhost:0,CONTROLLER://localhost:0," + SECURE + "://localhost:" + port)
                .setConfigProp("listener.security.protocol.map",
                        "EXTERNAL:PLAINTEXT,CONTROLLER:PLAINTEXT," + SECURE + ":" + protocol.name)
                .setConfigProp(prefix + "ssl.keystore.type", "PKCS12")
                .setConfigProp(prefix + "ssl.keystore.location", certificates.brokerKeyStore().toString())
                .setConfigProp(prefix + "ssl.keystore.password", certificates.keyStorePassword())
                .setConfigProp(prefix + "ssl.key.password", certificates.keyStorePassword());
        listenerSettings.forEach((key, value) -> builder.setConfigProp(prefix + key, value));
        return new Secured(EmbeddedKafka.started(builder), "localhost:" + port);
    }
}
