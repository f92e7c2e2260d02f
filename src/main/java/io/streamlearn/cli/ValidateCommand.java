package io.streamlearn.cli;

import io.streamlearn.spec.TopologySpec;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code validate}: checks topology specs as {@code run} and {@code replay} read them, with no Kafka
 * and no data: every error of every file by path, exit 2; else a line per pipeline, exit 0.
 */
@Command(name = "validate", mixinStandardHelpOptions = true,
        description = "Checks topology specs without running them: every error of every file by path (exit 2), "
                + "else one line per pipeline (exit 0).")
final class ValidateCommand implements Callable<Integer> {

    @Spec
    picocli.CommandLine.Model.CommandSpec command;

    @Parameters(arity = "1..*", paramLabel = "FILE", description = "Topology spec files (YAML).")
    List<Path> files;

    @Override
    public Integer call() {
        PrintWriter err = command.commandLine().getErr();
        List<TopologySpec> specs = SpecFiles.readOrReport(files, err);
        if (specs == null) {
            return 2;
        }
        PrintWriter out = command.commandLine().getOut();
        for (int i = 0; i < specs.size(); i++) {
            TopologySpec spec = specs.get(i);
            out.printf("%s: valid, pipeline %s (%s -> %s), learners %s%n", files.get(i), spec.name(), spec.input(),
                    spec.output(), String.join(", ", spec.learners().stream().map(l -> l.name()).toList()));
        }
        out.flush();
        return 0;
    }
}
