package io.streamlearn.learn.drift;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * A change detector on a stream of real values (a learner's prequential losses). It reports a
 * drift when the values' mean has gone <em>up</em> significantly: for a loss, that is the model
 * getting worse. Its whole state is written by {@link #writeTo} and read back by
 * {@link #readFrom}, so that a restored detector continues bit-identically.
 *
 * <p>Implementations are deterministic, allocate nothing per value in the steady state, and are not
 * thread-safe.
 */
public sealed interface DriftDetector permits Adwin, PageHinkley {

    byte TAG_ADWIN = 1;
    byte TAG_PAGE_HINKLEY = 2;

    /**
     * Adds one value.
     *
     * @return whether a drift (an increase of the mean) is detected at this value
     */
    boolean update(double value);

    /** Values seen so far. */
    long count();

    /** A detector with the same settings and no history. */
    DriftDetector fresh();

    /** Writes the type tag, then the settings and the state. */
    void writeTo(DataOutput out) throws IOException;

    /** Reads a detector {@link #writeTo} wrote. */
    static DriftDetector readFrom(DataInput in) throws IOException {
        byte tag = in.readByte();
        switch (tag) {
            case TAG_ADWIN:
                return Adwin.readPayload(in);
            case TAG_PAGE_HINKLEY:
                return PageHinkley.readPayload(in);
            default:
                throw new IOException("unknown drift detector tag " + tag);
        }
    }
}
