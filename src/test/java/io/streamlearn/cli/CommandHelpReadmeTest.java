package io.streamlearn.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamlearn.record.RejectReason;
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
 * The README and the command line agree: every option that a command's {@code --help} shows is in
 * the README; the demo's option list is exactly {@code demo --help}'s; every dead-letter reason
 * has its row in the README's table of reasons.
 */
class CommandHelpReadmeTest {

    private static String readme() throws Exception {
        return Files.readString(Path.of("README.md"), StandardCharsets.UTF_8);
    }

    @Test
    void everyOptionOfEveryCommandIsInTheReadme() throws Exception {
        String readme = readme();
        CommandLine main = new CommandLine(new Main());
        assertThat(main.getSubcommands().keySet()).containsExactlyInAnyOrder("run", "produce", "demo", "replay", "validate",
                "bench");
        for (CommandLine command : main.getSubcommands().values()) {
            StringWriter help = new StringWriter();
            command.usage(new PrintWriter(help));
            for (OptionSpec option : command.getCommandSpec().options()) {
                String name = option.longestName();
                assertThat(help.toString()).contains(name);
                assertThat(readme).as("README mentions %s %s", command.getCommandName(), name)
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
        String readme = readme();
        for (RejectReason reason : RejectReason.values()) {
            assertThat(readme).contains("| `" + reason.label() + "` |");
        }
    }
}
