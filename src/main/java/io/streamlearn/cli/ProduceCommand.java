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
import java.util.List;
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
 * events ({@code --jsonl FILE}, {@code --dataset payments}) as they are. Rows that cannot be used
 * are left out and summed up by reason at the end; exit 1 when none could be sent.
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
            description = "Key each record by this column's value, also its id unless --id-column names another "
                    + "(never a feature). For a dataset: id.")
    String keyColumn;

    @Option(names = "--positional",
            description = "Send a CSV's features as an array in file order, for a pipeline whose spec has "
                    + "features: {dimension: N} without names (default: as named values, matched by the header).")
    boolean positional;

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
        String configProblem = InputFile.problem("--config", config);
        if (configProblem != null) {
            System.err.println(configProblem);
            return 2;
        }
        Rejections rejected = new Rejections();
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
            if (source.isDataset() && keyColumn != null && !"id".equals(keyColumn)) {
                System.err.println("--key-column " + keyColumn + ": a dataset's records can be keyed by id only");
                return 2;
            }
            String sourceProblem = source.problem(keyColumn);
            if (sourceProblem != null) {
                System.err.println(sourceProblem);
                return 2;
            }
            RecordSource rows = source.open(null, Long.MAX_VALUE, seed, keyColumn);
            feed = new RecordFeed(rows, key(rows), featureNames(), source.isDataset(),
                    skipped -> rejected.add(skipped.position(), skipped.error()));
        }
        Properties properties = FeedProducer.properties(bootstrap);
        try {
            properties.putAll(AppSettings.resolve(config, System.getenv(),
                    Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap)).connection());
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            return 2;
        }
        PrintWriter err = new PrintWriter(System.err, true);
        long sent;
        try (KafkaProducer<byte[], byte[]> producer = FeedProducer.open(properties)) {
            ProgressLine progress = new ProgressLine(err, "produce " + topic);
            Feeder feeder = new Feeder(producer, topic, () -> progress.tick("sent"));
            long start = System.nanoTime();
            feeder.run(feed, rate, records, () -> false);
            double seconds = (System.nanoTime() - start) / 1e9;
            sent = feeder.sent();
            rejected.summary().forEach(err::println);
            err.printf(Locale.ROOT, "produced %,d records to %s in %.1f s (%,.0f/s)%n", sent, topic,
                    seconds, sent / Math.max(seconds, 1e-9));
        }
        return sent > 0 ? 0 : 1;
    }

    /** The key field as the event reader takes it: a top-level name or a JSON Pointer. */
    private static RawField rawField(String field) {
        FieldPath path = FieldPath.parse(field);
        return new RawField(path.text(), path.tokens(), false);
    }

    /**
     * A CSV's feature columns, so that each record names its values and the pipeline matches them by
     * name whatever the column order; null (an array) for a dataset, whose order is its pipelines', or
     * with {@code --positional}.
     */
    private List<String> featureNames() throws IOException {
        return source.isDataset() || positional ? null
                : RecordSource.csvFeatureColumns(source.csv.file, source.csvColumns(keyColumn));
    }

    /**
     * The key of each record: none, a dataset's id ({@code --key-column id}) or the CSV's key column's
     * value, which the source reads with the record that {@link RecordFeed} has just taken from it.
     */
    private Function<FeatureRecord, byte[]> key(RecordSource rows) {
        if (keyColumn == null) {
            return RecordFeed.NO_KEY;
        }
        if (source.isDataset()) {
            return r -> r.id().getBytes(StandardCharsets.UTF_8);
        }
        return r -> rows.key().getBytes(StandardCharsets.UTF_8);
    }
}
