package io.streamlearn.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamlearn.cli.Main;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import io.streamlearn.testing.StreamlearnJar;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code demo --records 2000}: a real broker, producer, pipeline and table in one process, then exit 0. */
class DemoIT {

    @Test
    void demoStopsAfterTheGivenNumberOfPredictionsWithTheFinalTable() {
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        int exit;
        long start = System.nanoTime();
        try (PrintStream out = new PrintStream(captured, true, StandardCharsets.UTF_8)) {
            System.setOut(out);
            exit = Main.execute("demo", "--records", "2000", "--http-port", "0", "--rate", "0");
        } finally {
            System.setOut(original);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        String text = captured.toString(StandardCharsets.UTF_8);
        original.print(text);
        assertThat(exit).isZero();
        assertThat(text).containsPattern("Kafka broker \\(KRaft, in this JVM\\): localhost:\\d+");
        assertThat(text).containsPattern("ready in \\d+\\.\\d s");
        String last = text.substring(text.lastIndexOf("final:"));
        assertThat(last).contains("predictions 2,000");
        for (String learner : new String[] {"ridge", "lasso", "elasticnet", "mlp"}) {
            // learner, updates, then prequential, train and holdout losses and the gap as numbers, nonzero weights
            assertThat(last).containsPattern("(?m)^" + learner
                    + "\\s+\\d+\\s+\\d+\\.\\d{4}\\s+\\d+\\.\\d{4}\\s+\\d+\\.\\d{4}\\s+-?\\d+\\.\\d{4}\\s+\\d+/\\d+$");
        }
        assertThat(seconds).isLessThan(60);
    }

    /**
     * With 8080 taken (held here, or by someone else on this machine) the demo's HTTP server takes an
     * ephemeral port and says so, as its broker does for 9092; a port given by --http-port that is
     * taken is one line naming it and the flag, exit 2.
     */
    @Test
    void aTakenHttpPortIsAnEphemeralOneByDefaultAndAUsageErrorWhenGiven() throws Exception {
        try (ServerSocket held = holdPort8080OrNull(); ServerSocket other = new ServerSocket(0)) {
            Demo fallback = demo("--records", "20", "--kafka-port", "0", "--rate", "0");
            assertThat(fallback.exit()).as(fallback.err()).isZero();
            assertThat(fallback.out()).contains("port 8080 is taken: the HTTP server takes an ephemeral port")
                    .containsPattern("HTTP on port \\d+").doesNotContain("HTTP on port 8080 ");
            Demo given = demo("--records", "20", "--kafka-port", "0", "--http-port", Integer.toString(other.getLocalPort()));
            assertThat(given.exit()).isEqualTo(2);
            assertThat(given.err()).contains("--http-port " + other.getLocalPort() + ": ").doesNotContain("\tat ")
                    .doesNotContain("Exception");
        }
    }

    /**
     * The demo as a user runs it with its output piped (not a terminal): the table printed again as
     * plain lines, no escape sequence; Kafka's own lines (logged at INFO here) go to the demo's
     * kafka.log, none into the table, and the stop logs no NetworkClient warning.
     */
    @Test
    void pipedItPrintsPlainLinesAndKeepsKafkasLogOutOfTheTable(@TempDir Path dir) throws Exception {
        Path output = dir.resolve("demo.txt");
        Process demo = new ProcessBuilder(StreamlearnJar.command("512m", List.of(StreamlearnJar.verboseLogging(dir)),
                "demo", "--records", "3000", "--rate", "1000", "--kafka-port", "0", "--http-port", "0"))
                .redirectErrorStream(true).redirectOutput(output.toFile()).start();
        assertThat(demo.waitFor(120, TimeUnit.SECONDS)).as("the demo stops after 3,000 predictions").isTrue();
        String text = Files.readString(output);
        assertThat(demo.exitValue()).as(text).isZero();
        assertThat(text).doesNotContain("\u001b");
        assertThat(text.lines().filter(l -> l.startsWith("pipeline demo   predictions"))).as(text).hasSizeGreaterThan(2);
        assertThat(text).containsPattern("(?m)^Kafka's log: \\S+kafka\\.log \\(removed at the end\\)$");
        // with Kafka at INFO: not one of its lines, from start to stop, reaches the output
        assertThat(text.lines()).as(text).noneMatch(l -> l.matches("(TRACE|DEBUG|INFO|WARN|ERROR)\\s+(org\\.apache\\.kafka|kafka\\.|state\\.change).*"));
        assertThat(text).doesNotContain("already been closed");
        // streamlearn's own lines still do
        assertThat(text).contains("io.streamlearn.cli.DemoCommand - stopped the broker");
    }

    private record Demo(int exit, String out, String err) {}

    private static Demo demo(String... args) {
        PrintStream originalOut = System.out;
        PrintStream originalErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        String[] all = new String[args.length + 1];
        all[0] = "demo";
        System.arraycopy(args, 0, all, 1, args.length);
        int exit;
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
             PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            System.setOut(o);
            System.setErr(e);
            exit = Main.execute(all);
        } finally {
            System.setOut(originalOut);
            System.setErr(originalErr);
        }
        return new Demo(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** Binds 8080 on all interfaces, as the demo would; null when something else holds it already. */
    private static ServerSocket holdPort8080OrNull() {
        try {
            return new ServerSocket(8080);
        } catch (IOException taken) {
            return null;
        }
    }
}
