package io.streamlearn.learn;

import java.io.DataInput;
import java.io.IOException;

/** Placeholder: replaced by the implementation. */
public final class LinearModel {
    private LinearModel() {}

    public static OnlineModel create(LinearOptions options) {
        throw new UnsupportedOperationException("not yet");
    }

    static OnlineModel readFrom(DataInput in) throws IOException {
        throw new UnsupportedOperationException("not yet");
    }
}
