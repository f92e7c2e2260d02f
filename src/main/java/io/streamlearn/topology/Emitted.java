package io.streamlearn.topology;

/**
 * A value the learning processor emits: a prediction for the output topic, a dead letter (the
 * input's original bytes) for the dead-letter topic, or a data-parallel replica's contribution (a
 * {@code pipeline.ModelSetSnapshot}) for the pipeline's parameter topic.
 */
record Emitted(byte[] value, Kind kind) {

    enum Kind { PREDICTION, DEAD_LETTER, CONTRIBUTION }

    static Emitted prediction(byte[] json) {
        return new Emitted(json, Kind.PREDICTION);
    }

    static Emitted deadLetter(byte[] original) {
        return new Emitted(original, Kind.DEAD_LETTER);
    }

    static Emitted contribution(byte[] snapshot) {
        return new Emitted(snapshot, Kind.CONTRIBUTION);
    }

    boolean deadLetter() {
        return kind == Kind.DEAD_LETTER;
    }
}
