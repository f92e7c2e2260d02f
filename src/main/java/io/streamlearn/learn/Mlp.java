package io.streamlearn.learn;

import java.io.DataInput;
import java.io.IOException;

/** Placeholder: replaced by the implementation. */
public final class Mlp {
    private Mlp() {}

    public static OnlineModel create(MlpOptions options) {
        throw new UnsupportedOperationException("not yet");
    }

    static OnlineModel readFrom(DataInput in) throws IOException {
        throw new UnsupportedOperationException("not yet");
    }
}
