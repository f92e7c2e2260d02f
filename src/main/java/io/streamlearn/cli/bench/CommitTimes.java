package io.streamlearn.cli.bench;

import java.util.Collection;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;

/**
 * What the exactly-once commits of Kafka Streams clients took, from Kafka's own cumulative metrics:
 * the stream threads' {@code commit-total} and their producers' {@code txn-send-offsets-time-ns-total}
 * and {@code txn-commit-time-ns-total} (the time spent in {@code sendOffsetsToTransaction} and
 * {@code commitTransaction}). Read once before and once after a stretch of work, the difference says
 * how many commits it had and what each cost in the producer, which is where a prediction waits
 * after the commit interval: an exactly-once output is visible to a read_committed reader only once
 * its transaction is committed.
 */
record CommitTimes(double commits, double sendOffsetsNanos, double commitTransactionNanos) {

    /** The sums over every stream thread and producer in {@code metrics} (one client's). */
    static CommitTimes read(Map<MetricName, ? extends Metric> metrics) {
        double commits = 0;
        double sendOffsets = 0;
        double commit = 0;
        for (Map.Entry<MetricName, ? extends Metric> e : metrics.entrySet()) {
            MetricName name = e.getKey();
            if (!(e.getValue().metricValue() instanceof Double value) || value.isNaN()) {
                continue;
            }
            switch (name.group() + "/" + name.name()) {
                case "stream-thread-metrics/commit-total" -> commits += value;
                case "producer-metrics/txn-send-offsets-time-ns-total" -> sendOffsets += value;
                case "producer-metrics/txn-commit-time-ns-total" -> commit += value;
                default -> { }
            }
        }
        return new CommitTimes(commits, sendOffsets, commit);
    }

    /** The sum of every client's. */
    static CommitTimes sum(Collection<CommitTimes> clients) {
        return clients.stream().reduce(new CommitTimes(0, 0, 0), (a, b) ->
                new CommitTimes(a.commits + b.commits, a.sendOffsetsNanos + b.sendOffsetsNanos,
                        a.commitTransactionNanos + b.commitTransactionNanos));
    }

    /** What happened between {@code earlier} and this reading. */
    CommitTimes since(CommitTimes earlier) {
        return new CommitTimes(commits - earlier.commits, sendOffsetsNanos - earlier.sendOffsetsNanos,
                commitTransactionNanos - earlier.commitTransactionNanos);
    }

    /** Mean milliseconds in sendOffsetsToTransaction per commit; NaN without commits. */
    double sendOffsetsMillis() {
        return commits > 0 ? sendOffsetsNanos / commits / 1e6 : Double.NaN;
    }

    /** Mean milliseconds in commitTransaction per commit; NaN without commits. */
    double commitTransactionMillis() {
        return commits > 0 ? commitTransactionNanos / commits / 1e6 : Double.NaN;
    }

    /**
     * For a results file, of a difference ({@link #since}) over {@code seconds}: {@code 41 commits in 4.1 s,
     * one every 100 ms; per commit 5.2 ms in sendOffsetsToTransaction and 1.9 ms in commitTransaction (means)}.
     */
    String describe(double seconds) {
        return String.format(Locale.ROOT, "%,.0f commits in %.1f s, one every %.0f ms; per commit %.1f ms in"
                + " sendOffsetsToTransaction and %.1f ms in commitTransaction (means)", commits, seconds,
                commits > 0 ? seconds * 1e3 / commits : Double.NaN, sendOffsetsMillis(), commitTransactionMillis());
    }
}
