package io.streamlearn.topology;

/**
 * A value the learning processor emits: a prediction for the output topic, or a dead letter (the
 * input's original bytes) for the dead-letter topic.
 */
record Emitted(byte[] value, boolean deadLetter) {

    static Emitted prediction(byte[] json) {
        return new Emitted(json, false);
    }

    static Emitted deadLetter(byte[] original) {
        return new Emitted(original, true);
    }
}
