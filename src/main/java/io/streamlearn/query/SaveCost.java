package io.streamlearn.query;

/**
 * Time and bytes spent writing a pipeline's working copy to its store at commits: written by the
 * stream thread, read by any thread (bench, status).
 */
public final class SaveCost {
    private volatile long saves;
    private volatile long nanos;
    private volatile long bytes;

    /** One save of {@code writtenBytes} that took {@code elapsedNanos}; called by the one owning thread. */
    public void add(long elapsedNanos, long writtenBytes) {
        saves++;
        nanos += elapsedNanos;
        bytes += writtenBytes;
    }

    public long saves() {
        return saves;
    }

    public long nanos() {
        return nanos;
    }

    public long bytes() {
        return bytes;
    }
}
