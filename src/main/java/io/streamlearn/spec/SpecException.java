package io.streamlearn.spec;

import java.util.List;

/** A spec that does not validate, with every error found, each prefixed by its path. */
public final class SpecException extends Exception {

    private final String source;
    private final List<String> errors;

    public SpecException(String source, List<String> errors) {
        super(message(source, errors));
        this.source = source;
        this.errors = List.copyOf(errors);
    }

    /** Where the spec came from (a file name). */
    public String source() {
        return source;
    }

    /** Every error, {@code path: message}, e.g. {@code learners[2].dropout: must be in [0, 1), got 1.5}. */
    public List<String> errors() {
        return errors;
    }

    private static String message(String source, List<String> errors) {
        StringBuilder b = new StringBuilder("invalid topology spec ").append(source).append(": ")
                .append(errors.size()).append(errors.size() == 1 ? " error" : " errors");
        for (String e : errors) {
            b.append("\n  ").append(e);
        }
        return b.toString();
    }
}
