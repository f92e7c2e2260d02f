package io.streamlearn.cli;

import io.streamlearn.testing.StreamlearnJar;
import io.streamlearn.testing.EmbeddedKafkaExtension;
import static org.assertj.core.api.Assertions.assertThat;

import io.streamlearn.cli.Main;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGINT and SIGTERM as a user sends them to {@code java -jar target/streamlearn.jar demo} and
 * {@code run} processes, at seeded random moments of start-up and of steady state: every stop is
 * clean — exit status 0, the final table (or, before the first prediction, a line saying so), the
 * producer, the topology and the broker stopped in that order, no temporary folder left behind
 * (the process's {@code java.io.tmpdir} is a folder of the test, empty at the end), and no Log4j
 * warning. A {@code run} stopped by SIGTERM leaves its consumer group: the next {@code run} of the
 * same application is RUNNING long before the (raised) session timeout would let it.
 */
class StopSignalIT {

    private static final long SEED = 20_261_202L;
    private static final Pattern TABLE_ROW = Pattern.compile(
            "(?m)^(ridge|lasso|elasticnet|mlp)\\s+\\d+\\s+(\\d+\\.\\d{4}|-)\\s+");

    @RegisterExtension
    static final EmbeddedKafkaExtension kafka = new EmbeddedKafkaExtension();

    @TempDir
    Path dir;

    @Test
    void demoStopsCleanlyOnSigintOrSigtermAtAnyMoment() throws Exception {
        Random random = new Random(SEED);
        int runs = 6;
        for (int i = 0; i < runs; i++) {
            boolean sigint = i % 2 == 0;
            // the first half during start-up (from the JVM's first moments on), the others in steady state
            boolean startUp = i < runs / 2;
            Path tmp = Files.createDirectories(dir.resolve("demo-tmp-" + i));
            Path log = dir.resolve("demo-" + i + ".log");
            Process demo = launch(log, List.of("-Djava.io.tmpdir=" + tmp), "demo",
                    "--kafka-port", "0", "--http-port", "0", "--rate", "500");
            long delayMs;
            try {
                if (startUp) {
                    delayMs = random.nextInt(4000);
                } else {
                    // steady state: the table has counted predictions
                    awaitLine(demo, log, Pattern.compile("pipeline demo   predictions [1-9]"), Duration.ofSeconds(120));
                    delayMs = random.nextInt(2000);
                }
                Thread.sleep(delayMs);
                signal(demo, sigint ? "INT" : "TERM");
                assertThat(demo.waitFor(90, TimeUnit.SECONDS)).as("demo #%d ended (log %s)", i, log).isTrue();
            } finally {
                demo.destroyForcibly();
            }
            String text = Files.readString(log, StandardCharsets.UTF_8);
            System.out.printf("demo #%d: %s %s %d ms, exit %d%n", i, sigint ? "SIGINT" : "SIGTERM",
                    startUp ? "after launch" : "after the first predictions", delayMs, demo.exitValue());
            assertThat(demo.exitValue()).as("exit status of demo #%d:%n%s", i, text).isZero();
            assertCleanLog(text);
            if (text.contains("streamlearn demo: starting")) {
                assertThat(text).as(text).containsPattern("(?m)^final: no predictions \\(stopped before the first record\\)$|(?m)^final:$");
            }
            if (!startUp) {
                String last = text.substring(text.lastIndexOf("final:"));
                assertThat(last).as("the final table of demo #%d", i).startsWith("final:" + System.lineSeparator());
                assertThat(TABLE_ROW.matcher(last).results().count()).as(last).isEqualTo(4);
                assertInOrder(text, "stopped the producer", "stopped the topology", "stopped the broker",
                        "removed the temporary folder");
            } else if (text.contains("Kafka broker (KRaft")) {
                assertInOrder(text, "stopped the broker", "removed the temporary folder");
            }
            try (Stream<Path> left = Files.list(tmp)) {
                assertThat(left.toList()).as("left in the temporary folder by demo #%d", i).isEmpty();
            }
        }
    }

    @Test
    void runClosesKafkaStreamsOnSigtermSoThatARestartNeedsNoRebalanceDelay() throws Exception {
        try (org.apache.kafka.clients.admin.Admin admin = org.apache.kafka.clients.admin.Admin.create(
                java.util.Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
            admin.createTopics(List.of(new org.apache.kafka.clients.admin.NewTopic("diabetes.features", 1, (short) 1)))
                    .all().get();
        }
        assertThat(Main.execute("produce", "--bootstrap-servers", kafka.bootstrapServers(), "--topic",
                "diabetes.features", "--dataset", "diabetes", "--records", "2000")).isZero();
        Path config = dir.resolve("client.properties");
        // a member that did not leave the group would hold up the next one's rebalance for 90 s
        Files.writeString(config, "consumer.session.timeout.ms=90000\ncommit.interval.ms=100\n");
        Random random = new Random(SEED + 1);
        Duration lastStart = null;
        for (int i = 0; i < 4; i++) {
            boolean startUp = i == 0;
            int httpPort = freePort();
            Path log = dir.resolve("run-" + i + ".log");
            long launched = System.nanoTime();
            Process run = launch(log, List.of(), "run", "--topology", "topologies/diabetes.yaml",
                    "--bootstrap-servers", kafka.bootstrapServers(), "--config", config.toString(),
                    "--state-dir", dir.resolve("state").toString(), "--application-id", "stop-it",
                    "--http-port", Integer.toString(httpPort));
            long delayMs;
            try {
                if (startUp) {
                    delayMs = random.nextInt(3000);
                } else {
                    awaitHealthy(run, log, httpPort, Duration.ofSeconds(120));
                    lastStart = Duration.ofNanos(System.nanoTime() - launched);
                    System.out.printf("run #%d RUNNING %.1f s after launch%n", i, lastStart.toMillis() / 1e3);
                    assertThat(lastStart).as("run #%d: RUNNING long before a 90 s session timeout", i)
                            .isLessThan(Duration.ofSeconds(45));
                    delayMs = random.nextInt(2000);
                }
                Thread.sleep(delayMs);
                signal(run, "TERM");
                assertThat(run.waitFor(60, TimeUnit.SECONDS)).as("run #%d ended (log %s)", i, log).isTrue();
            } finally {
                run.destroyForcibly();
            }
            String text = Files.readString(log, StandardCharsets.UTF_8);
            System.out.printf("run #%d: SIGTERM %s %d ms, exit %d%n", i, startUp ? "after launch" : "after RUNNING",
                    delayMs, run.exitValue());
            assertThat(run.exitValue()).as("exit status of run #%d:%n%s", i, text).isZero();
            assertCleanLog(text);
            if (!startUp) {
                assertThat(text).contains("streamlearn stopped");
            }
        }
        assertThat(lastStart).isNotNull();
    }

    private static void assertCleanLog(String text) {
        assertThat(text).doesNotContain("Log4j", "log4j", "Exception in thread", "ERROR");
    }

    private static void assertInOrder(String text, String... lines) {
        int at = -1;
        for (String line : lines) {
            int next = text.indexOf(line, at + 1);
            assertThat(next).as("'%s' after the lines before it in%n%s", line, text).isGreaterThan(at);
            at = next;
        }
    }

    /**
     * Starts java with SIGINT at its default action ({@code env --default-signal}): a process
     * started in the background by a non-interactive shell (as Maven may be) inherits SIGINT
     * ignored, and a JVM leaves an ignored SIGINT ignored.
     */
    private static Process launch(Path log, List<String> jvmOptions, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of("env", "--default-signal=INT"));
        command.addAll(StreamlearnJar.command("384m", jvmOptions, args));
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    private static void signal(Process p, String signal) throws Exception {
        Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(p.pid())).inheritIO().start();
        assertThat(kill.waitFor()).isZero();
    }

    private static void awaitLine(Process p, Path log, Pattern text, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!text.matcher(Files.readString(log, StandardCharsets.UTF_8)).find()) {
            assertThat(p.isAlive()).as("alive, log:%n%s", Files.readString(log)).isTrue();
            assertThat(System.nanoTime()).as("'%s' within %s", text, timeout).isLessThan(deadline);
            Thread.sleep(100);
        }
    }

    private static void awaitHealthy(Process p, Path log, int port, Duration timeout) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            assertThat(p.isAlive()).as("alive, log:%n%s", Files.readString(log)).isTrue();
            assertThat(System.nanoTime()).as("RUNNING within %s", timeout).isLessThan(deadline);
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/health"))
                        .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // the HTTP server starts with the application
            }
            Thread.sleep(100);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
