package io.streamlearn.topology.store;

/**
 * In-memory state that a {@link WorkingCopyStore} keeps for its processor and writes back, when
 * changed, at every commit.
 */
public interface WorkingCopy {

    /** Writes what changed since the last call into {@code values}; a no-op when nothing did. */
    void saveChanges(ChunkedValues values);
}
