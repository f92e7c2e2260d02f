package io.streamlearn.cli;

import io.streamlearn.app.AppSettings;
import io.streamlearn.feed.FeedItem;
import io.streamlearn.feed.FeedProducer;
import io.streamlearn.feed.Feeder;
import io.streamlearn.feed.RecordFeed;
import io.streamlearn.feed.RecordSource;
import io.streamlearn.record.FeatureRecord;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.function.Function;
import io.streamlearn.encode.FieldPath;
import io.streamlearn.feed.EventFeed;
import io.streamlearn.feed.dataset.Datasets;
import io.streamlearn.record.RawField;
import java.nio.file.Files;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code produce}: streams a built-in dataset or a CSV file to a topic as feature records, or raw
 * events ({@code --jsonl FILE}, {@code --dataset payments}) as they are.
 */
@Command(name = "produce", mixinStandardHelpOptions = true,
        description = "Streams a built-in dataset or a CSV file to a topic as feature records (JSON), "
                + "or raw JSON events (--jsonl FILE, --dataset payments) as they are.")
public final class ProduceCommand implements Callable<Integer> {

    @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT",
            description = "Kafka bootstrap servers (else env STREAMLEARN_BOOTSTRAP_SERVERS).")
    String bootstrapServers;

    @Option(names = "--config", paramLabel = "FILE",
            description = "Properties file of run --config: its connection settings (security, SASL/TLS, ...) reach the producer.")
    Path config;

    @Option(names = "--topic", required = true, paramLabel = "T", description = "Topic to write to.")
    String topic;

    @ArgGroup(exclusive = true, multiplicity = "1")
    SourceOptions source;

    @Option(names = "--rate", defaultValue = "0", paramLabel = "N", description = "Records per second; 0 for as fast as possible.")
    long rate;

    @Option(names = "--records", defaultValue = "0", paramLabel = "N", description = "Stop after N records; 0 for no limit.")
    long records;

    @Option(names = "--key-column", paramLabel = "C",
            description = "Key each record by this column (for a dataset: id; for a CSV: a feature column's value).")
    String keyColumn;

    @Option(names = "--key-field", paramLabel = "F",
            description = "Key each raw event by this field's value (a name or a JSON Pointer such as /device/os).")
    String keyField;

    @Option(names = "--seed", defaultValue = "42", description = "Seed of the generated datasets. Default ${DEFAULT-VALUE}.")
    long seed;

    @Override
    public Integer call() throws Exception {
        String bootstrap = bootstrapServers != null ? bootstrapServers : System.getenv(AppSettings.ENV_BOOTSTRAP_SERVERS);
        if (bootstrap == null) {
            System.err.println("give --bootstrap-servers or set " + AppSettings.ENV_BOOTSTRAP_SERVERS);
            return 2;
        }
        Iterator<FeedItem> feed;
        boolean rawEvents = source.jsonl != null || source.dataset != null && Datasets.EVENT_NAMES.contains(source.dataset);
        if (rawEvents) {
            if (keyColumn != null) {
                System.err.println("--key-column keys feature records; raw events are keyed by --key-field F");
                return 2;
            }
            if (source.jsonl != null && !Files.isReadable(source.jsonl)) {
                System.err.println("cannot read --jsonl " + source.jsonl + ": "
                        + (Files.exists(source.jsonl) ? "not readable" : "no such file"));
                return 2;
            }
            Iterator<byte[]> events = source.jsonl != null ? EventLines.jsonl(source.jsonl).iterator()
                    : Datasets.events(source.dataset, seed);
            feed = new EventFeed(events, keyField == null ? null : rawField(keyField), System.err::println);
        } else {
            if (keyField != null) {
                System.err.println("--key-field keys raw events (--jsonl, --dataset " + String.join(", ", Datasets.EVENT_NAMES)
                        + "); feature records are keyed by --key-column C");
                return 2;
            }
            feed = new RecordFeed(source.open(null, Long.MAX_VALUE, seed), key(), source.isDataset(), System.err::println);
        }
        Properties properties = FeedProducer.properties(bootstrap);
        properties.putAll(AppSettings.resolve(config, System.getenv(),
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap)).connection());
        try (KafkaProducer<byte[], byte[]> producer = FeedProducer.open(properties)) {
            PrintWriter err = new PrintWriter(System.err, true);
            ProgressLine progress = new ProgressLine(err, "produce " + topic);
            Feeder feeder = new Feeder(producer, topic, () -> progress.tick("sent"));
            long start = System.nanoTime();
            feeder.run(feed, rate, records, () -> false);
            double seconds = (System.nanoTime() - start) / 1e9;
            err.printf(Locale.ROOT, "produced %,d records to %s in %.1f s (%,.0f/s)%n", feeder.sent(), topic,
                    seconds, feeder.sent() / Math.max(seconds, 1e-9));
        }
        return 0;
    }

    /** The key field as the event reader takes it: a top-level name or a JSON Pointer. */
    private static RawField rawField(String field) {
        FieldPath path = FieldPath.parse(field);
        return new RawField(path.text(), path.tokens(), false);
    }

    /** The key of each record: none, the id (a dataset's {@code --key-column id}) or a CSV feature column's value. */
    private Function<FeatureRecord, byte[]> key() throws IOException {
        if (keyColumn == null) {
            return RecordFeed.NO_KEY;
        }
        if (source.isDataset()) {
            return "id".equals(keyColumn) ? r -> r.id().getBytes(StandardCharsets.UTF_8) : RecordFeed.NO_KEY;
        }
        int column = RecordSource.csvFeatureColumns(source.csv.file, source.csv.label).indexOf(keyColumn);
        if (column < 0) {
            throw new IllegalArgumentException("no feature column '" + keyColumn + "' in " + source.csv.file);
        }
        return r -> formatKey(r.features()[column]).getBytes(StandardCharsets.UTF_8);
    }

    private static String formatKey(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }
}
