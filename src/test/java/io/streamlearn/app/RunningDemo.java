package io.streamlearn.app;


import io.streamlearn.broker.EmbeddedKafka;
import io.streamlearn.testing.KafkaTestSupport;
import io.streamlearn.feed.FeedProducer;
import io.streamlearn.feed.dataset.Dataset;
import io.streamlearn.feed.dataset.DatasetRow;
import io.streamlearn.feed.dataset.Datasets;
import io.streamlearn.feed.dataset.FeatureRecordJson;
import io.streamlearn.spec.SpecParser;
import io.streamlearn.topology.PipelineDefinition;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.streams.StreamsConfig;

/**
 * The application with the demo's pipeline (losses rescored every 100 labeled records) against the
 * in-JVM broker, with its HTTP server on an ephemeral port, fed with friedman1 records (some
 * unlabeled, some malformed) at a steady pace, so that rates are nonzero while a test watches.
 */
public final class RunningDemo implements AutoCloseable {

    public final EmbeddedKafka kafka;
    public final StreamlearnApp app;
    public final PipelineDefinition pipeline;
    private final Thread feeder;
    private volatile boolean feeding = true;

    private RunningDemo(EmbeddedKafka kafka, StreamlearnApp app, PipelineDefinition pipeline) {
        this.kafka = kafka;
        this.app = app;
        this.pipeline = pipeline;
        this.feeder = new Thread(this::feed, "demo-feeder");
        this.feeder.setDaemon(true);
    }

    public static RunningDemo start(Path stateDir) throws Exception {
        EmbeddedKafka kafka = EmbeddedKafka.start(0);
        PipelineDefinition pipeline = PipelineDefinition.of(SpecParser.parse(
                Files.readString(Path.of("topologies", "demo.yaml")).replace("every: 500", "every: 100"), "demo.yaml"));
        AppSettings settings = AppSettings.resolve(null, Map.of(), Map.of(
                StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                StreamsConfig.APPLICATION_ID_CONFIG, "dashboard-it",
                StreamsConfig.STATE_DIR_CONFIG, stateDir.toString()));
        StreamlearnApp app = StreamlearnApp.start(List.of(pipeline), settings, 0);
        if (!app.awaitRunning(Duration.ofSeconds(60))) {
            throw new IllegalStateException("the application did not reach RUNNING");
        }
        RunningDemo demo = new RunningDemo(kafka, app, pipeline);
        demo.feeder.start();
        return demo;
    }

    /** About 500 records a second: every 100th unlabeled, every 500th malformed. */
    private void feed() {
        Dataset data = Datasets.open("friedman1", 11);
        try (KafkaProducer<byte[], byte[]> producer = FeedProducer.open(kafka.bootstrapServers())) {
            for (long i = 0; feeding; i++) {
                DatasetRow row = data.next();
                byte[] value;
                if (i % 500 == 499) {
                    value = "{\"features\": [1, 2]}".getBytes(StandardCharsets.UTF_8);
                } else if (i % 100 == 99) {
                    value = FeatureRecordJson.encode(new DatasetRow(row.id(), row.features(), Double.NaN), null);
                } else {
                    value = FeatureRecordJson.encode(row, null);
                }
                producer.send(new ProducerRecord<>(pipeline.input().name(), value));
                if (i % 50 == 49) {
                    producer.flush();
                    Thread.sleep(100);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Waits until the pipeline processed at least {@code records}. */
    public void awaitProcessed(long records, Duration timeout) throws InterruptedException {
        KafkaTestSupport.await(() -> app.monitors().get("demo").processed() >= records, timeout,
                records + " processed records");
    }

    public String metricsUrl() {
        return "http://localhost:" + app.httpPort() + "/metrics";
    }

    @Override
    public void close() throws Exception {
        feeding = false;
        feeder.join(10_000);
        app.close();
        kafka.close();
    }
}
