package io.streamlearn.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code validate}: a spec checked without running it, every error at once. */
class ValidateCommandTest {

    @TempDir
    Path dir;

    private record Run(int exitCode, String out, String err) {}

    private static Run validate(String... files) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new Main());
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        String[] all = new String[files.length + 1];
        all[0] = "validate";
        System.arraycopy(files, 0, all, 1, files.length);
        return new Run(cli.execute(all), out.toString(), err.toString());
    }

    @Test
    void theShippedSpecsAreValid() {
        Run run = validate("topologies/demo.yaml", "topologies/diabetes.yaml");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("topologies/demo.yaml: valid, pipeline demo (demo.features -> demo.predictions), "
                + "learners ridge, lasso, elasticnet, mlp").contains("topologies/diabetes.yaml: valid");
    }

    @Test
    void everyErrorOfEveryFileIsListedByPathAtOnce() throws Exception {
        Path bad = dir.resolve("bad.yaml");
        Files.writeString(bad, String.join("\n", List.of(
                "name: bad", "input: in", "output: out", "features: {dimension: 3}",
                "learners:",
                "  - {name: r, type: ridge, alpha: 1.0}",
                "  - {name: m, type: mlp, hidden: [4], dropout: 1.5}")));
        Run run = validate("topologies/demo.yaml", bad.toString());
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).startsWith("invalid topology topologies/demo.yaml, " + bad + ":")
                .contains(bad + ": learners[0].type: must be linear or mlp, got 'ridge'")
                .contains(bad + ": learners[0].alpha: unknown key")
                .contains(bad + ": learners[1].dropout: must be in [0, 1)");
        assertThat(run.out()).isEmpty();
    }

    @Test
    void aMissingFileIsOneLine() {
        Run run = validate(dir.resolve("nope.yaml").toString());
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).isEqualTo("cannot read topology " + dir.resolve("nope.yaml") + ": no such file"
                + System.lineSeparator());
    }
}
