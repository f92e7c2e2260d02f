package io.streamlearn.topology;

import io.streamlearn.pipeline.StepResult;
import io.streamlearn.record.FeatureRecord;
import io.streamlearn.record.Prediction;
import io.streamlearn.record.PredictionWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The output value for a processed record: its {@link Prediction} as JSON. */
final class PredictionJson {

    private final String pipeline;
    private final List<String> learners;
    private final PredictionWriter writer;
    /** Reused per record: the Prediction copies what it keeps. */
    private final double[][] outputs;
    private final long[] versions;

    PredictionJson(PipelineDefinition definition) {
        this.pipeline = definition.name();
        this.learners = definition.learnerNames();
        this.writer = new PredictionWriter(definition.schema().classes());
        this.outputs = new double[learners.size()][];
        this.versions = new long[learners.size()];
    }

    byte[] write(FeatureRecord record, StepResult step) {
        for (int i = 0; i < outputs.length; i++) {
            outputs[i] = step.prediction(i);
            versions[i] = step.version(i);
        }
        Map<String, Map<String, Double>> champions = Map.of();
        if (step.hasChampions()) {
            champions = new LinkedHashMap<>();
            for (int i = 0; i < outputs.length; i++) {
                if (step.champion(i) != null) {
                    champions.put(learners.get(i), step.champion(i));
                }
            }
        }
        return writer.toJson(new Prediction(record.id(), pipeline, step.split().label(), record.label(), learners,
                outputs, versions, record.timestamp(), champions));
    }
}
