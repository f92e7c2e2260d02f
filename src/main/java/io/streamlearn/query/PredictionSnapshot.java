package io.streamlearn.query;

import io.streamlearn.learn.ModelCodec;
import io.streamlearn.learn.ModelPath;
import io.streamlearn.learn.OnlineModel;
import io.streamlearn.learn.RunningStandardizer;
import io.streamlearn.pipeline.LearningPipeline;
import io.streamlearn.record.FeatureRecord;
import io.streamlearn.record.Prediction;
import io.streamlearn.record.PredictionWriter;
import io.streamlearn.record.RecordReader;
import io.streamlearn.record.RecordRejectedException;
import io.streamlearn.record.RecordSchema;
import io.streamlearn.vector.FeatureVector;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A private copy of one pipeline's models and feature scaling, taken on the stream thread, that
 * answers interactive predictions ({@code POST /predict/{pipeline}}) on any thread without touching
 * the working copy the stream thread trains. Copies go through the models' own snapshot format
 * ({@link ModelCodec}), so the copy predicts bit-identically to the model at the time it was taken.
 * Calls are serialized: models reuse work buffers.
 */
public final class PredictionSnapshot {

    private final String pipeline;
    private final List<String> learners;
    private final OnlineModel[] models;
    private final RunningStandardizer standardizer;
    private final RecordReader reader;
    private final PredictionWriter writer;
    private final double[] z;
    /** The record's features (or their standardized copy) as the models read them. */
    private final FeatureVector vector;
    /** The schema's {@link RecordSchema#sparseFeatures()}: such features are not standardized. */
    private final boolean sparseFeatures;
    private final double[][] outputs;
    private final long[] versions;

    private PredictionSnapshot(String pipeline, List<String> learners, OnlineModel[] models,
                               RunningStandardizer standardizer, RecordSchema schema) {
        this.pipeline = pipeline;
        this.learners = learners;
        this.models = models;
        this.standardizer = standardizer;
        this.reader = new RecordReader(schema);
        this.writer = new PredictionWriter(schema.classes());
        this.z = new double[schema.dimension()];
        this.vector = FeatureVector.dense(z);
        this.sparseFeatures = schema.sparseFeatures();
        this.outputs = new double[models.length][models[0].outputDimension()];
        this.versions = new long[models.length];
        for (int i = 0; i < models.length; i++) {
            versions[i] = models[i].updates();
        }
    }

    /** Copies every model and the standardizer of {@code p}; call on the thread that owns {@code p}. */
    public static PredictionSnapshot of(LearningPipeline p, RecordSchema schema) {
        List<String> names = p.learnerNames();
        OnlineModel[] copies = p.slots().stream().map(s -> ModelCodec.copy(s.model())).toArray(OnlineModel[]::new);
        RunningStandardizer scaler = p.standardizer() == null ? null : p.standardizer().copy();
        return new PredictionSnapshot(p.name(), names, copies, scaler, schema);
    }

    /**
     * Every learner's prediction for a feature record (the input JSON of the stream), as the output
     * JSON of the stream with split {@code unlabeled}: predicting never trains, and a label in the
     * body is ignored.
     *
     * @throws RecordRejectedException when the body is not a valid feature record of this pipeline
     */
    public synchronized byte[] predict(byte[] body) throws RecordRejectedException {
        FeatureRecord record = reader.fromJson(body, "predict");
        // as the pipeline: dense features standardized, a sparse schema's features not
        double[] x = record.features();
        if (standardizer != null && !sparseFeatures) {
            standardizer.transform(x, z);
            x = z;
        }
        vector.setDense(x);
        for (int i = 0; i < models.length; i++) {
            models[i].predict(vector, outputs[i]);
        }
        Map<String, Map<String, Double>> champions = new LinkedHashMap<>();
        for (int i = 0; i < models.length; i++) {
            if (models[i] instanceof ModelPath path) {
                champions.put(learners.get(i), path.penalties(path.champion()));
            }
        }
        return writer.toJson(new Prediction(record.id(), pipeline, "unlabeled", Double.NaN, learners, outputs,
                versions, record.timestamp(), champions));
    }

    /** The version (optimizer steps) of each learner's copy, in learner order. */
    public long version(int learnerIndex) {
        return versions[learnerIndex];
    }
}
