package io.streamlearn.feed;

import java.util.Iterator;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;

/** Sends records to a topic at a given rate, up to a given count. */
public final class Feeder {

    private final Producer<byte[], byte[]> producer;
    private final String topic;
    private final Runnable onSent;
    private final AtomicLong sent = new AtomicLong();

    /** @param onSent called after each record is handed to the producer (a progress line) */
    public Feeder(Producer<byte[], byte[]> producer, String topic, Runnable onSent) {
        this.producer = producer;
        this.topic = topic;
        this.onSent = onSent;
    }

    /**
     * Sends until the source ends, {@code maxRecords} are sent (0: no limit) or {@code stop} says
     * so; paces to {@code rate} records per second (0: as fast as possible), then flushes.
     */
    public void run(Iterator<FeedItem> source, long rate, long maxRecords, BooleanSupplier stop) throws InterruptedException {
        long start = System.nanoTime();
        while (source.hasNext() && (maxRecords <= 0 || sent.get() < maxRecords) && !stop.getAsBoolean()) {
            FeedItem item = source.next();
            producer.send(new ProducerRecord<>(topic, item.key(), item.value()));
            long n = sent.incrementAndGet();
            onSent.run();
            if (rate > 0) {
                long due = start + n * 1_000_000_000L / rate;
                long wait = due - System.nanoTime();
                if (wait > 1_000_000) {
                    Thread.sleep(wait / 1_000_000);
                }
            }
        }
        producer.flush();
    }

    public long sent() {
        return sent.get();
    }
}
