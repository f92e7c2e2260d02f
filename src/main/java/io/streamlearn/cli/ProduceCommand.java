package io.streamlearn.cli;

import io.streamlearn.app.AppSettings;
import io.streamlearn.feed.DatasetFeed;
import io.streamlearn.feed.FeedItem;
import io.streamlearn.feed.FeedProducer;
import io.streamlearn.feed.Feeder;
import io.streamlearn.feed.dataset.DatasetRow;
import io.streamlearn.feed.dataset.Datasets;
import io.streamlearn.feed.dataset.FeatureRecordJson;
import io.streamlearn.record.CsvRecordReader;
import io.streamlearn.record.FeatureRecord;
import io.streamlearn.record.RecordRejectedException;
import io.streamlearn.record.RecordSchema;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.NoSuchElementException;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.zip.GZIPInputStream;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code produce}: streams a built-in dataset or a CSV file to a topic as feature records. */
@Command(name = "produce", mixinStandardHelpOptions = true,
        description = "Streams a built-in dataset or a CSV file to a topic as feature records (JSON).")
public final class ProduceCommand implements Callable<Integer> {

    @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT",
            description = "Kafka bootstrap servers (else env STREAMLEARN_BOOTSTRAP_SERVERS).")
    String bootstrapServers;

    @Option(names = "--topic", required = true, paramLabel = "T", description = "Topic to write to.")
    String topic;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Source source;

    static final class Source {
        @Option(names = "--dataset", paramLabel = "NAME", description = "friedman1, drift or diabetes.")
        String dataset;

        @ArgGroup(exclusive = false)
        Csv csv;
    }

    static final class Csv {
        @Option(names = "--csv", required = true, paramLabel = "FILE", description = "CSV file with a header (.gz read as gzip).")
        Path file;

        @Option(names = "--label", required = true, paramLabel = "COLUMN", description = "The label column.")
        String label;
    }

    @Option(names = "--rate", defaultValue = "0", paramLabel = "N", description = "Records per second; 0 for as fast as possible.")
    long rate;

    @Option(names = "--records", defaultValue = "0", paramLabel = "N", description = "Stop after N records; 0 for no limit.")
    long records;

    @Option(names = "--key-column", paramLabel = "C",
            description = "Key each record by this column (for a dataset: id; for a CSV: a feature column's value).")
    String keyColumn;

    @Option(names = "--seed", defaultValue = "42", description = "Seed of the generated datasets. Default ${DEFAULT-VALUE}.")
    long seed;

    @Override
    public Integer call() throws Exception {
        String bootstrap = bootstrapServers != null ? bootstrapServers : System.getenv(AppSettings.ENV_BOOTSTRAP_SERVERS);
        if (bootstrap == null) {
            System.err.println("give --bootstrap-servers or set " + AppSettings.ENV_BOOTSTRAP_SERVERS);
            return 2;
        }
        Iterator<FeedItem> feed = source.dataset != null
                ? new DatasetFeed(Datasets.open(source.dataset, seed), "id".equals(keyColumn))
                : csvFeed(source.csv.file, source.csv.label, keyColumn);
        try (KafkaProducer<byte[], byte[]> producer = FeedProducer.open(bootstrap)) {
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


    /** The CSV's rows as input records: every column but the label is a feature, in file order. */
    private static Iterator<FeedItem> csvFeed(Path file, String label, String keyColumn) throws IOException {
        List<String> header = header(file);
        List<String> features = new ArrayList<>(header);
        if (!features.remove(label)) {
            throw new IllegalArgumentException("no column '" + label + "' in " + file + "; columns: " + header);
        }
        int keyIndex = keyColumn == null ? -1 : features.indexOf(keyColumn);
        if (keyColumn != null && keyIndex < 0) {
            throw new IllegalArgumentException("no feature column '" + keyColumn + "' in " + file);
        }
        CsvRecordReader reader = CsvRecordReader.open(file, label, RecordSchema.regression(features));
        return new Iterator<>() {
            private FeedItem next = advance();

            private FeedItem advance() {
                while (true) {
                    try {
                        FeatureRecord r = reader.next();
                        if (r == null) {
                            reader.close();
                            return null;
                        }
                        byte[] key = keyIndex < 0 ? null
                                : formatKey(r.features()[keyIndex]).getBytes(StandardCharsets.UTF_8);
                        return new FeedItem(key, FeatureRecordJson.encode(
                                new DatasetRow(r.id(), r.features(), r.label()), r.timestamp()));
                    } catch (RecordRejectedException e) {
                        System.err.println("skipped row " + reader.rowsRead() + ": " + e.headerText());
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }
            }

            @Override
            public boolean hasNext() {
                return next != null;
            }

            @Override
            public FeedItem next() {
                if (next == null) {
                    throw new NoSuchElementException();
                }
                FeedItem item = next;
                next = advance();
                return item;
            }
        };
    }

    private static String formatKey(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }

    /** The CSV's header cells (plain, unquoted names). */
    private static List<String> header(Path file) throws IOException {
        try (InputStream raw = Files.newInputStream(file);
             InputStream in = gzip(file) ? new GZIPInputStream(raw) : raw;
             BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line = lines.readLine();
            if (line == null) {
                throw new IOException("empty CSV: " + file);
            }
            return Arrays.stream(line.replace("\uFEFF", "").split(",", -1)).map(String::trim).toList();
        }
    }

    private static boolean gzip(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return in.read() == 0x1f && in.read() == 0x8b;
        }
    }
}
