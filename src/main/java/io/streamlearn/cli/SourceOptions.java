package io.streamlearn.cli;

import io.streamlearn.feed.RecordSource;
import io.streamlearn.feed.dataset.Dataset;
import io.streamlearn.feed.dataset.Datasets;
import io.streamlearn.record.CsvColumns;
import io.streamlearn.record.RecordSchema;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Option;

/** Where records come from, for {@code produce} and {@code replay}: {@code --dataset NAME | --csv FILE --label COLUMN}. */
final class SourceOptions {

    @Option(names = "--dataset", paramLabel = "NAME",
            description = "A built-in dataset: friedman1, drift or diabetes; payments (raw events).")
    String dataset;

    @Option(names = "--jsonl", paramLabel = "FILE",
            description = "Raw JSON events, one per line, for a spec with raw-event features.")
    Path jsonl;

    @ArgGroup(exclusive = false)
    Csv csv;

    static final class Csv {
        @Option(names = "--csv", required = true, paramLabel = "FILE",
                description = "Feature records as CSV with a header line; .gz is read as gzip.")
        Path file;

        @Option(names = "--label", required = true, paramLabel = "COLUMN", description = "The label column.")
        String label;

        @Option(names = "--id-column", paramLabel = "C",
                description = "The column whose value is each record's id (not a feature). Default: "
                        + "<file name>-<row>, e.g. mine-1 for mine.csv.")
        String idColumn;
    }

    boolean isDataset() {
        return dataset != null;
    }

    /**
     * The CSV's columns that are not features: the label, the id column ({@code --id-column}, else the
     * key column) and the key column ({@code --key-column} of {@code produce}; null for none).
     */
    CsvColumns csvColumns(String keyColumn) {
        return new CsvColumns(csv.label, csv.idColumn != null ? csv.idColumn : keyColumn, keyColumn);
    }

    /**
     * Why the CSV cannot be read or its header cannot give the columns the flags name, in one line
     * naming the flag; null when it can (or for a dataset).
     */
    String problem(String keyColumn) throws IOException {
        if (isDataset() || csv == null) {
            return null;
        }
        String unreadable = InputFile.problem("--csv", csv.file);
        if (unreadable != null) {
            return unreadable;
        }
        List<String> header = RecordSource.csvHeader(csv.file);
        String[][] flags = {{"--label", csv.label}, {"--id-column", csv.idColumn}, {"--key-column", keyColumn}};
        for (String[] flag : flags) {
            if (flag[1] != null && !header.contains(flag[1])) {
                return flag[0] + " " + flag[1] + ": " + csv.file + " has no column '" + flag[1] + "'; its columns: "
                        + String.join(", ", header);
            }
        }
        return null;
    }

    /**
     * The records: a dataset's first {@code datasetRecords}, or the CSV's rows; matched to
     * {@code schema}'s features, or with schema null every CSV feature column, in file order.
     *
     * @param keyColumn a CSV's key column ({@code produce --key-column}), null for none
     * @throws IllegalArgumentException when the records do not fit the schema
     */
    RecordSource open(RecordSchema schema, long datasetRecords, long seed, String keyColumn) throws IOException {
        if (jsonl != null) {
            throw new IllegalArgumentException("--jsonl " + jsonl + " holds raw events, for a spec with raw-event "
                    + "features (numeric, categorical, text); use --csv or --dataset for feature records");
        }
        if (isDataset()) {
            Dataset data = Datasets.open(dataset, seed);
            if (schema != null && data.featureNames().size() != schema.dimension()) {
                throw new IllegalArgumentException("dataset " + data.name() + " has " + data.featureNames().size()
                        + " features; the spec expects " + schema.dimension());
            }
            return RecordSource.dataset(data, datasetRecords);
        }
        CsvColumns columns = csvColumns(keyColumn);
        return schema == null ? RecordSource.csv(csv.file, columns) : RecordSource.csv(csv.file, columns, schema);
    }
}
