package io.streamlearn.cli.bench;

import io.streamlearn.feed.FeedItem;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Times one application on its topics.
 *
 * <p>Throughput: N records are produced while it is paused, then it reads the backlog; records/s =
 * predictions between the first and the last one read (read_committed) over that time. Predictions
 * are read one commit at a time, so both ends move by up to a commit interval: a backlog read in a
 * few commits is timed coarsely, and one read in a single poll cannot be timed (an error).
 * Latency: then L more records at R records/s; latency = time a prediction is read minus the input
 * record's timestamp (set by the producer at send, carried to the output by Kafka Streams).
 */
final class ApplicationTimer {

    /** Starts an application; the timer closes it. */
    interface Starter {
        RunningApplication start() throws Exception;
    }

    private final BenchParameters parameters;
    private final BenchClients clients;
    /** The backlog's records, then the latency run's. */
    private final List<FeedItem> payloads;

    ApplicationTimer(BenchParameters parameters, BenchClients clients, List<FeedItem> payloads) {
        this.parameters = parameters;
        this.clients = clients;
        this.payloads = payloads;
    }

    Measurement measure(String name, Layout layout, String input, String output, Starter starter) throws Exception {
        int records = parameters.records();
        try (KafkaProducer<byte[], byte[]> producer = clients.producer();
             KafkaConsumer<byte[], byte[]> consumer = clients.committedReader(name)) {
            consumer.subscribe(List.of(output));
            RunningApplication app = starter.start();
            try {
                // the backlog waits until the instances run their tasks, restored: a rebalance is not timed.
                // Paused only then: Kafka Streams' state updater does not restore a paused task, so a stateful
                // application started paused stays REBALANCING until its resume (apache/kafka#13523)
                app.awaitAssignment(parameters.partitions());
                app.pause();
                awaitReaderAssignment(consumer, name, layout);
                for (int i = 0; i < records; i++) {
                    producer.send(new ProducerRecord<>(input, payloads.get(i).key(), payloads.get(i).value()));
                }
                producer.flush();
                app.resume();
                long first = 0;
                long last = 0;
                long firstCpu = 0;
                long lastCpu = 0;
                int seen = 0;
                long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
                while (seen < records && System.nanoTime() < deadline) {
                    int n = consumer.poll(Duration.ofMillis(100)).count();
                    if (n > 0) {
                        long now = System.nanoTime();
                        long cpu = processCpuNanos();
                        if (seen == 0) {
                            first = now;
                            firstCpu = cpu;
                        }
                        seen += n;
                        last = now;
                        lastCpu = cpu;
                    }
                }
                if (seen < records) {
                    throw new Unmeasurable(String.format(Locale.ROOT,
                            "%s, %s: only %,d of the backlog's %,d predictions were read within 10 minutes", name, layout,
                            seen, records));
                }
                if (last == first) {
                    throw new Unmeasurable(String.format(Locale.ROOT,
                            "%s, %s: the backlog of %,d records was read in one poll, which cannot be timed: give more"
                                    + " --records", name, layout, records));
                }
                double perSecond = (seen - 1) / ((last - first) / 1e9);
                double cpuSeconds = (lastCpu - firstCpu) / 1e9;
                CommitTimes beforeLatency = app.commitTimes();
                long latencyStart = System.nanoTime();
                long[] latencies = latencies(producer, consumer, input);
                String latencyCommits = app.commitTimes().since(beforeLatency).describe((System.nanoTime() - latencyStart) / 1e9);
                String note = app.note().get();
                System.err.printf(Locale.ROOT, "%s, %s: %,.0f records/s, %.1f CPU s, p50 %d ms, p99 %d ms, p999 %d ms"
                                + " (latency run: %s); load %s%n",
                        name, layout, perSecond, cpuSeconds, percentile(latencies, 0.5), percentile(latencies, 0.99),
                        percentile(latencies, 0.999), latencyCommits, Machine.loadAverage());
                return new Measurement(name, layout, perSecond, percentile(latencies, 0.5), percentile(latencies, 0.99),
                        percentile(latencies, 0.999), cpuSeconds, latencyCommits, note);
            } finally {
                app.close();
            }
        }
    }

    /** CPU time of this process (all its threads, the embedded broker's too); -1 where the JVM cannot tell. */
    private static long processCpuNanos() {
        return ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                ? os.getProcessCpuTime() : -1;
    }

    /** The latency run: L records sent at R records/s by a thread of their own while this one reads. */
    private long[] latencies(KafkaProducer<byte[], byte[]> producer, KafkaConsumer<byte[], byte[]> consumer,
                             String input) throws InterruptedException {
        int latencyRecords = parameters.latencyRecords();
        Thread sender = new Thread(() -> {
            long start = System.nanoTime();
            for (int i = 0; i < latencyRecords; i++) {
                FeedItem item = payloads.get(parameters.records() + i);
                producer.send(new ProducerRecord<>(input, item.key(), item.value()));
                long wait = start + (i + 1) * 1_000_000_000L / parameters.latencyRate() - System.nanoTime();
                if (wait > 1_000_000) {
                    try {
                        Thread.sleep(wait / 1_000_000);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }
            producer.flush();
        }, "bench-latency-producer");
        sender.start();
        long[] latencies = new long[latencyRecords];
        int n = 0;
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        while (n < latencyRecords && System.nanoTime() < deadline) {
            for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(50))) {
                if (n < latencyRecords) {
                    latencies[n++] = System.currentTimeMillis() - r.timestamp();
                }
            }
        }
        sender.join();
        return Arrays.copyOf(latencies, n);
    }

    /** The q-quantile by the nearest-rank method (the ⌈q·n⌉-th smallest); -1 of no values. */
    private static long percentile(long[] values, double q) {
        if (values.length == 0) {
            return -1;
        }
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(q * sorted.length) - 1)];
    }

    /**
     * Polls until the reader has joined its group and holds its partitions. The application is paused
     * and its output empty, so nothing is read yet; a join left to the first timed poll could take
     * longer than the whole backlog, which would then arrive in one poll and could not be timed.
     */
    private static void awaitReaderAssignment(KafkaConsumer<byte[], byte[]> consumer, String name, Layout layout) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (consumer.assignment().isEmpty()) {
            if (System.nanoTime() > deadline) {
                throw new Unmeasurable(String.format(Locale.ROOT,
                        "%s, %s: the predictions' reader got no partition within 60 s", name, layout));
            }
            int n = consumer.poll(Duration.ofMillis(100)).count();
            if (n > 0) {
                throw new Unmeasurable(String.format(Locale.ROOT,
                        "%s, %s: %,d predictions before the backlog was produced", name, layout, n));
            }
        }
    }
}
