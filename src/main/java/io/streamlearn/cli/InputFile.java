package io.streamlearn.cli;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A file a command line names, checked before the command uses it, so that a missing one is a line
 * naming the file and its flag (exit 2), not an exception from deep inside.
 */
final class InputFile {

    private InputFile() {}

    /** Why the file cannot be read ({@code no such file}, ...), or null when it can. */
    static String problem(Path file) {
        if (!Files.exists(file)) {
            return "no such file";
        }
        if (Files.isDirectory(file)) {
            return "a directory, not a file";
        }
        if (!Files.isReadable(file)) {
            return "not readable";
        }
        return null;
    }

    /** {@code FLAG FILE: why} when the file given to the flag cannot be read; null when it can or is not given. */
    static String problem(String flag, Path file) {
        String problem = file == null ? null : problem(file);
        return problem == null ? null : flag + " " + file + ": " + problem;
    }
}
