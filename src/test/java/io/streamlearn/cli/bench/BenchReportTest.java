package io.streamlearn.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The results file shows {@code --config}'s properties, but no secret of them. */
class BenchReportTest {

    @TempDir
    Path dir;

    @Test
    void theConfigIsShownInItsOrderWithItsSecretsHidden() throws Exception {
        Path config = dir.resolve("client.properties");
        Files.writeString(config, String.join("\n",
                "# the cluster's TLS listener",
                "security.protocol=SASL_SSL",
                "sasl.mechanism=SCRAM-SHA-512",
                "sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required \\",
                "    username=\"bench\" password=\"s3cret-jaas\";",
                "ssl.truststore.location=/etc/kafka/truststore.p12",
                "ssl.truststore.password: s3cret-store",
                "producer.ssl.key.password s3cret-key",
                "commit.interval.ms=100", ""));

        String shown = BenchReport.withoutSecrets(config);

        assertThat(shown).isEqualTo(String.join("\n",
                "security.protocol=SASL_SSL",
                "sasl.mechanism=SCRAM-SHA-512",
                "sasl.jaas.config=[hidden]",
                "ssl.truststore.location=/etc/kafka/truststore.p12",
                "ssl.truststore.password=[hidden]",
                "producer.ssl.key.password=[hidden]",
                "commit.interval.ms=100", ""));
        assertThat(shown).doesNotContain("s3cret");
    }
}
