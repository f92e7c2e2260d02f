package io.streamlearn.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.streamlearn.eval.EvaluationSettings;
import io.streamlearn.learn.LinearModel;
import io.streamlearn.learn.LinearOptimizerOptions;
import io.streamlearn.learn.LinearOptions;
import io.streamlearn.learn.OnlineModel;
import io.streamlearn.pipeline.LearningPipeline;
import io.streamlearn.pipeline.PipelineBlueprint;
import io.streamlearn.record.RecordSchema;
import io.streamlearn.vector.FeatureVector;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** Learner readings over keys: means of what has a value, sums of counts, merged across tasks. */
class KeyAggregateTest {

    private static final PipelineBlueprint BLUEPRINT;

    static {
        Map<String, Supplier<OnlineModel>> learners = new LinkedHashMap<>();
        learners.put("ridge", () -> LinearModel.create(new LinearOptions(2, 0, 0.0, 0.01,
                new LinearOptimizerOptions.Sgd(0.05, LinearOptimizerOptions.Schedule.CONSTANT, 0.25), 0.0, 1L)));
        BLUEPRINT = new PipelineBlueprint("p", RecordSchema.regression(2), false, new EvaluationSettings(0.0, 10, 5, 10),
                learners);
    }

    @Test
    void meansOverTheKeysThatHaveAValueAndSumsOfCounts() {
        LearningPipeline trained = BLUEPRINT.newPipeline();
        for (int i = 0; i < 20; i++) {
            trained.process("r" + i, FeatureVector.dense(new double[] {i % 3, 1}), i % 3);
        }
        LearningPipeline fresh = BLUEPRINT.newPipeline();
        KeyAggregate one = new KeyAggregate(List.of("ridge"));
        one.add(trained);
        KeyAggregate other = new KeyAggregate(List.of("ridge"));
        other.add(fresh);
        other.add(trained);
        KeyAggregate all = new KeyAggregate(List.of("ridge"));
        all.addAll(one);
        all.addAll(other);

        assertThat(all.keys()).isEqualTo(3);
        PipelineMonitor.LearnerSnapshot mean = all.snapshots().get(0);
        PipelineMonitor.LearnerSnapshot alone = PipelineMonitor.LearnerSnapshot.of(trained).get(0);
        // the fresh key has no prequential loss yet: the mean is over the two trained keys
        assertThat(Double.isNaN(PipelineMonitor.LearnerSnapshot.of(fresh).get(0).stats().prequentialLoss())).isTrue();
        assertThat(mean.stats().prequentialLoss()).isCloseTo(alone.stats().prequentialLoss(), within(1e-15));
        // norms have a value for every key (0 for the fresh one)
        assertThat(mean.weightsL2()).isCloseTo(alone.weightsL2() * 2 / 3, within(1e-12));
        assertThat(mean.stats().updates()).isEqualTo(2 * alone.stats().updates());
        assertThat(mean.weightCount()).isEqualTo(3 * alone.weightCount());
        assertThat(new KeyAggregate(List.of("ridge")).snapshots()).isEmpty();
    }

    @Test
    void aKeysReadingTakenOutLeavesTheAggregateOfTheOthers() {
        LearningPipeline a = BLUEPRINT.newPipeline();
        LearningPipeline b = BLUEPRINT.newPipeline();
        for (int i = 0; i < 20; i++) {
            a.process("a" + i, FeatureVector.dense(new double[] {i % 3, 1}), i % 3);
            b.process("b" + i, FeatureVector.dense(new double[] {1, i % 5}), 2 * (i % 5));
        }
        KeyAggregate.KeyReading before = KeyAggregate.readingOf(a);
        KeyAggregate kept = new KeyAggregate(List.of("ridge"));
        kept.add(before);
        kept.add(KeyAggregate.readingOf(b));
        // a takes more records: its old reading out, its new one in
        for (int i = 20; i < 30; i++) {
            a.process("a" + i, FeatureVector.dense(new double[] {i % 3, 1}), i % 3);
        }
        kept.remove(before);
        kept.add(KeyAggregate.readingOf(a));
        KeyAggregate fresh = new KeyAggregate(List.of("ridge"));
        fresh.add(a);
        fresh.add(b);

        assertThat(kept.keys()).isEqualTo(2);
        PipelineMonitor.LearnerSnapshot k = kept.snapshots().get(0);
        PipelineMonitor.LearnerSnapshot f = fresh.snapshots().get(0);
        assertThat(k.stats().updates()).isEqualTo(f.stats().updates()).isEqualTo(a.model("ridge").updates()
                + b.model("ridge").updates());
        assertThat(k.nonZeroWeights()).isEqualTo(f.nonZeroWeights());
        // the sums differ from a fresh sum by the rounding of one subtraction at most
        assertThat(k.stats().prequentialLoss()).isCloseTo(f.stats().prequentialLoss(),
                within(1e-12 * f.stats().prequentialLoss()));
        assertThat(k.weightsL2()).isCloseTo(f.weightsL2(), within(1e-12 * f.weightsL2()));
        // copies do not follow the original
        KeyAggregate copy = kept.copy();
        kept.clear();
        assertThat(kept.keys()).isZero();
        assertThat(kept.snapshots()).isEmpty();
        assertThat(copy.keys()).isEqualTo(2);
    }
}
