package io.streamlearn.eval;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamlearn.learn.AdamWOptions;
import io.streamlearn.learn.LinearModel;
import io.streamlearn.learn.LinearOptimizerOptions;
import io.streamlearn.learn.LinearOptions;
import io.streamlearn.learn.Mlp;
import io.streamlearn.learn.MlpOptions;
import io.streamlearn.learn.OnlineModel;
import io.streamlearn.learn.RunningStandardizer;
import io.streamlearn.vector.FeatureVector;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The reservoir figures are those of the current model over every row of the reservoir, whatever
 * way the model predicts them (the MLP in batches): checked bit for bit against a direct
 * recomputation, one {@code predict} per row, in row order.
 */
class ReservoirScorerTest {

    private static final AdamWOptions ADAMW = new AdamWOptions(0.01, 0.9, 0.999, 1e-8, 0.01);
    private static final int D = 4;

    @Test
    void regressionLossEqualsADirectRecomputation() {
        for (int size : new int[] {1, 31, 32, 1000, 999}) {
            for (boolean layerNorm : new boolean[] {false, true}) {
                OnlineModel mlp = Mlp.create(new MlpOptions(D, new int[] {16, 8}, 0, 0.1, 32, ADAMW, 1.0, layerNorm,
                        false, 0.0, 0.0, 0.0, 7L));
                OnlineModel linear = LinearModel.create(new LinearOptions(D, 0, 0.01, 0.0,
                        new LinearOptimizerOptions.Sgd(0.01, LinearOptimizerOptions.Schedule.CONSTANT, 0.25), 0.0, 1L));
                OnlineModel ftrl = LinearModel.create(new LinearOptions(D, 0, 0.05, 0.01,
                        new LinearOptimizerOptions.Ftrl(0.2, 1.0), 0.0, 1L));
                checkAgainstDirect(size, 0, List.of(mlp, linear, ftrl), true);
            }
        }
    }

    @Test
    void classificationLossAndAccuracyEqualADirectRecomputation() {
        OnlineModel mlp = Mlp.create(new MlpOptions(D, new int[] {8}, 3, 0.0, 16, ADAMW, 1.0, true, false, 0.1,
                0.0, 0.0, 3L));
        checkAgainstDirect(1000, 3, List.of(mlp), false);
        checkAgainstDirect(45, 3, List.of(mlp), true);
        OnlineModel ftrl = LinearModel.create(new LinearOptions(D, 3, 0.01, 0.0, new LinearOptimizerOptions.Ftrl(0.5, 1.0),
                0.0, 2L));
        checkAgainstDirect(1000, 3, List.of(ftrl), true);
    }

    private static void checkAgainstDirect(int size, int classes, List<OnlineModel> models, boolean standardize) {
        Random random = new Random(size * 31L + classes);
        RecentRecords records = new RecentRecords(1000, D);
        RunningStandardizer standardizer = standardize ? new RunningStandardizer(D) : null;
        for (int i = 0; i < size + 500; i++) {
            double[] x = new double[D];
            for (int j = 0; j < D; j++) {
                x[j] = random.nextGaussian() * (j + 1) + j;
            }
            double y = classes == 0 ? x[0] - 2 * x[1] + random.nextGaussian() : random.nextInt(classes);
            if (standardizer != null) {
                standardizer.update(x);
            }
            for (OnlineModel m : models) {
                m.train(FeatureVector.dense(x), y); // every model has taken steps: the scores are of a trained model
            }
            if (i >= 500) {
                records.add(FeatureVector.dense(x), y);
            }
        }
        ReservoirScorer scorer = new ReservoirScorer(1000, D, classes);
        scorer.load(records, standardizer);
        for (OnlineModel m : models) {
            scorer.score(m);
            double loss = 0;
            double hits = 0;
            double[] z = new double[D];
            double[] out = new double[classes == 0 ? 1 : classes];
            for (int i = 0; i < records.size(); i++) {
                double[] x = records.row(i).denseValues();
                if (standardizer != null) {
                    standardizer.transform(x, z);
                    x = z;
                }
                m.predict(FeatureVector.dense(x), out);
                loss += Losses.loss(classes, out, records.label(i));
                hits += classes > 0 ? Losses.hit(out, records.label(i)) : 0;
            }
            assertThat(records.size()).isEqualTo(size);
            assertThat(scorer.loss()).as("%s over %d rows", m.getClass().getSimpleName(), size).isEqualTo(loss / size);
            if (classes > 0) {
                assertThat(scorer.accuracy()).isEqualTo(hits / size);
            }
        }
    }
}
