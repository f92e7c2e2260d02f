package io.streamlearn.cli;

import io.streamlearn.spec.SpecException;
import io.streamlearn.spec.SpecParser;
import io.streamlearn.topology.PipelineDefinition;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Reads topology specs; refuses all of them, listing every error, when any does not validate. */
public final class PipelineSpecs {

    private PipelineSpecs() {}

    public static List<PipelineDefinition> read(List<Path> files) throws IOException, SpecException {
        List<PipelineDefinition> pipelines = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        for (Path f : files) {
            try {
                pipelines.add(PipelineDefinition.of(SpecParser.parse(f)));
            } catch (SpecException e) {
                for (String error : e.errors()) {
                    errors.add(f + ": " + error);
                }
            }
        }
        if (!errors.isEmpty()) {
            throw new SpecException(String.join(", ", files.stream().map(Path::toString).toList()), errors);
        }
        return pipelines;
    }
}
