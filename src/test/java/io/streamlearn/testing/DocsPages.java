package io.streamlearn.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The user's documentation: {@code README.md}, then the reference pages {@code docs/*.md} by name.
 * A helper's {@code docs/pending-*.md} (text for the lead to move into the pages) is none of them.
 */
public final class DocsPages {

    private DocsPages() {}

    /** README.md first, then docs/*.md sorted by name, without docs/pending-*.md. */
    public static List<Path> paths() {
        List<Path> pages = new ArrayList<>();
        pages.add(Path.of("README.md"));
        try (Stream<Path> docs = Files.list(Path.of("docs"))) {
            docs.filter(p -> p.getFileName().toString().endsWith(".md"))
                    .filter(p -> !p.getFileName().toString().startsWith("pending-"))
                    .sorted().forEach(pages::add);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return pages;
    }

    public static String read(Path page) {
        try {
            return Files.readString(page, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every page's text, one after the other. */
    public static String all() {
        StringBuilder text = new StringBuilder();
        for (Path page : paths()) {
            text.append(read(page)).append('\n');
        }
        return text.toString();
    }
}
