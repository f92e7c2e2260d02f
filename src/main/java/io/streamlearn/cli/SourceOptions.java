package io.streamlearn.cli;

import io.streamlearn.feed.RecordSource;
import io.streamlearn.feed.dataset.Dataset;
import io.streamlearn.feed.dataset.Datasets;
import io.streamlearn.record.RecordSchema;
import java.io.IOException;
import java.nio.file.Path;
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
    }

    boolean isDataset() {
        return dataset != null;
    }

    /**
     * The records: a dataset's first {@code datasetRecords}, or the CSV's rows; matched to
     * {@code schema}'s features, or with schema null every CSV column but the label, in file order.
     *
     * @throws IllegalArgumentException when the records do not fit the schema
     */
    RecordSource open(RecordSchema schema, long datasetRecords, long seed) throws IOException {
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
        return schema == null ? RecordSource.csv(csv.file, csv.label) : RecordSource.csv(csv.file, csv.label, schema);
    }
}
