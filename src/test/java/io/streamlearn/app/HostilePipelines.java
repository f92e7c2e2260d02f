package io.streamlearn.app;

import io.streamlearn.feed.dataset.Dataset;
import io.streamlearn.feed.dataset.DatasetRow;
import io.streamlearn.feed.dataset.Datasets;
import io.streamlearn.feed.dataset.FeatureRecordJson;
import io.streamlearn.learn.ModelCodec;
import io.streamlearn.learn.OnlineModel;
import io.streamlearn.pipeline.PipelineStateCodec;
import io.streamlearn.spec.SpecParser;
import io.streamlearn.topology.PipelineDefinition;
import io.streamlearn.topology.PipelineState;
import java.util.ArrayList;
import java.util.List;

/**
 * The two pipelines of the hostile-input tests, on friedman1: a regression (ridge, FTRL lasso,
 * an MLP with dropout) and a classification of y &gt; 14 (logistic, an MLP with dropout), and
 * their valid records.
 */
final class HostilePipelines {

    static final int DIMENSION = 10;

    private HostilePipelines() {}

    static PipelineDefinition regression(String prefix) throws Exception {
        return PipelineDefinition.of(SpecParser.parse("""
                name: %1$s-reg
                input: %1$s-reg.features
                output: %1$s-reg.predictions
                task: regression
                features: {dimension: 10, standardize: true}
                evaluation: {holdoutFraction: 0.1, reservoir: 200, every: 100}
                learners:
                  - {name: ridge, type: linear, l2: 0.01, optimizer: {name: sgd, learningRate: 0.01, schedule: invscaling, power: 0.25}}
                  - {name: lasso, type: linear, l1: 0.1, optimizer: {name: ftrl, alpha: 0.2, beta: 1.0}}
                  - {name: mlp, type: mlp, hidden: [16, 8], dropout: 0.2, batchSize: 32, clipNorm: 1.0, seed: 42,
                     optimizer: {name: adamw, learningRate: 0.01}}
                """.formatted(prefix), prefix + "-reg.yaml"));
    }

    static PipelineDefinition classification(String prefix) throws Exception {
        return PipelineDefinition.of(SpecParser.parse("""
                name: %1$s-cls
                input: %1$s-cls.features
                output: %1$s-cls.predictions
                task: classification
                classes: [low, high]
                features: {dimension: 10, standardize: true}
                evaluation: {holdoutFraction: 0.1, reservoir: 200, every: 100}
                learners:
                  - {name: logistic, type: linear, l2: 0.001, optimizer: {name: sgd, learningRate: 0.05}}
                  - {name: mlp, type: mlp, hidden: [8], dropout: 0.3, batchSize: 16, seed: 7, labelSmoothing: 0.1,
                     optimizer: {name: adamw, learningRate: 0.01}}
                """.formatted(prefix), prefix + "-cls.yaml"));
    }

    /** {@code count} friedman1 records (seeded); for classification, label 1 (high) when y &gt; 14. */
    static List<byte[]> validRecords(int count, boolean classification, long seed) {
        Dataset friedman = Datasets.open("friedman1", seed);
        List<byte[]> records = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            DatasetRow row = friedman.next();
            double label = classification ? (row.label() > 14 ? 1 : 0) : row.label();
            records.add(FeatureRecordJson.encode(new DatasetRow(row.id(), row.features(), label), null));
        }
        return records;
    }

    /** Every learner's snapshot in learner order, then the evaluation state. */
    static List<byte[]> snapshot(PipelineState state, PipelineDefinition pipeline) {
        List<byte[]> s = new ArrayList<>();
        for (String learner : pipeline.learnerNames()) {
            s.add(ModelCodec.toBytes(state.pipeline().model(learner)));
        }
        s.add(PipelineStateCodec.write(state.pipeline()));
        return s;
    }

    /** True when every weight of every learner is finite (a finite L1 norm means no weight is NaN or infinite). */
    static boolean allWeightsFinite(PipelineState state) {
        for (String learner : state.pipeline().learnerNames()) {
            OnlineModel m = state.pipeline().model(learner);
            if (!Double.isFinite(m.weightsL1()) || !Double.isFinite(m.weightsL2())) {
                return false;
            }
        }
        return true;
    }
}
