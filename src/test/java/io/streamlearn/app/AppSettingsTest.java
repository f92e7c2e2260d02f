package io.streamlearn.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamlearn.app.http.BearerToken;
import io.streamlearn.app.http.HttpSettingsException;
import io.streamlearn.testing.TestCertificates;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AppSettingsTest {

    @TempDir
    Path dir;

    @Test
    void defaultsAreExactlyOnceWithHandlersThatKeepTheApplicationRunning() throws Exception {
        Properties kafka = AppSettings.resolve(null, Map.of(), Map.of("bootstrap.servers", "b:9092")).kafka();
        assertThat(kafka.getProperty("processing.guarantee")).isEqualTo("exactly_once_v2");
        assertThat(kafka.getProperty("application.id")).isEqualTo("streamlearn");
        assertThat(kafka.getProperty(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG))
                .isEqualTo("org.apache.kafka.streams.errors.LogAndContinueExceptionHandler");
        assertThat(kafka.getProperty(StreamsConfig.PRODUCTION_EXCEPTION_HANDLER_CLASS_CONFIG))
                .isEqualTo("io.streamlearn.topology.OutputErrorHandler");
    }

    @Test
    void flagsOverrideTheEnvironmentWhichOverridesTheConfigFile() throws Exception {
        Path file = dir.resolve("app.properties");
        Files.writeString(file, String.join("\n",
                "bootstrap.servers=file:9092", "application.id=from-file", "security.protocol=SSL",
                "streamlearn.topic.partitions=6", "streamlearn.topic.replication.factor=3", ""));
        Map<String, String> env = Map.of(
                "STREAMLEARN_BOOTSTRAP_SERVERS", "env:9092",
                "STREAMLEARN_APPLICATION_ID", "from-env",
                "STREAMLEARN_KAFKA_SASL_MECHANISM", "PLAIN");
        Map<String, String> flags = new HashMap<>();
        flags.put("application.id", "from-flag");
        flags.put("state.dir", null);
        AppSettings s = AppSettings.resolve(file, env, flags);
        Properties kafka = s.kafka();
        assertThat(s.bootstrapServers()).isEqualTo("env:9092");
        assertThat(kafka.getProperty("application.id")).isEqualTo("from-flag");
        assertThat(kafka.getProperty("security.protocol")).isEqualTo("SSL");
        assertThat(kafka.getProperty("sasl.mechanism")).isEqualTo("PLAIN");
        assertThat(kafka.stringPropertyNames()).noneMatch(k -> k.startsWith("streamlearn."));
        assertThat(s.topicPartitions()).isEqualTo(6);
        assertThat(s.topicReplication()).isEqualTo(Optional.of((short) 3));
    }

    @Test
    void oneStandbyReplicaByDefaultWhichTheConfigFileAndTheFlagOverride() throws Exception {
        AppSettings defaults = AppSettings.resolve(null, Map.of(), Map.of("bootstrap.servers", "b:9092"));
        assertThat(defaults.kafka().getProperty(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG)).isEqualTo("1");
        assertThat(defaults.advertisedHttp()).isEmpty();
        Path file = dir.resolve("standby.properties");
        Files.writeString(file, "num.standby.replicas=0\napplication.server=a.example:8080\n");
        AppSettings fromFile = AppSettings.resolve(file, Map.of(), Map.of("bootstrap.servers", "b:9092"));
        assertThat(fromFile.kafka().getProperty(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG)).isEqualTo("0");
        assertThat(fromFile.advertisedHttp()).hasValue("a.example:8080");
        Map<String, String> flags = new HashMap<>();
        flags.put("bootstrap.servers", "b:9092");
        flags.put(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, "2");
        flags.put(StreamsConfig.APPLICATION_SERVER_CONFIG, "b.example:9090");
        AppSettings fromFlags = AppSettings.resolve(file, Map.of(), flags);
        assertThat(fromFlags.kafka().getProperty(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG)).isEqualTo("2");
        assertThat(fromFlags.advertisedHttp()).hasValue("b.example:9090");
    }

    @Test
    void theConnectionHoldsWhatEveryClientKnowsAndNothingOfStreams() throws Exception {
        Path file = dir.resolve("client.properties");
        Files.writeString(file, String.join("\n",
                "security.protocol=SASL_SSL", "sasl.mechanism=SCRAM-SHA-512",
                "sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required;",
                "ssl.truststore.location=/t.p12", "ssl.truststore.password=secret", "client.dns.lookup=use_all_dns_ips",
                "commit.interval.ms=100", "producer.linger.ms=20", "linger.ms=20", "isolation.level=read_committed",
                "streamlearn.topic.partitions=3", ""));
        Properties connection = AppSettings.resolve(file, Map.of("STREAMLEARN_KAFKA_SSL_KEYSTORE_TYPE", "PKCS12"),
                Map.of("bootstrap.servers", "b:9093")).connection();

        assertThat(connection).containsOnlyKeys("bootstrap.servers", "security.protocol", "sasl.mechanism",
                "sasl.jaas.config", "ssl.truststore.location", "ssl.truststore.password", "client.dns.lookup",
                "ssl.keystore.type");
        assertThat(connection.getProperty("bootstrap.servers")).isEqualTo("b:9093");
        assertThat(connection.getProperty("ssl.keystore.type")).isEqualTo("PKCS12");
    }

    @Test
    void secretsAreTheSettingsKafkaHidesWithAnyPrefix() {
        for (String secret : List.of("sasl.jaas.config", "ssl.keystore.password", "ssl.key.password",
                "ssl.truststore.password", "ssl.keystore.key", "producer.sasl.jaas.config",
                "main.consumer.ssl.keystore.password", "listener.name.secure.scram-sha-512.sasl.jaas.config",
                "basic.auth.user.password")) {
            assertThat(AppSettings.isSecret(secret)).as(secret).isTrue();
        }
        for (String open : List.of("security.protocol", "sasl.mechanism", "ssl.keystore.location",
                "ssl.truststore.type", "ssl.client.auth", "commit.interval.ms", "bootstrap.servers")) {
            assertThat(AppSettings.isSecret(open)).as(open).isFalse();
        }
    }

    @Test
    void withoutBootstrapServersItSaysWhereToGiveThem() {
        assertThatThrownBy(() -> AppSettings.resolve(null, Map.of(), Map.of()))
                .hasMessageContaining("--bootstrap-servers").hasMessageContaining("STREAMLEARN_BOOTSTRAP_SERVERS");
    }

    @Test
    void theHttpTokenComesFromTheConfigFileTheEnvironmentOrTheFlagInThatOrder() throws Exception {
        Path fromConfig = Files.writeString(dir.resolve("config.token"), "config-token\n");
        Path fromFlag = Files.writeString(dir.resolve("flag.token"), "flag-token\n");
        Path config = Files.writeString(dir.resolve("http.properties"), AppSettings.HTTP_TOKEN_FILE_CONFIG + "=" + fromConfig + "\n");
        Map<String, String> env = Map.of(AppSettings.ENV_HTTP_TOKEN, "env-token");
        assertThat(AppSettings.resolve(null, Map.of(), bootstrap()).http(null, 0).token()).isEmpty();
        assertThat(token(config, Map.of(), bootstrap()).accepts("Bearer config-token")).isTrue();
        assertThat(token(config, env, bootstrap()).accepts("Bearer env-token")).isTrue();
        Map<String, String> flags = bootstrap();
        flags.put(AppSettings.HTTP_TOKEN_FILE_CONFIG, fromFlag.toString());
        BearerToken flagged = token(config, env, flags);
        assertThat(flagged.accepts("Bearer flag-token")).isTrue();
        assertThat(flagged.accepts("Bearer env-token")).isFalse();
    }

    @Test
    void aTokenFileThatCannotBeUsedIsOneLineNamingItAndTheFlag() throws Exception {
        Path empty = Files.writeString(dir.resolve("empty.token"), "\n");
        for (Path file : new Path[] {dir.resolve("missing.token"), empty, dir}) {
            Map<String, String> flags = bootstrap();
            flags.put(AppSettings.HTTP_TOKEN_FILE_CONFIG, file.toString());
            AppSettings settings = AppSettings.resolve(null, Map.of(), flags);
            assertThatThrownBy(() -> settings.http(null, 0)).isInstanceOf(HttpSettingsException.class)
                    .hasMessageContaining("--http-token-file " + file).hasMessageNotContaining("\n");
        }
        Map<String, String> metricsOnly = bootstrap();
        metricsOnly.put(AppSettings.HTTP_PROTECT_METRICS_CONFIG, "true");
        assertThatThrownBy(() -> AppSettings.resolve(null, Map.of(), metricsOnly).http(null, 0))
                .isInstanceOf(HttpSettingsException.class).hasMessageContaining("--http-protect-metrics");
    }

    @Test
    void aKeystoreThatCannotBeOpenedIsOneLineNamingItAndThePasswordVariable() throws Exception {
        TestCertificates certificates = TestCertificates.create(dir);
        Map<String, String> flags = bootstrap();
        flags.put(AppSettings.HTTP_TLS_KEYSTORE_CONFIG, certificates.brokerKeyStore().toString());
        assertThatThrownBy(() -> AppSettings.resolve(null, Map.of(), flags).http(null, 0))
                .hasMessageContaining("--http-tls-keystore " + certificates.brokerKeyStore())
                .hasMessageContaining(AppSettings.ENV_HTTP_TLS_PASSWORD);
        assertThatThrownBy(() -> AppSettings.resolve(null, Map.of(AppSettings.ENV_HTTP_TLS_PASSWORD, "wrong"), flags)
                .http(null, 0)).isInstanceOf(HttpSettingsException.class)
                .hasMessageContaining("wrong password").hasMessageContaining(AppSettings.ENV_HTTP_TLS_PASSWORD);
        Map<String, String> notAStore = bootstrap();
        notAStore.put(AppSettings.HTTP_TLS_KEYSTORE_CONFIG, certificates.brokerKeyStore().resolveSibling("broker.crt").toString());
        assertThatThrownBy(() -> AppSettings.resolve(null, Map.of(AppSettings.ENV_HTTP_TLS_PASSWORD, certificates.keyStorePassword()),
                notAStore).http(null, 0)).isInstanceOf(HttpSettingsException.class).hasMessageContaining("--http-tls-keystore");
        assertThat(AppSettings.resolve(null, Map.of(AppSettings.ENV_HTTP_TLS_PASSWORD, certificates.keyStorePassword()), flags)
                .http(null, 0).scheme()).isEqualTo("https");
    }

    private static Map<String, String> bootstrap() {
        Map<String, String> flags = new HashMap<>();
        flags.put("bootstrap.servers", "b:9092");
        return flags;
    }

    private static BearerToken token(Path config, Map<String, String> env, Map<String, String> flags) throws Exception {
        return AppSettings.resolve(config, env, flags).http(null, 0).token().orElseThrow();
    }
}
