package io.streamlearn.topology;

import io.streamlearn.eval.EvaluationSettings;
import io.streamlearn.learn.AdamWOptions;
import io.streamlearn.learn.LinearModel;
import io.streamlearn.learn.LinearOptimizerOptions;
import io.streamlearn.learn.LinearOptions;
import io.streamlearn.learn.Mlp;
import io.streamlearn.learn.MlpOptions;
import io.streamlearn.learn.OnlineModel;
import io.streamlearn.pipeline.PipelineBlueprint;
import io.streamlearn.record.RecordSchema;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/** Small pipelines for topology tests: a ridge and an MLP on 3 features. */
final class TestPipelines {

    static final int DIMENSION = 3;

    private TestPipelines() {}

    static LinearOptions ridgeOptions() {
        return new LinearOptions(DIMENSION, 0, 0.0, 0.01,
                new LinearOptimizerOptions.Sgd(0.05, LinearOptimizerOptions.Schedule.CONSTANT, 0.25), 0.0, 1L);
    }

    static MlpOptions mlpOptions(int[] hidden, int classes) {
        return new MlpOptions(DIMENSION, hidden, classes, 0.1, 4,
                new AdamWOptions(0.01, 0.9, 0.999, 1e-8, 0.01), 1.0, false, false, 0.0, 0.0, 0.0, 42L);
    }

    /** Regression: ridge and a small MLP, positional features, no standardization. */
    static PipelineDefinition regression(String name, double holdoutFraction) {
        Map<String, Supplier<OnlineModel>> learners = new LinkedHashMap<>();
        learners.put("ridge", () -> LinearModel.create(ridgeOptions()));
        learners.put("mlp", () -> Mlp.create(mlpOptions(new int[] {8}, 0)));
        return definition(name, RecordSchema.regression(DIMENSION), holdoutFraction, learners);
    }

    /** Classification over {a, b} with named features x, y, z: a logistic learner. */
    static PipelineDefinition classification(String name) {
        Map<String, Supplier<OnlineModel>> learners = new LinkedHashMap<>();
        learners.put("logistic", () -> LinearModel.create(new LinearOptions(DIMENSION, 2, 0.0, 0.01,
                new LinearOptimizerOptions.Sgd(0.05, LinearOptimizerOptions.Schedule.CONSTANT, 0.25), 0.0, 1L)));
        return definition(name, RecordSchema.of(DIMENSION, List.of("x", "y", "z"), List.of("a", "b")), 0.0, learners);
    }

    static PipelineDefinition withLearners(String name, Map<String, Supplier<OnlineModel>> learners) {
        return definition(name, RecordSchema.regression(DIMENSION), 0.0, learners);
    }

    private static PipelineDefinition definition(String name, RecordSchema schema, double holdoutFraction,
                                                 Map<String, Supplier<OnlineModel>> learners) {
        return new PipelineDefinition(new PipelineBlueprint(name, schema, false,
                new EvaluationSettings(holdoutFraction, 50, 10, 50), learners), Topic.ofBytes(name + ".features"),
                Topic.ofBytes(name + ".predictions"), Topic.ofBytes(name + ".dlq"));
    }
}
