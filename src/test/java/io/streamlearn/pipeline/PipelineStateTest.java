package io.streamlearn.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamlearn.eval.EvaluationSettings;
import io.streamlearn.learn.OnlineModel;
import io.streamlearn.learn.drift.DriftAction;
import io.streamlearn.learn.drift.DriftOptions;
import io.streamlearn.vector.FeatureVector;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PipelineStateTest {

    private static final int D = 3;
    private static final EvaluationSettings SETTINGS = new EvaluationSettings(0.2, 64, 37, 50);
    private static final String GOLDEN = "/pipeline/pipeline-state-v1.bin";
    private static final String GOLDEN_V2 = "/pipeline/pipeline-state-v2.bin";

    private static double[][] xs;
    private static double[] ys;

    /** 3000 records, every 7th unlabeled; x on [5, 15)^3. */
    private static synchronized void data() {
        if (xs != null) {
            return;
        }
        Random random = new Random(11);
        xs = new double[3000][D];
        ys = new double[3000];
        for (int i = 0; i < xs.length; i++) {
            for (int j = 0; j < D; j++) {
                xs[i][j] = 5 + 10 * random.nextDouble();
            }
            ys[i] = i % 7 == 6 ? Double.NaN : xs[i][0] - 2 * xs[i][2] + random.nextGaussian();
        }
    }

    private static LinkedHashMap<String, OnlineModel> models(TinySgdRegressor a, TinySgdRegressor b) {
        LinkedHashMap<String, OnlineModel> m = new LinkedHashMap<>();
        m.put("fast", a);
        m.put("slow", b);
        return m;
    }

    private static void run(LearningPipeline p, int from, int to) {
        for (int i = from; i < to; i++) {
            p.process("r-" + i, FeatureVector.dense(xs[i]), ys[i]);
        }
    }

    /**
     * Snapshot after 1700 records, restore with round-tripped models, continue both: every
     * prediction and every statistic is bit-identical, and so is the final state.
     */
    @Test
    void restoredPipelineContinuesBitIdentically() throws IOException {
        data();
        TinySgdRegressor fast = new TinySgdRegressor(D, 0.01);
        TinySgdRegressor slow = new TinySgdRegressor(D, 0.001);
        LearningPipeline a = new LearningPipeline("p", D, 0, true, SETTINGS, models(fast, slow));
        run(a, 0, 1700);
        byte[] state = PipelineStateCodec.write(a);
        LearningPipeline b = PipelineStateCodec.restore(new LearningPipeline("p", D, 0, true, SETTINGS,
                models(TinySgdRegressor.fromBytes(fast.toBytes()), TinySgdRegressor.fromBytes(slow.toBytes()))), state);
        assertThat(PipelineStateCodec.write(b)).isEqualTo(state);
        for (String l : a.learnerNames()) {
            assertThat(b.stats(l)).isEqualTo(a.stats(l));
        }
        for (int i = 1700; i < 3000; i++) {
            StepResult ra = a.process("r-" + i, FeatureVector.dense(xs[i]), ys[i]);
            double fa = ra.prediction(0)[0];
            double sa = ra.prediction(1)[0];
            StepResult rb = b.process("r-" + i, FeatureVector.dense(xs[i]), ys[i]);
            assertThat(rb.split()).isEqualTo(ra.split());
            assertThat(Double.doubleToRawLongBits(rb.prediction(0)[0])).isEqualTo(Double.doubleToRawLongBits(fa));
            assertThat(Double.doubleToRawLongBits(rb.prediction(1)[0])).isEqualTo(Double.doubleToRawLongBits(sa));
            for (String l : a.learnerNames()) {
                assertThat(b.stats(l)).isEqualTo(a.stats(l)); // record equals: Double.compare per component
            }
        }
        assertThat(PipelineStateCodec.write(b)).isEqualTo(PipelineStateCodec.write(a));
        for (Split s : Split.values()) {
            assertThat(b.recordsSeen(s)).isEqualTo(a.recordsSeen(s));
        }
        assertThat(b.stats("fast").trainLoss()).isFinite();
        assertThat(b.stats("fast").holdoutLoss()).isFinite();
    }

    /** Learners are matched by name: a new learner starts empty, a removed one is dropped. */
    @Test
    void restoreMatchesLearnersByName() throws IOException {
        data();
        TinySgdRegressor fast = new TinySgdRegressor(D, 0.01);
        LearningPipeline a = new LearningPipeline("p", D, 0, true, SETTINGS, models(fast, new TinySgdRegressor(D, 0.001)));
        run(a, 0, 500);
        LinkedHashMap<String, OnlineModel> changed = new LinkedHashMap<>();
        changed.put("new", new TinySgdRegressor(D, 0.01));
        changed.put("fast", TinySgdRegressor.fromBytes(fast.toBytes()));
        LearningPipeline b = PipelineStateCodec.restore(new LearningPipeline("p", D, 0, true, SETTINGS, changed), PipelineStateCodec.write(a));
        assertThat(b.stats("fast")).isEqualTo(a.stats("fast"));
        assertThat(b.stats("new").prequentialLoss()).isNaN();
        assertThat(b.recordsSeen(Split.TRAIN)).isEqualTo(a.recordsSeen(Split.TRAIN));
    }

    @Test
    void refusesStateOfAnotherShapeOrFormat() {
        data();
        LearningPipeline a = new LearningPipeline("p", D, 0, true, SETTINGS,
                models(new TinySgdRegressor(D, 0.01), new TinySgdRegressor(D, 0.01)));
        run(a, 0, 100);
        byte[] state = PipelineStateCodec.write(a);
        assertThatThrownBy(() -> PipelineStateCodec.restore(new LearningPipeline("p", D, 0, false, SETTINGS,
                models(new TinySgdRegressor(D, 0.01), new TinySgdRegressor(D, 0.01))), state))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("standardize");
        byte[] future = state.clone();
        future[0] = 9;
        assertThatThrownBy(() -> PipelineStateCodec.restore(new LearningPipeline("p", D, 0, true, SETTINGS,
                models(new TinySgdRegressor(D, 0.01), new TinySgdRegressor(D, 0.01))), future))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("format 9");
        byte[] truncated = Arrays.copyOf(state, state.length / 2);
        assertThatThrownBy(() -> PipelineStateCodec.restore(new LearningPipeline("p", D, 0, true, SETTINGS,
                models(new TinySgdRegressor(D, 0.01), new TinySgdRegressor(D, 0.01))), truncated))
                .isInstanceOf(IllegalArgumentException.class);
    }

    /**
     * The golden state of format 1 (written by this code when the format was introduced, from the
     * first 1000 records with untrained models) reads back into the state the current code computes
     * for the same records, byte for byte; hand-checkable facts are asserted too.
     */
    @Test
    void goldenStateOfFormatOneReadsBack() throws IOException {
        data();
        LearningPipeline live = goldenScenario();
        byte[] golden;
        try (InputStream in = PipelineStateTest.class.getResourceAsStream(GOLDEN)) {
            assertThat(in).as("golden file " + GOLDEN).isNotNull();
            golden = in.readAllBytes();
        }
        assertThat(golden[0]).isEqualTo((byte) 1);
        LearningPipeline restored = PipelineStateCodec.restore(new LearningPipeline("p", D, 0, true, SETTINGS,
                models(new TinySgdRegressor(D, 0.01), new TinySgdRegressor(D, 0.001))), golden);
        // 1000 records, 142 unlabeled (i % 7 == 6)
        assertThat(restored.recordsSeen(Split.UNLABELED)).isEqualTo(142);
        assertThat(restored.recordsSeen(Split.TRAIN) + restored.recordsSeen(Split.HOLDOUT)).isEqualTo(858);
        assertThat(restored.standardizer().count()).isEqualTo(restored.recordsSeen(Split.TRAIN));
        assertThat(PipelineStateCodec.write(restored)).isEqualTo(PipelineStateCodec.write(live));
        assertThat(golden).isEqualTo(PipelineStateCodec.write(live));
    }

    private static LearningPipeline goldenScenario() {
        LearningPipeline p = new LearningPipeline("p", D, 0, true, SETTINGS,
                models(new TinySgdRegressor(D, 0.01), new TinySgdRegressor(D, 0.001)));
        run(p, 0, 1000);
        return p;
    }

    /** The format 1 scenario with drift detection on both learners (ADWIN, none; Page-Hinkley, reset). */
    private static LearningPipeline goldenScenarioV2() {
        LearningPipeline p = new LearningPipeline("p", D, 0, true, SETTINGS,
                models(new TinySgdRegressor(D, 0.01), new TinySgdRegressor(D, 0.001)));
        withDrift(p);
        run(p, 0, 1000);
        return p;
    }

    private static void withDrift(LearningPipeline p) {
        p.monitorDrift("fast", new DriftOptions(DriftOptions.AdwinOptions.DEFAULT, DriftAction.NONE),
                () -> new TinySgdRegressor(D, 0.01));
        p.monitorDrift("slow", new DriftOptions(DriftOptions.PageHinkleyOptions.DEFAULT, DriftAction.RESET),
                () -> new TinySgdRegressor(D, 0.001));
    }

    /**
     * Format 2 (drift detection: each monitored learner's detector after the evaluators) reads back
     * byte for byte; a format 1 state restores into a pipeline with drift detection, detectors fresh.
     */
    @Test
    void goldenStateOfFormatTwoReadsBackAndFormatOneStartsDetectorsFresh() throws IOException {
        data();
        LearningPipeline live = goldenScenarioV2();
        byte[] golden;
        try (InputStream in = PipelineStateTest.class.getResourceAsStream(GOLDEN_V2)) {
            assertThat(in).as("golden file " + GOLDEN_V2).isNotNull();
            golden = in.readAllBytes();
        }
        assertThat(golden[0]).isEqualTo((byte) 2);
        assertThat(golden).isEqualTo(PipelineStateCodec.write(live));
        LearningPipeline restored = new LearningPipeline("p", D, 0, true, SETTINGS,
                models(new TinySgdRegressor(D, 0.01), new TinySgdRegressor(D, 0.001)));
        withDrift(restored);
        PipelineStateCodec.restore(restored, golden);
        assertThat(PipelineStateCodec.write(restored)).isEqualTo(golden);

        byte[] v1 = PipelineStateCodec.write(goldenScenario());
        assertThat(v1[0]).isEqualTo((byte) 1);
        LearningPipeline fromV1 = new LearningPipeline("p", D, 0, true, SETTINGS,
                models(new TinySgdRegressor(D, 0.01), new TinySgdRegressor(D, 0.001)));
        withDrift(fromV1);
        PipelineStateCodec.restore(fromV1, v1);
        assertThat(fromV1.slot("fast").driftDetections()).isZero();
        assertThat(((LearnerDrift) fromV1.slots().get(0).drift).detector.count()).isZero();
        assertThat(fromV1.recordsSeen(Split.TRAIN)).isEqualTo(live.recordsSeen(Split.TRAIN));
        // and a stored drift slot of a learner no longer monitored is skipped
        LearningPipeline unmonitored = PipelineStateCodec.restore(new LearningPipeline("p", D, 0, true, SETTINGS,
                models(new TinySgdRegressor(D, 0.01), new TinySgdRegressor(D, 0.001))), golden);
        byte[] stripped = PipelineStateCodec.write(unmonitored);
        assertThat(stripped[0]).isEqualTo((byte) 1);
        // format 2 is format 1 plus the drift section: the rest is the same bytes
        assertThat(Arrays.copyOfRange(stripped, 1, stripped.length))
                .isEqualTo(Arrays.copyOfRange(golden, 1, stripped.length));
    }

    /**
     * Rewrites the golden file; run only when a new format version is introduced (then add a new
     * file, keep the old one and its test): {@code java -cp target/test-classes:target/classes
     * io.streamlearn.pipeline.PipelineStateTest src/test/resources}.
     */
    public static void main(String[] args) throws IOException {
        data();
        Path file = Path.of(args[0] + GOLDEN);
        Files.createDirectories(file.getParent());
        if (args.length > 1 && args[1].equals("v2")) {
            // format 2, added with drift detection
            Path v2 = Path.of(args[0] + GOLDEN_V2);
            Files.write(v2, PipelineStateCodec.write(goldenScenarioV2()));
            return;
        }
        Files.write(file, PipelineStateCodec.write(goldenScenario()));
    }
}
