package io.streamlearn.cli;

import io.streamlearn.spec.SpecException;
import io.streamlearn.spec.TopologySpec;
import io.streamlearn.topology.PipelineDefinition;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/** Reads topology specs; refuses all of them, listing every error, when any does not validate. */
public final class PipelineSpecs {

    private PipelineSpecs() {}

    public static List<PipelineDefinition> read(List<Path> files) throws IOException, SpecException {
        return SpecFiles.read(files).stream().map(PipelineDefinition::of).toList();
    }

    /** The pipelines, or null after printing why not to {@code err} (as {@link SpecFiles#readOrReport}). */
    static List<PipelineDefinition> readOrReport(List<Path> files, PrintStream err) {
        List<TopologySpec> specs = SpecFiles.readOrReport(files, new PrintWriter(err, true, StandardCharsets.UTF_8));
        return specs == null ? null : specs.stream().map(PipelineDefinition::of).toList();
    }
}
