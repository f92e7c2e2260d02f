package io.streamlearn.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.streamlearn.learn.LinearModel;
import io.streamlearn.learn.ModelCodec;
import io.streamlearn.learn.ModelPath;
import io.streamlearn.learn.OnlineModel;
import io.streamlearn.spec.LearnerSpec;
import io.streamlearn.spec.SpecException;
import io.streamlearn.spec.SpecParser;
import io.streamlearn.spec.TopologySpec;
import io.streamlearn.vector.FeatureVector;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** A learner with a list of l1 / l2 values: spec, members, champion rule, stored state. */
class RegularizationPathTest {

    private static final String BASE = "name: p\ninput: a\noutput: b\nfeatures: {dimension: 3, standardize: true}\n"
            + "evaluation: {holdoutFraction: 0.2, reservoir: 200, every: 50, window: 100}\nlearners:\n";
    private static final String PATH = "  - name: lasso\n    type: linear\n    l1: [0.3, 0.001, 0.03]\n"
            + "    optimizer: {name: ftrl, alpha: 0.2}\n  - {name: ridge, type: linear, l2: 0.01}\n";

    private static List<String> errors(String yaml) {
        return catchThrowableOfType(SpecException.class, () -> SpecParser.parse(yaml, "t.yaml")).errors();
    }

    private static double[][] xs;
    private static double[] ys;

    private static synchronized void data() {
        if (xs != null) {
            return;
        }
        Random random = new Random(5);
        xs = new double[3000][3];
        ys = new double[3000];
        for (int i = 0; i < xs.length; i++) {
            for (int j = 0; j < 3; j++) {
                xs[i][j] = random.nextGaussian();
            }
            ys[i] = i % 11 == 10 ? Double.NaN : 2 * xs[i][0] - xs[i][1] + 0.3 * random.nextGaussian();
        }
    }

    @Test
    void aListMakesOneMemberPerValueInSpecOrder() throws SpecException {
        TopologySpec spec = SpecParser.parse(BASE + PATH
                + "  - {name: grid, type: linear, l1: [0.1, 0.2], l2: [0, 1, 2], select: prequential}\n", "t");
        LearnerSpec.Linear lasso = (LearnerSpec.Linear) spec.learner("lasso");
        assertThat(lasso.isPath()).isTrue();
        assertThat(lasso.l1()).isEqualTo(0.3);
        ModelPath path = (ModelPath) lasso.newModel(3, 0);
        assertThat(path.labels()).containsExactly("0.3", "0.001", "0.03");
        assertThat(path.penalties(1)).isEqualTo(Map.of("l1", 0.001));
        assertThat(((LinearModel) path.member(2)).options().l1()).isEqualTo(0.03);
        assertThat(path.champion()).isZero();
        ModelPath grid = (ModelPath) spec.learner("grid").newModel(3, 0);
        assertThat(grid.labels()).containsExactly("l1=0.1,l2=0", "l1=0.1,l2=1", "l1=0.1,l2=2", "l1=0.2,l2=0",
                "l1=0.2,l2=1", "l1=0.2,l2=2");
        assertThat(((LearnerSpec.Linear) spec.learner("grid")).select()).isEqualTo(LearnerSpec.PathSelection.PREQUENTIAL);
        assertThat(spec.learner("ridge").newModel(3, 0)).isInstanceOf(LinearModel.class);
    }

    @Test
    void pathsAreBoundedAndChecked() {
        assertThat(errors(BASE
                + "  - {name: a, type: linear, l1: [0.1, 0.1, -1, x]}\n"
                + "  - {name: b, type: linear, l1: [1, 2, 3, 4, 5], l2: [1, 2, 3, 4]}\n"
                + "  - {name: c, type: linear, l1: [], select: holdout}\n"
                + "  - {name: d, type: linear, l2: 0.1, select: holdout}\n"
                + "  - {name: e, type: linear, l1: [0.1, 0.2], select: best, drift: {detector: adwin, action: reset}}\n"
                + "  - {name: f, type: mlp, hidden: [2], select: holdout}\n"
                + "  - {name: g, type: linear, l1: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16]}\n"))
                .containsExactly(
                        "learners[0].l1[1]: repeats 0.1",
                        "learners[0].l1[2]: must be a number >= 0, got the number -1",
                        "learners[0].l1[3]: must be a number >= 0, got the string 'x'",
                        "learners[1].l2: a regularization path has at most 16 members, got 20 (l1 x l2)",
                        "learners[2].l1: a list of 1 to 16 values, got 0",
                        "learners[3].select: only with a list of l1 or l2 values (a regularization path)",
                        "learners[4].select: must be holdout or prequential, got 'best'",
                        "learners[4].drift.action: must be none on a regularization path (a reset or challenger "
                                + "would restart its members apart from their evaluators)",
                        "learners[5].select: only for linear learners with a list of l1 or l2 values (a regularization path)",
                        "learners[6].l1: a list of 1 to 16 values, got 17");
    }

    /** A pipeline of the spec, run over records [from, to); returns its predictions of lasso. */
    private static double[] run(LearningPipeline p, int from, int to) {
        double[] predictions = new double[to - from];
        for (int i = from; i < to; i++) {
            StepResult r = p.process("r-" + i, FeatureVector.dense(xs[i]), ys[i]);
            predictions[i - from] = r.prediction(0)[0];
        }
        return predictions;
    }

    @Test
    void theChampionPredictsAndIsRechosenWithHysteresis() throws SpecException {
        data();
        PipelineBlueprint blueprint = PipelineBlueprint.of(SpecParser.parse(BASE + PATH, "t"));
        LearningPipeline p = blueprint.newPipeline();
        ModelPath path = (ModelPath) p.model("lasso");
        StepResult first = p.process("r-0", FeatureVector.dense(xs[0]), ys[0]);
        assertThat(first.champion(0)).isEqualTo(Map.of("l1", 0.3));
        assertThat(first.champion(1)).isNull();
        run(p, 1, 3000);
        // 0.3 shrinks the coefficients (2, -1) visibly; 0.001 and 0.03 are within noise of each other
        assertThat(path.labels().get(path.champion())).isIn("0.001", "0.03");
        assertThat(p.slot("lasso").pathSwitches()).isBetween(1L, 3L);
        List<io.streamlearn.eval.LearnerStats> members = p.slot("lasso").memberStats();
        assertThat(members).hasSize(3);
        int c = path.champion();
        assertThat(p.stats("lasso").holdoutLoss()).isEqualTo(members.get(c).holdoutLoss());
        assertThat(p.stats("lasso").trainLoss()).isEqualTo(members.get(c).trainLoss());
        double[] out = new double[1];
        double[] member = new double[1];
        path.predict(FeatureVector.dense(xs[5]), out);
        path.member(c).predict(FeatureVector.dense(xs[5]), member);
        assertThat(out[0]).isEqualTo(member[0]);
        assertThat(path.updates()).isEqualTo(path.member(0).updates());
    }

    @Test
    void theRuleSwitchesOnlyAfterTwoConfirmingRescores() {
        LearnerPath rule = new LearnerPath(2, 1, 10, 0, false);
        ModelPath path = new ModelPath(List.of("l1"), new double[][] {{0.1}, {0.2}},
                List.of(tiny(), tiny()));
        rule.evaluators[0].setHoldoutScore(1.0, Double.NaN);
        rule.evaluators[1].setHoldoutScore(0.995, Double.NaN);
        assertThat(rule.rechoose(path)).as("within the 1% margin").isFalse();
        rule.evaluators[1].setHoldoutScore(0.98, Double.NaN);
        assertThat(rule.rechoose(path)).as("first confirmation").isFalse();
        rule.evaluators[1].setHoldoutScore(0.995, Double.NaN);
        assertThat(rule.rechoose(path)).as("not confirmed: the count starts afresh").isFalse();
        rule.evaluators[1].setHoldoutScore(0.98, Double.NaN);
        assertThat(rule.rechoose(path)).isFalse();
        assertThat(rule.rechoose(path)).as("second consecutive confirmation").isTrue();
        assertThat(path.champion()).isEqualTo(1);
        assertThat(rule.switches).isEqualTo(1);
        // while the champion's loss is unknown the first known one takes over at once
        LearnerPath fresh = new LearnerPath(2, 1, 10, 0, false);
        ModelPath other = new ModelPath(List.of("l1"), new double[][] {{0.1}, {0.2}}, List.of(tiny(), tiny()));
        fresh.evaluators[1].setHoldoutScore(3.0, Double.NaN);
        assertThat(fresh.rechoose(other)).isTrue();
        assertThat(other.champion()).isEqualTo(1);
    }

    private static OnlineModel tiny() {
        return LinearModel.create(new io.streamlearn.learn.LinearOptions(3, 0, 0, 0,
                new io.streamlearn.learn.LinearOptimizerOptions.Ftrl(0.1, 1), 0, 42));
    }

    @Test
    void stateWithAPathIsFormat3AndContinuesBitIdentically() throws SpecException {
        data();
        PipelineBlueprint blueprint = PipelineBlueprint.of(SpecParser.parse(BASE + PATH, "t"));
        LearningPipeline a = blueprint.newPipeline();
        run(a, 0, 1700);
        byte[] state = PipelineStateCodec.write(a);
        assertThat(state[0]).isEqualTo((byte) 3);
        LinkedHashMap<String, OnlineModel> models = new LinkedHashMap<>();
        for (String l : a.learnerNames()) {
            models.put(l, ModelCodec.copy(a.model(l)));
        }
        LearningPipeline b = blueprint.restorePipeline(models, state);
        assertThat(PipelineStateCodec.write(b)).isEqualTo(state);
        assertThat(b.slot("lasso").memberStats()).isEqualTo(a.slot("lasso").memberStats());
        assertThat(((ModelPath) b.model("lasso")).champion()).isEqualTo(((ModelPath) a.model("lasso")).champion());
        assertThat(run(b, 1700, 3000)).isEqualTo(run(a, 1700, 3000));
        assertThat(ModelCodec.toBytes(b.model("lasso"))).isEqualTo(ModelCodec.toBytes(a.model("lasso")));
        assertThat(PipelineStateCodec.write(b)).isEqualTo(PipelineStateCodec.write(a));
        assertThat(b.slot("lasso").pathSwitches()).isEqualTo(a.slot("lasso").pathSwitches());

        // the same spec without the path writes format 1 again
        LearningPipeline plain = PipelineBlueprint.of(SpecParser.parse(BASE
                + "  - {name: lasso, type: linear, l1: 0.3}\n", "t")).newPipeline();
        run(plain, 0, 100);
        assertThat(PipelineStateCodec.write(plain)[0]).isEqualTo((byte) 1);
    }

    private static final String GOLDEN_V3 = "pipeline/pipeline-state-v3.bin";
    private static final String GOLDEN_PATH_MODEL = "pipeline/model-path-v1.bin";

    /**
     * The golden files of format 3 and of a path model's snapshot (written by this code when they
     * were introduced, from the first 1000 records of this class's data; regenerate only with
     * {@code -Dstreamlearn.golden.write=true} when adding a format, never to make a test pass)
     * read back into the state the current code computes, byte for byte.
     */
    @Test
    void goldenStateOfFormatThreeAndThePathSnapshotReadBack() throws Exception {
        data();
        PipelineBlueprint blueprint = PipelineBlueprint.of(SpecParser.parse(BASE + PATH, "t"));
        LearningPipeline live = blueprint.newPipeline();
        run(live, 0, 1000);
        byte[] state = PipelineStateCodec.write(live);
        byte[] model = ModelCodec.toBytes(live.model("lasso"));
        java.nio.file.Path dir = java.nio.file.Path.of("src/test/resources");
        if (Boolean.getBoolean("streamlearn.golden.write")) {
            java.nio.file.Files.write(dir.resolve(GOLDEN_V3), state);
            java.nio.file.Files.write(dir.resolve(GOLDEN_PATH_MODEL), model);
        }
        byte[] goldenState;
        byte[] goldenModel;
        try (var in = RegularizationPathTest.class.getResourceAsStream("/" + GOLDEN_V3);
             var m = RegularizationPathTest.class.getResourceAsStream("/" + GOLDEN_PATH_MODEL)) {
            assertThat(in).as(GOLDEN_V3).isNotNull();
            assertThat(m).as(GOLDEN_PATH_MODEL).isNotNull();
            goldenState = in.readAllBytes();
            goldenModel = m.readAllBytes();
        }
        assertThat(goldenState[0]).isEqualTo((byte) 3);
        assertThat(goldenState).isEqualTo(state);
        assertThat(goldenModel).isEqualTo(model);
        ModelPath path = (ModelPath) ModelCodec.fromBytes(goldenModel);
        assertThat(path.labels()).containsExactly("0.3", "0.001", "0.03");
        LinkedHashMap<String, OnlineModel> models = new LinkedHashMap<>();
        models.put("lasso", path);
        models.put("ridge", ModelCodec.copy(live.model("ridge")));
        LearningPipeline restored = blueprint.restorePipeline(models, goldenState);
        assertThat(PipelineStateCodec.write(restored)).isEqualTo(goldenState);
        assertThat(restored.slot("lasso").memberStats()).isEqualTo(live.slot("lasso").memberStats());
    }
}
