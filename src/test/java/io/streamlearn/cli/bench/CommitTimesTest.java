package io.streamlearn.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import org.apache.kafka.common.metrics.Metrics;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.common.metrics.stats.CumulativeSum;
import org.junit.jupiter.api.Test;

/** {@link CommitTimes} on a registry of Kafka's own metric classes, named as a Streams client names them. */
class CommitTimesTest {

    private static Sensor sensor(Metrics metrics, String group, String name, String client) {
        Sensor s = metrics.sensor(group + name + client);
        s.add(metrics.metricName(name, group, Map.of("client-id", client)), new CumulativeSum());
        return s;
    }

    @Test
    void sumsThreadsAndProducersAndIgnoresTheRest() {
        try (Metrics metrics = new Metrics()) {
            Sensor commits1 = sensor(metrics, "stream-thread-metrics", "commit-total", "t1");
            Sensor commits2 = sensor(metrics, "stream-thread-metrics", "commit-total", "t2");
            Sensor offsets = sensor(metrics, "producer-metrics", "txn-send-offsets-time-ns-total", "p1");
            Sensor commit = sensor(metrics, "producer-metrics", "txn-commit-time-ns-total", "p1");
            Sensor other = sensor(metrics, "producer-metrics", "flush-time-ns-total", "p1");
            Sensor otherGroup = sensor(metrics, "consumer-metrics", "txn-commit-time-ns-total", "c1");

            CommitTimes before = CommitTimes.read(metrics.metrics());
            assertThat(before).isEqualTo(new CommitTimes(0, 0, 0));

            commits1.record(3);
            commits2.record(1);
            offsets.record(8e6);
            commit.record(20e6);
            other.record(1e9);
            otherGroup.record(1e9);
            CommitTimes during = CommitTimes.read(metrics.metrics()).since(before);

            assertThat(during).isEqualTo(new CommitTimes(4, 8e6, 20e6));
            assertThat(during.sendOffsetsMillis()).isCloseTo(2.0, within(1e-12));
            assertThat(during.commitTransactionMillis()).isCloseTo(5.0, within(1e-12));
            assertThat(during.describe(0.4)).isEqualTo("4 commits in 0.4 s, one every 100 ms; per commit 2.0 ms in"
                    + " sendOffsetsToTransaction and 5.0 ms in commitTransaction (means)");
            assertThat(CommitTimes.sum(List.of(during, during))).isEqualTo(new CommitTimes(8, 16e6, 40e6));
        }
    }

    @Test
    void noCommitsHasNoMeans() {
        CommitTimes none = new CommitTimes(0, 0, 0);
        assertThat(none.commitTransactionMillis()).isNaN();
        assertThat(none.describe(1.0)).startsWith("0 commits in 1.0 s, one every NaN ms");
    }
}
