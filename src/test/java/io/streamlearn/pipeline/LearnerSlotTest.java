package io.streamlearn.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamlearn.vector.FeatureVector;
import io.streamlearn.learn.ModelPath;
import io.streamlearn.spec.SpecException;
import io.streamlearn.spec.SpecParser;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** A pipeline's learners as slots: which kind each is, what a slot without a path or drift answers. */
class LearnerSlotTest {

    private static final String SPEC = "name: p\ninput: a\noutput: b\nfeatures: {dimension: 3, standardize: true}\n"
            + "evaluation: {holdoutFraction: 0.2, reservoir: 200, every: 50, window: 100}\nlearners:\n"
            + "  - {name: lasso, type: linear, l1: [0.3, 0.001, 0.03], select: prequential}\n"
            + "  - {name: ridge, type: linear, l2: 0.01, drift: {detector: adwin, action: challenger}}\n"
            + "  - {name: plain, type: linear, l2: 0.01}\n";

    private static LearningPipeline pipeline() throws SpecException {
        return PipelineBlueprint.of(SpecParser.parse(SPEC, "t")).newPipeline();
    }

    @Test
    void slotsAreTheLearnersInOutputOrderEachWithItsOwnParts() throws SpecException {
        LearningPipeline p = pipeline();
        assertThat(p.slots()).extracting(LearnerSlot::name).containsExactlyElementsOf(p.learnerNames());
        LearnerSlot lasso = p.slot("lasso");
        LearnerSlot ridge = p.slot("ridge");
        LearnerSlot plain = p.slot("plain");
        assertThat(lasso).isInstanceOf(PathSlot.class);
        assertThat(lasso.model()).isInstanceOf(ModelPath.class).isSameAs(p.model("lasso"));
        assertThat(lasso.selectsByPrequential()).isTrue();
        assertThat(lasso.memberStats()).hasSize(3);
        assertThat(ridge.isPath()).isFalse();
        assertThat(ridge.monitorsDrift()).isTrue();
        assertThat(plain.monitorsDrift()).isFalse();
        assertThat(plain.drift).isSameAs(DriftMonitoring.NONE);
        assertThat(plain.memberStats()).isEmpty();
        assertThat(plain.pathSwitches()).isZero();
        assertThat(plain.driftDetections()).isZero();
        assertThatThrownBy(plain::selectByPrequential).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("learner plain is not a regularization path");
        assertThatThrownBy(() -> p.slot("nope")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("pipeline p has no learner nope");
    }

    /**
     * A record's predictions carry, per learner, its prediction, then a path's 3 members, then a
     * challenger's (NaN while none runs): lasso 1 + 3, ridge 1 + 1, plain 1 values; a set of another width is refused
     * before anything is learned.
     */
    @Test
    void predictionsThenHoldEachSlotsPartAndAnotherWidthIsRefused() throws SpecException {
        LearningPipeline p = pipeline();
        Random random = new Random(3);
        for (int i = 0; i < 120; i++) {
            double[] x = {random.nextGaussian(), random.nextGaussian(), random.nextGaussian()};
            p.process("r-" + i, FeatureVector.dense(x), x[0] - x[2]);
        }
        FeatureVector x = FeatureVector.dense(new double[] {0.5, -1, 2});
        StepResult r = p.predict("late", x);
        PredictionsThen then = p.predictionsThen();
        assertThat(then.values()).hasSize(7);
        assertThat(then.values()[0]).isEqualTo(r.prediction(0)[0]);
        ModelPath path = (ModelPath) p.model("lasso");
        assertThat(then.values()[1 + path.champion()]).isEqualTo(r.prediction(0)[0]);
        assertThat(then.values()[4]).isEqualTo(r.prediction(1)[0]);
        assertThat(then.values()[5]).isNaN(); // no challenger before a drift
        assertThat(then.values()[6]).isEqualTo(r.prediction(2)[0]);
        assertThat(then.versions()).containsExactly(r.version(0), r.version(1), r.version(2));

        long seen = p.recordsSeen(Split.TRAIN) + p.recordsSeen(Split.HOLDOUT);
        PredictionsThen wide = new PredictionsThen(Arrays.copyOf(then.values(), 8), then.versions());
        assertThatThrownBy(() -> p.learnDelayed("late", x, 1.0, wide)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the predictions of record late do not fit pipeline p");
        assertThat(p.recordsSeen(Split.TRAIN) + p.recordsSeen(Split.HOLDOUT)).isEqualTo(seen);
        p.learnDelayed("late", x, 1.0, then);
        assertThat(p.recordsSeen(Split.TRAIN) + p.recordsSeen(Split.HOLDOUT)).isEqualTo(seen + 1);
        assertThat(p.stats("plain").prequentialLoss()).isFinite();
    }
}
