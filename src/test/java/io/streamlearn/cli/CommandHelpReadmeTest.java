package io.streamlearn.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamlearn.record.RejectReason;
import io.streamlearn.testing.DocsPages;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine;

/**
 * The documentation ({@link DocsPages}: README.md and docs/*.md) and the command line agree: every
 * option that a command's {@code --help} shows is in the pages; the README's demo option list is
 * exactly {@code demo --help}'s; every dead-letter reason has its row in docs/records.md's table of
 * reasons. And the pages hold together: every file a shell block names and every local link exists,
 * and the README stays a short start (at most 400 lines), the reference being in docs/.
 */
class CommandHelpReadmeTest {

    private static final Pattern NAMED_FILE = Pattern.compile(
            "(?<![\\w/.-])((?:examples|topologies|src|bench|docker|grafana|docs)/[\\w./-]*[\\w/])");
    private static final Pattern LOCAL_LINK = Pattern.compile("\\]\\((?!https?:|#)([^)#\\s]+)(?:#[^)]*)?\\)");
    private static final Pattern SHELL_BLOCK = Pattern.compile("```sh\\n(.*?)```", Pattern.DOTALL);

    private static String readme() throws Exception {
        return Files.readString(Path.of("README.md"), StandardCharsets.UTF_8);
    }

    @Test
    void everyOptionOfEveryCommandIsInTheDocs() throws Exception {
        String readme = DocsPages.all();
        CommandLine main = new CommandLine(new Main());
        assertThat(main.getSubcommands().keySet()).containsExactlyInAnyOrder("run", "produce", "demo", "replay", "validate",
                "bench");
        for (CommandLine command : main.getSubcommands().values()) {
            StringWriter help = new StringWriter();
            command.usage(new PrintWriter(help));
            for (OptionSpec option : command.getCommandSpec().options()) {
                String name = option.longestName();
                assertThat(help.toString()).contains(name);
                assertThat(readme).as("README.md or docs/ mention %s %s", command.getCommandName(), name)
                        .containsPattern("(?<![\\w-])" + Pattern.quote(name) + "(?![\\w-])");
            }
        }
    }

    @Test
    void theDemoOptionListIsDemoHelp() throws Exception {
        String readme = readme();
        int from = readme.indexOf("Options (as `demo --help` lists them):");
        assertThat(from).isPositive();
        String list = readme.substring(from, readme.indexOf("\n\n", readme.indexOf("\n\n", from) + 2));
        List<String> documented = new ArrayList<>();
        Matcher m = Pattern.compile("(?m)^- `(--[a-z-]+)").matcher(list);
        while (m.find()) {
            documented.add(m.group(1));
        }
        List<String> options = new CommandLine(new DemoCommand()).getCommandSpec().options().stream()
                .map(OptionSpec::longestName).filter(n -> !n.equals("--help") && !n.equals("--version")).toList();
        assertThat(documented).containsExactlyElementsOf(options);
    }

    @Test
    void everyDeadLetterReasonHasItsRow() throws Exception {
        String records = DocsPages.read(Path.of("docs", "records.md"));
        for (RejectReason reason : RejectReason.values()) {
            assertThat(records).contains("| `" + reason.label() + "` |");
        }
    }

    @Test
    void everyFileAShellBlockNamesExists() {
        List<String> missing = new ArrayList<>();
        for (Path page : DocsPages.paths()) {
            Matcher block = SHELL_BLOCK.matcher(DocsPages.read(page));
            while (block.find()) {
                Matcher file = NAMED_FILE.matcher(block.group(1));
                while (file.find()) {
                    if (!Files.exists(Path.of(file.group(1)))) {
                        missing.add(page + ": " + file.group(1));
                    }
                }
            }
        }
        assertThat(missing).as("files named in shell blocks (ship them under examples/)").isEmpty();
    }

    @Test
    void everyLocalLinkExists() {
        List<String> broken = new ArrayList<>();
        for (Path page : DocsPages.paths()) {
            Matcher link = LOCAL_LINK.matcher(DocsPages.read(page));
            while (link.find()) {
                Path target = page.resolveSibling(link.group(1)).normalize();
                if (!Files.exists(target)) {
                    broken.add(page + ": " + link.group(1));
                }
            }
        }
        assertThat(broken).as("links to files of the repository").isEmpty();
    }

    @Test
    void theReadmeStaysShort() throws Exception {
        assertThat(readme().lines().count()).as("README.md lines (reference text goes to docs/)").isLessThanOrEqualTo(400);
    }
}
