package io.streamlearn.testing;

import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;

/**
 * The sklearn and PyTorch reference values of {@code src/test/resources/reference/} (a verbatim copy
 * of the project's shared reference set; its README.md gives the conventions and tolerances).
 */
public final class ReferenceFiles {

    private ReferenceFiles() {}

    /** The path of a reference file, e.g. {@code path("diabetes_sklearn_sgd.json")}. */
    public static Path path(String name) {
        URL url = ReferenceFiles.class.getResource("/reference/" + name);
        if (url == null) {
            throw new IllegalArgumentException("no reference file " + name);
        }
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
