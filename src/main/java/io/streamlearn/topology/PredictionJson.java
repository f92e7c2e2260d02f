package io.streamlearn.topology;

import io.streamlearn.pipeline.StepResult;
import io.streamlearn.record.ParsedRecord;
import io.streamlearn.record.PredictionFields;
import io.streamlearn.record.PredictionWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The output value for a processed record: its prediction as JSON, written from the record and the
 * step result as they are (nothing copied) by one reused generator into one reused buffer; the
 * exact-size byte array returned is the one allocation (Kafka keeps each record value's array).
 * Public for the processor-path benchmark. Not thread-safe: one per processor.
 */
public final class PredictionJson implements PredictionFields {

    private final String pipeline;
    private final List<String> learners;
    private final PredictionWriter.Reusing writer;
    /** The path champions' penalties of the last record, by identity; rebuilt only when one changes. */
    private final Map<?, ?>[] lastChampions;
    private Map<String, Map<String, Double>> champions = Map.of();
    private CharSequence id;
    /** The record's label (class index for a classifier); NaN when unlabeled. */
    private double label;
    private boolean hasTimestamp;
    private long timestamp;
    private StepResult step;

    public PredictionJson(PipelineDefinition definition) {
        this.pipeline = definition.name();
        this.learners = definition.learnerNames();
        this.writer = new PredictionWriter(definition.schema().classes()).reusing();
        this.lastChampions = new Map<?, ?>[learners.size()];
    }

    /** The JSON of {@code step}'s prediction for {@code record}, whose id is {@code id}. */
    public byte[] write(CharSequence id, ParsedRecord record, StepResult step) {
        return write(id, record.labeled() ? record.label() : Double.NaN, record.hasTimestamp(), record.timestamp(), step);
    }

    /**
     * The JSON of {@code step}'s prediction for a record of that id, label (NaN: unlabeled) and
     * timestamp (a raw event's, read by {@code pipeline.EventInput}).
     */
    public byte[] write(CharSequence id, double label, boolean hasTimestamp, long timestamp, StepResult step) {
        this.id = id;
        this.label = label;
        this.hasTimestamp = hasTimestamp;
        this.timestamp = timestamp;
        this.step = step;
        if (step.hasChampions()) {
            updateChampions();
        }
        try {
            return writer.toJson(this);
        } finally {
            this.step = null;
        }
    }

    private void updateChampions() {
        boolean same = !champions.isEmpty();
        for (int i = 0; i < lastChampions.length && same; i++) {
            same = lastChampions[i] == step.champion(i);
        }
        if (same) {
            return;
        }
        Map<String, Map<String, Double>> map = new LinkedHashMap<>();
        for (int i = 0; i < lastChampions.length; i++) {
            lastChampions[i] = step.champion(i);
            if (step.champion(i) != null) {
                map.put(learners.get(i), step.champion(i));
            }
        }
        champions = map;
    }

    @Override
    public CharSequence id() {
        return id;
    }

    @Override
    public String pipeline() {
        return pipeline;
    }

    @Override
    public String split() {
        return step.split().label();
    }

    @Override
    public boolean labeled() {
        return !Double.isNaN(label);
    }

    @Override
    public double label() {
        return label;
    }

    @Override
    public List<String> learners() {
        return learners;
    }

    @Override
    public double[] outputView(int learnerIndex) {
        return step.prediction(learnerIndex);
    }

    @Override
    public long version(int learnerIndex) {
        return step.version(learnerIndex);
    }

    @Override
    public Map<String, Map<String, Double>> champions() {
        return step.hasChampions() ? champions : Map.of();
    }

    @Override
    public boolean hasTimestamp() {
        return hasTimestamp;
    }

    @Override
    public long timestampMillis() {
        return timestamp;
    }
}
