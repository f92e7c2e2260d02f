package io.streamlearn.cli;

import java.io.PrintWriter;
import java.util.Locale;

/**
 * A progress line for long runs: at most one line every two seconds, with the count and the rate;
 * nothing at all for a run shorter than that.
 */
final class ProgressLine {

    private static final long INTERVAL_NANOS = 2_000_000_000L;

    private final PrintWriter err;
    private final String prefix;
    private final long start = System.nanoTime();
    private long nextReport = start + INTERVAL_NANOS;
    private long count;
    private long end;

    ProgressLine(PrintWriter err, String prefix) {
        this.err = err;
        this.prefix = prefix;
    }

    /** Counts one item; reports when the interval has passed. */
    void tick(String stage) {
        count++;
        if ((count & 1023) == 0) {
            long now = System.nanoTime();
            if (now >= nextReport) {
                nextReport = now + INTERVAL_NANOS;
                err.printf(Locale.ROOT, "%s: %s, %,d records, %,.0f records/s%n", prefix, stage, count,
                        rate(count, now - start));
                err.flush();
            }
        }
    }

    void finish() {
        end = System.nanoTime();
    }

    long count() {
        return count;
    }

    /** Items per second from start to {@link #finish}. */
    double perSecond() {
        return rate(count, (end == 0 ? System.nanoTime() : end) - start);
    }

    private static double rate(long n, long nanos) {
        return nanos <= 0 ? 0 : n * 1e9 / nanos;
    }
}
