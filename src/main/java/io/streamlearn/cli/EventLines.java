package io.streamlearn.cli;

import io.streamlearn.feed.dataset.Datasets;
import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;

/**
 * Raw events for {@code replay}, one JSON value each: the lines of a JSONL file (blank lines
 * skipped; an event without an id is {@code row-<line>}) or a built-in dataset's first N events
 * ({@code <dataset>-<n>}).
 */
abstract class EventLines implements Closeable {

    /** The next event's bytes, or null at the end. */
    abstract byte[] next();

    /** The id of the last event, should it hold none. */
    abstract String defaultId();

    /** Where the last event was, for a message ({@code FILE line 7}, {@code payments event 7}). */
    abstract String position();

    @Override
    public void close() throws IOException {}

    /** The events as an iterator (for {@code produce}); closes this at the end. */
    Iterator<byte[]> iterator() {
        return new Iterator<>() {
            byte[] next = advance();

            private byte[] advance() {
                byte[] value = EventLines.this.next();
                if (value == null) {
                    try {
                        close();
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }
                return value;
            }

            @Override
            public boolean hasNext() {
                return next != null;
            }

            @Override
            public byte[] next() {
                if (next == null) {
                    throw new java.util.NoSuchElementException();
                }
                byte[] value = next;
                next = advance();
                return value;
            }
        };
    }

    static EventLines jsonl(Path file) throws IOException {
        BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8);
        return new EventLines() {
            long line;

            @Override
            byte[] next() {
                try {
                    for (String text; (text = reader.readLine()) != null; ) {
                        line++;
                        if (!text.isBlank()) {
                            return text.getBytes(StandardCharsets.UTF_8);
                        }
                    }
                    return null;
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
                }
            }

            @Override
            String defaultId() {
                return "row-" + line;
            }

            @Override
            String position() {
                return file + " line " + line;
            }

            @Override
            public void close() throws IOException {
                reader.close();
            }
        };
    }

    static EventLines dataset(String name, long seed, long records) {
        Iterator<byte[]> events = Datasets.events(name, seed);
        return new EventLines() {
            long n;

            @Override
            byte[] next() {
                if (n >= records || !events.hasNext()) {
                    return null;
                }
                n++;
                return events.next();
            }

            @Override
            String defaultId() {
                return name + "-" + (n - 1);
            }

            @Override
            String position() {
                return name + " event " + (n - 1);
            }
        };
    }
}
