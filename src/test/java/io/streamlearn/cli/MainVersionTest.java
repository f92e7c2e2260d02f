package io.streamlearn.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** {@code streamlearn --version}: the pom's version and the commit the classes were built from. */
class MainVersionTest {

    @Test
    void versionIsTheProjectVersionAndTheCommit() throws Exception {
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        int exit;
        try (PrintStream out = new PrintStream(captured, true, StandardCharsets.UTF_8)) {
            System.setOut(out);
            exit = Main.execute("--version");
        } finally {
            System.setOut(original);
        }
        assertThat(exit).isZero();
        String line = captured.toString(StandardCharsets.UTF_8).strip();
        Matcher m = Pattern.compile("streamlearn (\\S+) \\((\\S+)\\)").matcher(line);
        assertThat(m.matches()).as(line).isTrue();
        assertThat(m.group(1)).isEqualTo(pomVersion());
        // in a linked worktree (.git is a file) the plugin reads the main checkout's HEAD: no commit to compare with
        assumeFalse(Files.isRegularFile(Path.of(".git")), "a linked git worktree");
        String head = gitHead();
        if (head == null) {
            assertThat(m.group(2)).isEqualTo("unknown");
        } else {
            // abbreviated to 7 hex digits, or more where 7 are ambiguous
            assertThat(m.group(2)).matches("[0-9a-f]{7,40}");
            assertThat(head).startsWith(m.group(2));
        }
    }

    @Test
    void whatTheBuildLeftUnfilledIsUnknown() {
        assertThat(Main.Version.filled("${git.commit.id.abbrev}")).isEqualTo("unknown");
        assertThat(Main.Version.filled(null)).isEqualTo("unknown");
        assertThat(Main.Version.filled(" ")).isEqualTo("unknown");
        assertThat(Main.Version.filled("abc1234")).isEqualTo("abc1234");
    }

    /** The project's own version: the first {@code <version>} of pom.xml, after its artifactId. */
    private static String pomVersion() throws Exception {
        String pom = Files.readString(Path.of("pom.xml"));
        Matcher m = Pattern.compile("<artifactId>streamlearn</artifactId>\\s*<version>([^<]+)</version>").matcher(pom);
        assertThat(m.find()).isTrue();
        return m.group(1);
    }

    /** HEAD's full hash, or null outside a git work tree (or without git). */
    private static String gitHead() throws Exception {
        try {
            Process git = new ProcessBuilder("git", "rev-parse", "HEAD").redirectErrorStream(true).start();
            String out = new String(git.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            return git.waitFor(10, TimeUnit.SECONDS) && git.exitValue() == 0 ? out : null;
        } catch (java.io.IOException noGit) {
            return null;
        }
    }
}
