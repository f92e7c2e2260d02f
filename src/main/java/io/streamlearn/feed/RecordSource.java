package io.streamlearn.feed;

import io.streamlearn.feed.dataset.Dataset;
import io.streamlearn.record.CsvColumns;
import io.streamlearn.record.FeatureRecord;
import io.streamlearn.record.RecordRejectedException;
import io.streamlearn.record.RecordSchema;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Feature records read from a built-in dataset or a CSV file: what {@code replay} learns from and,
 * through {@link RecordFeed}, what {@code produce}, {@code demo} and {@code bench} send.
 */
public interface RecordSource extends AutoCloseable {

    /** The next record, or null at the end. */
    FeatureRecord next() throws IOException, RecordRejectedException;

    /** The last record's Kafka key: a CSV's key column's value; null when the source has none. */
    default String key() {
        return null;
    }

    /** Where the last record came from, for messages ({@code CSV row 17}, {@code friedman1 record 3}). */
    String position();

    @Override
    void close() throws IOException;

    /** The first {@code limit} rows of a dataset (generated ones are endless); records carry no timestamp. */
    static RecordSource dataset(Dataset data, long limit) {
        return new DatasetRecords(data, limit);
    }

    /** A CSV (or gzip CSV) file's rows, its feature columns matched to the schema's features (by name, else in order). */
    static RecordSource csv(Path file, CsvColumns columns, RecordSchema schema) throws IOException {
        return CsvRecords.open(file, columns, schema);
    }

    /** A CSV (or gzip CSV) file's rows as regression records: every feature column is a feature, in file order. */
    static RecordSource csv(Path file, CsvColumns columns) throws IOException {
        return CsvRecords.open(file, columns, RecordSchema.regression(csvFeatureColumns(file, columns)));
    }

    /** A CSV file's header: its column names, in file order. */
    static List<String> csvHeader(Path file) throws IOException {
        return CsvRecords.header(file);
    }

    /** A CSV file's feature columns (all but the label, id and key columns), in file order, as {@link #csv(Path, CsvColumns)} takes them. */
    static List<String> csvFeatureColumns(Path file, CsvColumns columns) throws IOException {
        return CsvRecords.featureColumns(file, columns);
    }
}
