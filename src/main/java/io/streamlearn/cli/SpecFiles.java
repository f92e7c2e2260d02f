package io.streamlearn.cli;

import io.streamlearn.spec.ParallelSpec;
import io.streamlearn.spec.SpecException;
import io.streamlearn.spec.SpecParser;
import io.streamlearn.spec.TopologySpec;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Topology spec files as {@code run} and {@code replay} read them (Kafka-free, for {@code replay}):
 * all refused, every error listed, when any does not validate; one report format for both.
 */
final class SpecFiles {

    private SpecFiles() {}

    /**
     * The specs; a {@link SpecException} lists every error of every file as {@code FILE: path: message}.
     * A raw-event spec with delayed labels ({@code labels:}) or data-parallel training is refused:
     * neither reads raw events yet (issue 26).
     */
    static List<TopologySpec> read(List<Path> files) throws IOException, SpecException {
        List<TopologySpec> specs = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        for (Path f : files) {
            try {
                TopologySpec spec = SpecParser.parse(f);
                if (spec.events() != null && spec.labels() != null) {
                    errors.add(f + ": labels: delayed labels do not join raw events yet; give the label in the "
                            + "event (fields.label)");
                }
                if (spec.events() != null && !ParallelSpec.OFF.equals(spec.parallel())) {
                    errors.add(f + ": parallel: data-parallel training does not read raw events yet");
                }
                specs.add(spec);
            } catch (SpecException e) {
                for (String error : e.errors()) {
                    errors.add(f + ": " + error);
                }
            }
        }
        if (!errors.isEmpty()) {
            throw new SpecException(String.join(", ", files.stream().map(Path::toString).toList()), errors);
        }
        return specs;
    }

    /**
     * The specs, or null after printing why not to {@code err}: a file that cannot be read in one
     * line ({@code cannot read topology FILE: no such file}); specs that do not validate as
     * {@code invalid topology FILES:} then one line {@code   FILE: path: message} per error.
     */
    static List<TopologySpec> readOrReport(List<Path> files, PrintWriter err) {
        try {
            for (Path f : files) {
                String problem = InputFile.problem(f);
                if (problem != null) {
                    err.println("cannot read topology " + f + ": " + problem);
                    return null;
                }
            }
            try {
                return read(files);
            } catch (SpecException e) {
                err.println("invalid topology " + String.join(", ", files.stream().map(Path::toString).toList()) + ":");
                e.errors().forEach(error -> err.println("  " + error));
                return null;
            } catch (IOException e) {
                err.println("cannot read topology: " + e);
                return null;
            }
        } finally {
            err.flush();
        }
    }
}
