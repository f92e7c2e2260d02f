package io.streamlearn.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamlearn.eval.EvaluationSettings;
import io.streamlearn.eval.LearnerStats;
import io.streamlearn.eval.RecentRecords;
import io.streamlearn.eval.ReservoirScorer;
import io.streamlearn.learn.AdamWOptions;
import io.streamlearn.learn.LinearModel;
import io.streamlearn.learn.LinearOptimizerOptions;
import io.streamlearn.learn.LinearOptions;
import io.streamlearn.learn.Mlp;
import io.streamlearn.learn.MlpOptions;
import io.streamlearn.learn.ModelPath;
import io.streamlearn.learn.OnlineModel;
import io.streamlearn.learn.TargetStandardizedModel;
import io.streamlearn.spec.SpecParser;
import io.streamlearn.vector.FeatureVector;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A rescore's train and holdout figures are computed only when read, yet are those of the model at
 * that rescore over that rescore's reservoirs, bit for bit: checked against a direct recomputation
 * of the live model at the rescore, read after the models have trained on.
 */
class DeferredRescoreTest {

    private static final int D = 4;
    private static final int EVERY = 50;

    @Test
    void figuresReadLaterAreThoseOfTheModelAtTheRescore() {
        LinkedHashMap<String, OnlineModel> models = new LinkedHashMap<>();
        models.put("mlp", new TargetStandardizedModel(Mlp.create(new MlpOptions(D, new int[] {8, 4}, 0, 0.1, 8,
                new AdamWOptions(0.01, 0.9, 0.999, 1e-8, 0.01), 1.0, false, false, 0.0, 0.0, 0.0, 5L))));
        models.put("ridge", LinearModel.create(new LinearOptions(D, 0, 0.01, 0.0,
                new LinearOptimizerOptions.Sgd(0.01, LinearOptimizerOptions.Schedule.CONSTANT, 0.25), 0.0, 1L)));
        LearningPipeline p = new LearningPipeline("p", D, 0, true, new EvaluationSettings(0.2, 300, EVERY, 100),
                models);
        Random random = new Random(3);
        int seen = 0;
        for (int rescore = 1; rescore <= 12; rescore++) {
            while (seen < rescore * EVERY) {
                process(p, random, seen++);
            }
            double[][] expected = new double[2][];
            int l = 0;
            for (String learner : models.keySet()) {
                OnlineModel m = p.model(learner);
                expected[l++] = new double[] {direct(p, m, p.trainRecords), direct(p, m, p.holdoutRecords)};
            }
            // the models train on (but not up to the next rescore); the figures read now are the rescore's
            for (int k = 0; k < rescore % 3 * 17; k++) {
                process(p, random, seen++);
            }
            l = 0;
            for (String learner : models.keySet()) {
                assertThat(p.stats(learner).trainLoss()).as("%s train at rescore %d", learner, rescore)
                        .isEqualTo(expected[l][0]);
                assertThat(p.stats(learner).holdoutLoss()).as("%s holdout at rescore %d", learner, rescore)
                        .isEqualTo(expected[l][1]);
                l++;
            }
        }
    }

    /** A λ path's members: holdout scored at once (it picks the champion), train when read, the champion's the learner's. */
    @Test
    void pathMembersTrainFiguresReadLaterAreThoseOfTheRescore() throws Exception {
        LearningPipeline p = PipelineBlueprint.of(SpecParser.parse(String.join("\n",
                "name: p", "input: in", "output: out", "task: regression",
                "features: {dimension: 4, standardize: true}",
                "evaluation: {holdoutFraction: 0.2, reservoir: 300, every: 50}",
                "learners:",
                "  - {name: lasso, type: linear, l1: [0.001, 0.01, 0.1, 1.0], optimizer: {name: ftrl, alpha: 0.2, beta: 1.0}}",
                ""), "test")).newPipeline();
        ModelPath path = (ModelPath) p.model("lasso");
        Random random = new Random(8);
        int seen = 0;
        for (int rescore = 1; rescore <= 20; rescore++) {
            while (seen < rescore * EVERY) {
                process(p, random, seen++);
            }
            double[] expected = new double[path.size()];
            for (int k = 0; k < path.size(); k++) {
                expected[k] = direct(p, path.member(k), p.trainRecords);
            }
            int champion = path.champion();
            for (int k = 0; k < rescore % 4 * 11; k++) {
                process(p, random, seen++);
            }
            List<LearnerStats> members = p.slot("lasso").memberStats();
            for (int k = 0; k < path.size(); k++) {
                assertThat(members.get(k).trainLoss()).as("member %d train at rescore %d", k, rescore)
                        .isEqualTo(expected[k]);
            }
            assertThat(p.stats("lasso").trainLoss()).as("champion's train at rescore %d", rescore)
                    .isEqualTo(expected[champion]);
        }
    }

    @Test
    void storedStateHoldsTheFiguresOfTheLastRescore() {
        LinkedHashMap<String, OnlineModel> a = new LinkedHashMap<>();
        a.put("mlp", Mlp.create(new MlpOptions(D, new int[] {8}, 0, 0.0, 4,
                new AdamWOptions(0.01, 0.9, 0.999, 1e-8, 0.01), 1.0, false, false, 0.0, 0.0, 0.0, 9L)));
        LearningPipeline p = new LearningPipeline("p", D, 0, true, new EvaluationSettings(0.2, 300, EVERY, 100), a);
        Random random = new Random(4);
        for (int i = 0; i < 3 * EVERY; i++) {
            process(p, random, i);
        }
        double train = direct(p, p.model("mlp"), p.trainRecords);
        for (int i = 3 * EVERY; i < 3 * EVERY + 30; i++) {
            process(p, random, i);
        }
        byte[] state = PipelineStateCodec.write(p);
        LinkedHashMap<String, OnlineModel> b = new LinkedHashMap<>();
        b.put("mlp", p.model("mlp"));
        LearningPipeline restored = PipelineStateCodec.restore(
                new LearningPipeline("p", D, 0, true, new EvaluationSettings(0.2, 300, EVERY, 100), b), state);
        assertThat(restored.stats("mlp").trainLoss()).isEqualTo(train);
        assertThat(p.stats("mlp").trainLoss()).isEqualTo(train);
    }

    private static void process(LearningPipeline p, Random random, int i) {
        double[] x = new double[D];
        for (int j = 0; j < D; j++) {
            x[j] = random.nextGaussian() * (j + 1);
        }
        p.process("r-" + i, FeatureVector.dense(x), x[0] - 2 * x[1] + Math.sin(x[2]) + 0.1 * random.nextGaussian());
    }

    /** The live model's mean loss over the reservoir now (ReservoirScorerTest: the same as one predict per row). */
    private static double direct(LearningPipeline p, OnlineModel model, RecentRecords records) {
        ReservoirScorer scorer = new ReservoirScorer(300, D, 0);
        scorer.load(records, p.standardizer());
        scorer.score(model);
        return scorer.loss();
    }
}
