package io.streamlearn.testing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.KafkaConsumer;

/**
 * When committed predictions reach a downstream reader: a read_committed consumer of the output
 * topic, in a thread of its own, noting the time of every poll that returned records. Gives the
 * longest time without a new prediction in a window, what a consumer of the predictions sees of an
 * outage (the reader's own failover included, as any consumer's would be).
 */
public final class PredictionArrivals implements AutoCloseable {

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Thread reader;
    /** {nanoTime, predictions so far} per poll that returned records; guarded by this. */
    private final List<long[]> arrivals = new ArrayList<>();
    private volatile boolean stopped;
    private volatile RuntimeException failure;

    private PredictionArrivals(String bootstrap, String topic) {
        consumer = KafkaTestSupport.committedReader(bootstrap, topic + "-arrivals");
        consumer.subscribe(List.of(topic));
        reader = new Thread(this::read, "prediction-arrivals");
        reader.setDaemon(true);
    }

    public static PredictionArrivals start(String bootstrap, String topic) {
        PredictionArrivals arrivals = new PredictionArrivals(bootstrap, topic);
        arrivals.reader.start();
        return arrivals;
    }

    private void read() {
        try {
            long count = 0;
            while (!stopped) {
                int n = consumer.poll(Duration.ofMillis(50)).count();
                if (n > 0) {
                    count += n;
                    synchronized (this) {
                        arrivals.add(new long[] {System.nanoTime(), count});
                    }
                }
            }
        } catch (RuntimeException e) {
            failure = e;
        } finally {
            consumer.close();
        }
    }

    /** Committed predictions read so far. */
    public synchronized long count() {
        if (failure != null) {
            throw failure;
        }
        return arrivals.isEmpty() ? 0 : arrivals.get(arrivals.size() - 1)[1];
    }

    /** Waits until {@code count} predictions were read. */
    public void awaitCount(long count, Duration timeout, String what) throws InterruptedException {
        KafkaTestSupport.await(() -> count() >= count, timeout, what + " (" + count + " predictions; " + count() + " read)");
    }

    /**
     * The longest time in {@code [from, to]} (nanoTime) without a prediction arriving: from {@code from}
     * to the first arrival, between two, and from the last to {@code to}; in seconds.
     */
    public synchronized double longestPause(long from, long to) {
        long previous = from;
        long longest = 0;
        for (long[] a : arrivals) {
            if (a[0] > from && a[0] <= to) {
                longest = Math.max(longest, a[0] - previous);
                previous = a[0];
            }
        }
        return Math.max(longest, to - previous) / 1e9;
    }

    @Override
    public void close() throws InterruptedException {
        stopped = true;
        reader.join(10_000);
    }
}
