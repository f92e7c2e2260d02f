package io.streamlearn.cli.bench;

/** A run that gives no figure: the bench says why and exits 1. */
public final class Unmeasurable extends RuntimeException {
    Unmeasurable(String message) {
        super(message);
    }
}
