package io.streamlearn.cli;

import io.streamlearn.testing.DocsPages;
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
 * The shell blocks of the README and the docs pages ({@link DocsPages}), run as written with bash,
 * in page order, while a {@code java -jar target/streamlearn.jar demo --feed none} process runs: a
 * block marked {@code <!-- demo-test: REGEX -->} must exit 0 within a minute with output (stdout and
 * stderr) matching REGEX; a block marked {@code <!-- demo-background: REGEX -->} is a command the
 * reader leaves running (a {@code run} against the demo's broker): it is started, must print REGEX
 * within 120 s, and runs until the end, when SIGTERM must stop it with status 0. Only the ports
 * differ from the pages: the demo here listens on free ports, put for {@code localhost:9092} and
 * {@code localhost:8080}, and a free port is put for 8081, the port the pages give a second
 * application's HTTP server. Every shell block that talks to those ports carries a marker, so none
 * is left untested. Needs kcat and curl (.ci/run installs kcat).
 */
class ReadmeCommandsIT {

    private static final Pattern BLOCK = Pattern.compile(
            "(?:<!-- (demo-test|demo-background): (.*?) -->\\n)?```sh\\n(.*?)```", Pattern.DOTALL);

    @TempDir
    Path dir;

    record Block(Path page, String kind, String expect, String script) {
        boolean background() {
            return "demo-background".equals(kind);
        }
    }

    static List<Block> shellBlocks() {
        List<Block> blocks = new ArrayList<>();
        for (Path page : DocsPages.paths()) {
            Matcher m = BLOCK.matcher(DocsPages.read(page));
            while (m.find()) {
                blocks.add(new Block(page, m.group(1), m.group(2), m.group(3)));
            }
        }
        return blocks;
    }

    @Test
    void everyReadmeBlockThatTargetsTheDemoRunsAsWritten() throws Exception {
        List<Block> blocks = shellBlocks();
        List<Block> marked = blocks.stream().filter(b -> b.expect() != null).toList();
        assertThat(marked).as("blocks marked demo-test or demo-background").hasSizeGreaterThanOrEqualTo(12);
        assertThat(marked.stream().filter(b -> b.page().getFileName().toString().equals("README.md")))
                .as("README blocks marked").hasSizeGreaterThanOrEqualTo(7);
        for (Block b : blocks) {
            if (b.expect() == null) {
                assertThat(b.script()).as("a block of %s that talks to the demo is marked demo-test", b.page())
                        .doesNotContain("localhost:9092", "localhost:8080", "localhost:8081", "--http-port 8081");
            }
        }
        for (String tool : List.of("kcat", "curl")) {
            assertThat(new ProcessBuilder("bash", "-c", "command -v " + tool).start().waitFor())
                    .as("%s is installed (apt-get install %s; .ci/run does)", tool, tool).isZero();
        }
        int kafkaPort = freePort();
        int httpPort = freePort();
        int secondHttpPort = freePort();
        List<Process> background = new ArrayList<>();
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
                        .replace("localhost:8080", "localhost:" + httpPort)
                        .replace("localhost:8081", "localhost:" + secondHttpPort)
                        .replace("--http-port 8081", "--http-port " + secondHttpPort);
                if (b.background()) {
                    background.add(startInBackground(b, script));
                    continue;
                }
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
            for (Process p : background) {
                p.destroy();
                assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("a background block stops on SIGTERM").isTrue();
                assertThat(p.exitValue()).as("a background block's exit status after SIGTERM").isZero();
            }
        } finally {
            background.forEach(Process::destroyForcibly);
            demo.destroy();
            assertThat(demo.waitFor(60, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(demo.exitValue()).as("the demo's exit status after SIGTERM").isZero();
        // mine-1, mine-2 and the CSV's two rows; bad-1 is a dead letter, q1 went to /predict only
        String last = Files.readString(log);
        assertThat(last.substring(last.lastIndexOf("final:"))).contains("your records: 4, the last 4:", "mine-2");
    }

    /** Starts a block the reader leaves running; returns once its output matches the block's REGEX. */
    private Process startInBackground(Block b, String script) throws Exception {
        Path out = dir.resolve("background-" + b.page().getFileName() + "-" + script.hashCode() + ".out");
        Process p = new ProcessBuilder("bash", "-euo", "pipefail", "-c", "exec " + script.strip())
                .redirectErrorStream(true).redirectOutput(out.toFile()).start();
        Pattern ready = Pattern.compile(b.expect());
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (!ready.matcher(Files.readString(out, StandardCharsets.UTF_8)).find()) {
            assertThat(p.isAlive()).as("the background block runs:%n%s%noutput:%n%s", b.script(),
                    Files.readString(out, StandardCharsets.UTF_8)).isTrue();
            assertThat(System.nanoTime()).as("%s printed within 120 s:%n%s", b.expect(), b.script()).isLessThan(deadline);
            Thread.sleep(200);
        }
        System.out.printf("README block (left running):%n%s--> %s%n", b.script(), Files.readString(out, StandardCharsets.UTF_8));
        return p;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
