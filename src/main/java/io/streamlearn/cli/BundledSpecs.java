package io.streamlearn.cli;

import io.streamlearn.spec.SpecException;
import io.streamlearn.spec.SpecParser;
import io.streamlearn.spec.TopologySpec;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** A spec of {@code topologies/}: the working directory's file, else the copy inside the jar. */
final class BundledSpecs {

    private BundledSpecs() {}

    static TopologySpec read(String path) throws IOException, SpecException {
        Path file = Path.of(path);
        if (Files.isRegularFile(file)) {
            return SpecParser.parse(file);
        }
        try (InputStream in = BundledSpecs.class.getResourceAsStream("/" + path)) {
            if (in == null) {
                throw new IOException(path + " is neither in the working directory nor in the jar");
            }
            return SpecParser.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), path);
        }
    }
}
