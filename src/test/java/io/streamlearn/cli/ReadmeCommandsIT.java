package io.streamlearn.cli;

import io.streamlearn.testing.StreamlearnJar;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's shell blocks that target the demo, run as written with bash against a started
 * {@code java -jar target/streamlearn.jar demo --feed none} process: a block marked
 * {@code <!-- demo-test: REGEX -->} must exit 0 within a minute with output (stdout and stderr)
 * matching REGEX. Only the ports differ from the README: the demo here listens on free ports, put
 * for {@code localhost:9092} and {@code localhost:8080}. Every shell block that talks to the demo's
 * broker or HTTP port carries the marker, so none is left untested. Needs kcat and curl (.ci/run
 * installs kcat).
 */
class ReadmeCommandsIT {

    private static final Pattern BLOCK = Pattern.compile("(?:<!-- demo-test: (.*?) -->\\n)?```sh\\n(.*?)```", Pattern.DOTALL);

    @TempDir
    Path dir;

    record Block(String expect, String script) {}

    static List<Block> shellBlocks() throws IOException {
        Matcher m = BLOCK.matcher(Files.readString(Path.of("README.md"), StandardCharsets.UTF_8));
        List<Block> blocks = new ArrayList<>();
        while (m.find()) {
            blocks.add(new Block(m.group(1), m.group(2)));
        }
        return blocks;
    }

    @Test
    void everyReadmeBlockThatTargetsTheDemoRunsAsWritten() throws Exception {
        List<Block> blocks = shellBlocks();
        List<Block> marked = blocks.stream().filter(b -> b.expect() != null).toList();
        assertThat(marked).as("README blocks marked demo-test").hasSizeGreaterThanOrEqualTo(5);
        for (Block b : blocks) {
            if (b.expect() == null) {
                assertThat(b.script()).as("a README block that talks to the demo is marked demo-test")
                        .doesNotContain("localhost:9092", "localhost:8080");
            }
        }
        for (String tool : List.of("kcat", "curl")) {
            assertThat(new ProcessBuilder("bash", "-c", "command -v " + tool).start().waitFor())
                    .as("%s is installed (apt-get install %s; .ci/run does)", tool, tool).isZero();
        }
        int kafkaPort = freePort();
        int httpPort = freePort();
        Path log = dir.resolve("demo.log");
        Process demo = new ProcessBuilder(StreamlearnJar.command("512m",
                List.of("-Djava.io.tmpdir=" + Files.createDirectories(dir.resolve("tmp"))), "demo", "--feed", "none",
                "--kafka-port", Integer.toString(kafkaPort), "--http-port", Integer.toString(httpPort)))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
            while (!Files.readString(log).contains("HTTP on port")) {
                assertThat(demo.isAlive()).as("the demo runs:%n%s", Files.readString(log)).isTrue();
                assertThat(System.nanoTime()).as("the demo ready within 120 s").isLessThan(deadline);
                Thread.sleep(100);
            }
            for (Block b : marked) {
                String script = b.script().replace("localhost:9092", "localhost:" + kafkaPort)
                        .replace("localhost:8080", "localhost:" + httpPort);
                Path out = dir.resolve("block.out");
                Process bash = new ProcessBuilder("bash", "-euo", "pipefail", "-c", script)
                        .redirectErrorStream(true).redirectOutput(out.toFile()).start();
                boolean ended = bash.waitFor(60, TimeUnit.SECONDS);
                if (!ended) {
                    bash.destroyForcibly();
                }
                String text = Files.readString(out, StandardCharsets.UTF_8);
                System.out.printf("README block:%n%s--> exit %s%n%s%n", b.script(), ended ? bash.exitValue() : "(timeout)", text);
                assertThat(ended).as("ended within 60 s:%n%s", b.script()).isTrue();
                assertThat(bash.exitValue()).as("exit status of%n%s%noutput:%n%s", b.script(), text).isZero();
                assertThat(text).as("output of%n%s", b.script()).containsPattern(b.expect());
            }
        } finally {
            demo.destroy();
            assertThat(demo.waitFor(60, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(demo.exitValue()).as("the demo's exit status after SIGTERM").isZero();
        // mine-1, mine-2 and the CSV's two rows; bad-1 is a dead letter, q1 went to /predict only
        String last = Files.readString(log);
        assertThat(last.substring(last.lastIndexOf("final:"))).contains("your records: 4, the last 4:", "mine-2");
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
