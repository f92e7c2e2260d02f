package io.streamlearn.app;


import io.streamlearn.feed.dataset.Dataset;
import io.streamlearn.feed.dataset.DatasetRow;
import io.streamlearn.feed.dataset.Datasets;
import io.streamlearn.feed.dataset.FeatureRecordJson;
import io.streamlearn.query.PipelineMonitor;
import io.streamlearn.spec.SpecParser;
import io.streamlearn.topology.PipelineDefinition;
import io.streamlearn.topology.StreamlearnTopology;
import io.streamlearn.topology.TopologyOptions;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;

/**
 * The demo topology ({@code topologies/demo.yaml}, smaller reservoirs) on a TopologyTestDriver, fed with friedman1
 * records, some unlabeled and some malformed, and the application's metrics bound to its monitors
 * (without Kafka Streams' own metrics: the driver has no KafkaStreams client).
 */
public final class DemoDriver implements AutoCloseable {

    public final PipelineDefinition pipeline;
    public final StreamlearnTopology topology;
    public final TopologyTestDriver driver;
    public final AppMetrics metrics;
    private final TestInputTopic<byte[], byte[]> input;
    public final TestOutputTopic<byte[], byte[]> output;

    public DemoDriver(Path stateDir) throws Exception {
        // the demo's learners; losses rescored every 100 labeled records (not 500), so a few hundred
        // records on the driver (which commits the state after every record) show every gauge
        pipeline = PipelineDefinition.of(SpecParser.parse(Files.readString(demoFile())
                .replace("reservoir: 1000", "reservoir: 200").replace("every: 500", "every: 100"), "demo.yaml"));
        topology = StreamlearnTopology.build(List.of(pipeline), TopologyOptions.defaults());
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "metrics-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        driver = new TopologyTestDriver(topology.topology(), props);
        input = driver.createInputTopic(pipeline.input().name(), new ByteArraySerializer(), new ByteArraySerializer());
        output = driver.createOutputTopic(pipeline.output().name(), new ByteArrayDeserializer(), new ByteArrayDeserializer());
        metrics = AppMetrics.bind(List.copyOf(topology.monitors().values()), null);
    }

    /**
     * Pipes {@code labeled} friedman1 records, then {@code unlabeled} ones without label, then one
     * malformed record of each kind given; then lets a wall-clock second pass, so the processor
     * publishes its snapshot.
     */
    public DemoDriver feed(int labeled, int unlabeled, String... malformed) {
        Dataset data = Datasets.open("friedman1", 3);
        for (int i = 0; i < labeled; i++) {
            input.pipeInput(FeatureRecordJson.encode(data.next(), null));
        }
        for (int i = 0; i < unlabeled; i++) {
            DatasetRow row = data.next();
            input.pipeInput(FeatureRecordJson.encode(new DatasetRow(row.id(), row.features(), Double.NaN), null));
        }
        for (String bad : malformed) {
            input.pipeInput(bad.getBytes(StandardCharsets.UTF_8));
        }
        driver.advanceWallClockTime(Duration.ofSeconds(2));
        return this;
    }

    private static Path demoFile() {
        return Path.of("topologies", "demo.yaml");
    }

    /** Pipes one raw value (no wall-clock advance). */
    public void pipe(String value) {
        input.pipeInput(value.getBytes(StandardCharsets.UTF_8));
    }

    public PipelineMonitor monitor() {
        return topology.monitor(pipeline.name());
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
