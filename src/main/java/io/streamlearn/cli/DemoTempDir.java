package io.streamlearn.cli;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;

/**
 * The demo's one temporary folder, {@code streamlearn-demo-*} under {@code java.io.tmpdir}: the
 * broker's log, the Kafka Streams state, and everything else the process puts in temporary files
 * (RocksDB's and lz4's native libraries, which the JVM would delete only on a normal exit) go under
 * it, because {@code main} points {@code java.io.tmpdir} at it before anything runs; the demo deletes
 * it when it stops, however it stops.
 */
final class DemoTempDir {

    private static volatile Path root;

    private DemoTempDir() {}

    /** Called first thing by {@code main}, before any class has cached {@code java.io.tmpdir}. */
    static void takeOver() {
        String base = System.getProperty("java.io.tmpdir");
        SecureRandom random = new SecureRandom();
        for (int attempt = 0; attempt < 100; attempt++) {
            Path dir = Path.of(base, "streamlearn-demo-" + Long.toUnsignedString(random.nextLong(), 36));
            try {
                Files.createDirectory(dir);
            } catch (FileAlreadyExistsException taken) {
                continue;
            } catch (IOException e) {
                return; // the demo makes its folders as usual, in java.io.tmpdir
            }
            root = dir;
            System.setProperty("java.io.tmpdir", dir.toString());
            return;
        }
    }

    /** Deletes the folder {@link #takeOver} made, if it is still there (the demo did not run). */
    static void removeIfLeft() {
        Path r = root;
        if (r != null) {
            try {
                DemoCommand.deleteRecursively(r);
            } catch (IOException | RuntimeException e) {
                System.err.println("could not remove " + r + ": " + e);
            }
        }
    }

    /** The folder {@link #takeOver} made, else a new temporary folder (a demo run inside a test). */
    static Path create() throws IOException {
        Path r = root;
        return r != null && Files.isDirectory(r) ? r : Files.createTempDirectory("streamlearn-demo-");
    }
}
