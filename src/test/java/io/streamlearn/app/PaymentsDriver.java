package io.streamlearn.app;

import io.streamlearn.feed.dataset.Datasets;
import io.streamlearn.query.PipelineMonitor;
import io.streamlearn.testing.PaymentsSpec;
import io.streamlearn.topology.PipelineDefinition;
import io.streamlearn.topology.StreamlearnTopology;
import io.streamlearn.topology.TopologyOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;

/**
 * The raw-event pipeline of {@code topologies/payments.yaml} (narrowed, {@link PaymentsSpec}) on a
 * TopologyTestDriver, fed with the {@code payments} dataset, and the application's metrics bound to
 * its monitor, as {@link DemoDriver} is for the demo.
 */
public final class PaymentsDriver implements AutoCloseable {

    private final StreamlearnTopology topology;
    private final TopologyTestDriver driver;
    private final AppMetrics metrics;

    /** Pipes {@code events} payments events, then lets a wall-clock second pass so the processor publishes. */
    public PaymentsDriver(Path stateDir, int events) throws Exception {
        PipelineDefinition p = PipelineDefinition.of(PaymentsSpec.narrow());
        topology = StreamlearnTopology.build(List.of(p), TopologyOptions.defaults());
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "payments-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        driver = new TopologyTestDriver(topology.topology(), props);
        metrics = AppMetrics.bind(List.copyOf(topology.monitors().values()), null);
        TestInputTopic<byte[], byte[]> input = driver.createInputTopic(p.input().name(), new ByteArraySerializer(),
                new ByteArraySerializer());
        Iterator<byte[]> feed = Datasets.events("payments", 21);
        for (int n = 0; n < events; n++) {
            input.pipeInput(null, feed.next());
        }
        driver.advanceWallClockTime(Duration.ofSeconds(2));
    }

    public Map<String, PipelineMonitor> monitors() {
        return topology.monitors();
    }

    /** The metrics in the Prometheus text format, as {@code GET /metrics} serves them. */
    public String scrapeMetrics() {
        return metrics.scrape();
    }

    @Override
    public void close() {
        driver.close();
        metrics.close();
    }
}
