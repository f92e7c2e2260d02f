package io.streamlearn.encode;

import java.util.ArrayList;
import java.util.List;

/**
 * Where an event holds a field: a top-level name (any characters, spaces too), or a JSON Pointer
 * (RFC 6901) when the text starts with {@code /}: {@code /device/os} is the member {@code os} of the
 * member {@code device}; {@code ~1} stands for {@code /} and {@code ~0} for {@code ~} in a token; a
 * token of decimal digits also indexes an array.
 *
 * @param text as written in the spec
 * @param tokens the member names (or array indices) from the event's root; one for a top-level name
 */
public record FieldPath(String text, List<String> tokens) {

    public FieldPath {
        tokens = List.copyOf(tokens);
    }

    /**
     * @throws IllegalArgumentException for an empty text or a pointer with a {@code ~} not followed
     *     by {@code 0} or {@code 1}
     */
    public static FieldPath parse(String text) {
        if (text.isEmpty()) {
            throw new IllegalArgumentException("a field name is not empty");
        }
        if (text.charAt(0) != '/') {
            return new FieldPath(text, List.of(text));
        }
        List<String> tokens = new ArrayList<>();
        StringBuilder token = new StringBuilder();
        for (int i = 1; i <= text.length(); i++) {
            char c = i < text.length() ? text.charAt(i) : '/';
            if (c == '/') {
                tokens.add(token.toString());
                token.setLength(0);
            } else if (c == '~') {
                char e = i + 1 < text.length() ? text.charAt(i + 1) : ' ';
                if (e != '0' && e != '1') {
                    throw new IllegalArgumentException("in a JSON Pointer '~' is written '~0' and '/' is '~1': '"
                            + text + "'");
                }
                token.append(e == '0' ? '~' : '/');
                i++;
            } else {
                token.append(c);
            }
        }
        return new FieldPath(text, tokens);
    }

    /** The name in feature names: the text without a pointer's leading {@code /} ({@code device/os=ios}). */
    public String name() {
        return text.charAt(0) == '/' ? text.substring(1) : text;
    }

    @Override
    public String toString() {
        return text;
    }
}
