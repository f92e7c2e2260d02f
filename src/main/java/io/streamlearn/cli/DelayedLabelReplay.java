package io.streamlearn.cli;

import io.streamlearn.pipeline.LearningPipeline;
import io.streamlearn.pipeline.PredictionsThen;
import io.streamlearn.record.FeatureRecord;
import io.streamlearn.record.RecordSchema;
import io.streamlearn.vector.FeatureVector;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code replay --label-delay N [--labels FILE]}: delayed labels without Kafka, as the stream joins
 * them. Every record is predicted when it comes ({@link LearningPipeline#predict}) and its label
 * joins after N more records have been predicted ({@link LearningPipeline#learnDelayed}, scored on
 * the prediction made then); at the end of a pass the labels still due join in order. The labels
 * are the records' own, or with {@code --labels} those of a CSV file with columns {@code id} and
 * {@code label}, joined by id (a CSV row's id is its id column's value or {@code <file name>-<n>}, a dataset's {@code <name>-<n>}):
 * a record whose id has no label there is predicted only.
 */
final class DelayedLabelReplay {

    private record Waiting(String id, FeatureVector x, double label, PredictionsThen then) {}

    private final LearningPipeline pipeline;
    private final int delay;
    private final Map<String, Double> labels;
    private final ArrayDeque<Waiting> waiting = new ArrayDeque<>();
    private long joined;
    private long unlabeled;

    /** @param labels label by id, or null for the records' own labels */
    DelayedLabelReplay(LearningPipeline pipeline, int delay, Map<String, Double> labels) {
        this.pipeline = pipeline;
        this.delay = delay;
        this.labels = labels;
    }

    /** Predicts the record, then joins the label that is due. */
    void next(FeatureRecord record) {
        double label = labels == null ? record.label() : labels.getOrDefault(record.id(), Double.NaN);
        FeatureVector x = FeatureVector.dense(record.features());
        if (Double.isNaN(label)) {
            pipeline.process(record.id(), x, Double.NaN);
            unlabeled++;
        } else {
            pipeline.predict(record.id(), x);
            waiting.add(new Waiting(record.id(), x, label, pipeline.predictionsThen()));
        }
        while (waiting.size() > delay) {
            join(waiting.poll());
        }
    }

    /** The end of a pass: the labels still due join, in order. */
    void endOfPass() {
        while (!waiting.isEmpty()) {
            join(waiting.poll());
        }
    }

    private void join(Waiting w) {
        pipeline.learnDelayed(w.id(), w.x(), w.label(), w.then());
        joined++;
    }

    /** A line for the end of the run. */
    String summary() {
        return "delayed labels: " + joined + " joined after " + delay + " records, " + unlabeled + " records without label";
    }

    /**
     * Reads a label CSV: a header with columns {@code id} and {@code label}, one label per row (a
     * number, or for classification a class name or index).
     *
     * @throws IllegalArgumentException on a missing column or a label that is not one
     */
    static Map<String, Double> read(Path file, RecordSchema schema) throws IOException {
        Map<String, Double> labels = new HashMap<>();
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String header = in.readLine();
            List<String> columns = header == null ? List.of() : List.of(header.trim().split("\\s*,\\s*"));
            int id = columns.indexOf("id");
            int label = columns.indexOf("label");
            if (id < 0 || label < 0) {
                throw new IllegalArgumentException(file + ": a label CSV needs columns id and label, got " + columns);
            }
            String line;
            int row = 1;
            while ((line = in.readLine()) != null) {
                row++;
                if (line.isBlank()) {
                    continue;
                }
                String[] cells = line.split("\\s*,\\s*", -1);
                if (cells.length != columns.size()) {
                    throw new IllegalArgumentException(file + " line " + row + ": " + cells.length + " cells, the header has "
                            + columns.size());
                }
                labels.put(cells[id].trim(), value(file, row, cells[label].trim(), schema));
            }
        }
        return labels;
    }

    private static double value(Path file, int row, String text, RecordSchema schema) {
        if (schema.classification()) {
            int k = schema.classIndex(text);
            if (k < 0) {
                try {
                    k = schema.classIndexOf(Double.parseDouble(text));
                } catch (NumberFormatException e) {
                    k = -1;
                }
            }
            if (k < 0) {
                throw new IllegalArgumentException(file + " line " + row + ": unknown class '" + text + "'");
            }
            return k;
        }
        try {
            double v = Double.parseDouble(text);
            if (Double.isFinite(v)) {
                return v;
            }
        } catch (NumberFormatException e) {
            // below
        }
        throw new IllegalArgumentException(file + " line " + row + ": label '" + text + "' is not a finite number");
    }
}
