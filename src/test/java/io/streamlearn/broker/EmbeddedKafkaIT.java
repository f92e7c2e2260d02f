package io.streamlearn.broker;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamlearn.testing.LogCapture;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import org.apache.logging.log4j.Level;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The in-process broker stops without a warning, and with all of its controller's threads. */
class EmbeddedKafkaIT {

    @TempDir
    Path dir;

    @Test
    void aStopLogsNoWarningAndLeavesNoRegistrationThread() throws Exception {
        String bootstrap;
        try (LogCapture log = LogCapture.atLeast(Level.WARN)) {
            EmbeddedKafka kafka = EmbeddedKafka.start(0, dir);
            bootstrap = kafka.bootstrapServers();
            kafka.close();
            // Kafka 4.1 shuts its controller's registration channel down twice unless EmbeddedKafka stops it
            assertThat(log.lines()).noneMatch(l -> l.contains("already been closed"));
        }
        // shut down once all the same: its thread is gone
        assertThat(Thread.getAllStackTraces().keySet()).noneMatch(t -> t.isAlive()
                && t.getName().contains("registration-channel-manager"));
        String[] hostPort = bootstrap.split(",")[0].split(":");
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(hostPort[0], Integer.parseInt(hostPort[1])), 1000);
            throw new AssertionError("the broker still listens on " + bootstrap);
        } catch (IOException refused) {
            // stopped
        }
    }
}
