package io.streamlearn.feed;

import io.streamlearn.feed.dataset.Dataset;
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

    /** Where the last record came from, for messages ({@code CSV row 17}, {@code friedman1 record 3}). */
    String position();

    @Override
    void close() throws IOException;

    /** The first {@code limit} rows of a dataset (generated ones are endless); records carry no timestamp. */
    static RecordSource dataset(Dataset data, long limit) {
        return new DatasetRecords(data, limit);
    }

    /** A CSV (or gzip CSV) file's rows, its columns matched to the schema's features (by name, else in order). */
    static RecordSource csv(Path file, String labelColumn, RecordSchema schema) throws IOException {
        return CsvRecords.open(file, labelColumn, schema);
    }

    /** A CSV (or gzip CSV) file's rows as regression records: every column but the label is a feature, in file order. */
    static RecordSource csv(Path file, String labelColumn) throws IOException {
        return CsvRecords.open(file, labelColumn, RecordSchema.regression(csvFeatureColumns(file, labelColumn)));
    }

    /** A CSV file's columns but the label, in file order, as {@link #csv(Path, String)} takes them. */
    static List<String> csvFeatureColumns(Path file, String labelColumn) throws IOException {
        return CsvRecords.featureColumns(file, labelColumn);
    }
}
