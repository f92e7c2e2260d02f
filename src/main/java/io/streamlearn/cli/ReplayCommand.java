package io.streamlearn.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.streamlearn.feed.dataset.Dataset;
import io.streamlearn.feed.dataset.DatasetRow;
import io.streamlearn.feed.dataset.Datasets;
import io.streamlearn.pipeline.LearningPipeline;
import io.streamlearn.query.ModelJson;
import io.streamlearn.record.CsvRecordReader;
import io.streamlearn.record.FeatureRecord;
import io.streamlearn.record.RecordRejectedException;
import io.streamlearn.record.RecordSchema;
import io.streamlearn.record.RejectReason;
import io.streamlearn.spec.SpecException;
import io.streamlearn.spec.SpecParser;
import io.streamlearn.spec.TopologySpec;
import io.streamlearn.topology.PipelineDefinition;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code replay}: the learners of a spec over a CSV file or a built-in dataset, with no Kafka —
 * progressive validation (predict, then train), the metrics table at the end, and optionally every
 * model as JSON. Optimizer steps and schedules continue across passes; a record keeps its id, and
 * so its split, in every pass.
 */
@Command(name = "replay", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Runs a spec's learners over a CSV file (or a built-in dataset) without Kafka, "
                + "predict-then-train, and prints their losses.")
final class ReplayCommand implements Callable<Integer> {

    @Spec
    picocli.CommandLine.Model.CommandSpec command;

    @Option(names = "--topology", required = true, paramLabel = "FILE", description = "The topology spec (YAML).")
    Path topology;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Source source;

    static final class Source {
        @ArgGroup(exclusive = false)
        CsvSource csv;

        @Option(names = "--dataset", paramLabel = "NAME",
                description = "A built-in dataset instead of a CSV: friedman1, drift or diabetes.")
        String dataset;
    }

    static final class CsvSource {
        @Option(names = "--csv", required = true, paramLabel = "FILE",
                description = "Feature records as CSV with a header line; .gz is read as gzip.")
        Path file;

        @Option(names = "--label", required = true, paramLabel = "COLUMN", description = "The label column.")
        String label;
    }

    @Option(names = "--records", paramLabel = "N",
            description = "Records per pass of --dataset (default: 442 for diabetes, 20000 for the generators).")
    Long records;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "42", description = "Seed of a generated dataset (default 42).")
    long seed;

    @Option(names = "--passes", paramLabel = "K", defaultValue = "1", description = "Passes over the data (default 1).")
    int passes;

    @Option(names = "--dump-models", paramLabel = "FILE", description = "Write every model as JSON to FILE.")
    Path dumpModels;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = command.commandLine().getOut();
        PrintWriter err = command.commandLine().getErr();
        if (passes < 1) {
            err.println("--passes must be at least 1, was " + passes);
            return 2;
        }
        TopologySpec spec;
        try {
            spec = SpecParser.parse(topology);
        } catch (SpecException e) {
            err.println("invalid topology " + topology + ":");
            e.errors().forEach(error -> err.println("  " + error));
            return 2;
        }
        PipelineDefinition definition = PipelineDefinition.of(spec);
        RecordSchema schema = definition.schema();
        LearningPipeline pipeline = definition.newPipeline();

        Map<RejectReason, Long> rejected = new EnumMap<>(RejectReason.class);
        ProgressLine progress = new ProgressLine(err, "replay");
        for (int pass = 1; pass <= passes; pass++) {
            try (RecordSource records = open(schema)) {
                for (;;) {
                    FeatureRecord record;
                    try {
                        record = records.next();
                    } catch (RecordRejectedException e) {
                        if (rejected.merge(e.reason(), 1L, Long::sum) == 1) {
                            err.println("rejected " + records.position() + " (first of its kind): " + e.headerText());
                        }
                        continue;
                    }
                    if (record == null) {
                        break;
                    }
                    pipeline.process(record.id(), record.features(), record.label());
                    progress.tick("pass " + pass + "/" + passes);
                }
            } catch (IllegalArgumentException e) {
                err.println(e.getMessage());
                return 2;
            }
        }
        progress.finish();

        out.print(LearnerTable.render(pipeline, progress.count(), progress.perSecond()));
        if (!rejected.isEmpty()) {
            out.println("rejected records: " + rejected);
        }
        if (dumpModels != null) {
            writeModels(spec, pipeline);
            out.println("models written to " + dumpModels);
        }
        out.flush();
        return 0;
    }

    private RecordSource open(RecordSchema schema) throws IOException {
        if (source.dataset != null) {
            Dataset data = Datasets.open(source.dataset, seed);
            if (data.featureNames().size() != schema.dimension()) {
                throw new IllegalArgumentException("dataset " + data.name() + " has " + data.featureNames().size()
                        + " features; the spec expects " + schema.dimension());
            }
            long limit = records != null ? records : defaultRecords(data.name());
            return new DatasetSource(data, limit);
        }
        return new CsvRecords(CsvRecordReader.open(source.csv.file, source.csv.label, schema));
    }

    private static long defaultRecords(String dataset) {
        return "diabetes".equals(dataset) ? 442 : 20_000;
    }

    private void writeModels(TopologySpec spec, LearningPipeline pipeline) throws IOException {
        ObjectMapper json = new ObjectMapper();
        ObjectNode root = json.createObjectNode();
        root.put("pipeline", spec.name());
        ObjectNode learners = root.putObject("learners");
        for (String name : pipeline.learnerNames()) {
            learners.set(name, ModelJson.describe(pipeline.model(name), spec.features().names(), spec.classes(),
                    pipeline.standardizer()));
        }
        Files.write(dumpModels, json.writerWithDefaultPrettyPrinter().writeValueAsBytes(root));
    }

    /** Records of one pass. */
    private interface RecordSource extends AutoCloseable {
        /** The next record, or null at the end. */
        FeatureRecord next() throws IOException, RecordRejectedException;

        /** Where the last record came from, for messages. */
        String position();

        @Override
        void close() throws IOException;
    }

    private static final class CsvRecords implements RecordSource {
        private final CsvRecordReader reader;

        CsvRecords(CsvRecordReader reader) {
            this.reader = reader;
        }

        @Override
        public FeatureRecord next() throws IOException, RecordRejectedException {
            return reader.next();
        }

        @Override
        public String position() {
            return "CSV row " + reader.rowsRead();
        }

        @Override
        public void close() throws IOException {
            reader.close();
        }
    }

    private static final class DatasetSource implements RecordSource {
        private final Dataset data;
        private final long limit;
        private long read;

        DatasetSource(Dataset data, long limit) {
            this.data = data;
            this.limit = limit;
        }

        @Override
        public FeatureRecord next() {
            if (read >= limit) {
                return null;
            }
            read++;
            DatasetRow row = data.next();
            return new FeatureRecord(row.id(), row.features(), row.label(), Double.toString(row.label()), null);
        }

        @Override
        public String position() {
            return data.name() + " record " + read;
        }

        @Override
        public void close() {}
    }
}
