package io.streamlearn.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.streamlearn.eval.EvaluationSettings;
import io.streamlearn.eval.LearnerStats;
import io.streamlearn.eval.Losses;
import io.streamlearn.learn.OnlineModel;
import io.streamlearn.learn.RunningStandardizer;
import io.streamlearn.learn.TrainResult;
import io.streamlearn.vector.FeatureVector;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LearningPipelineTest {

    private static final int D = 3;

    /** A labeled regression stream: y = 2 x0 - x1 + 0.5 x2 + 3 + N(0, 0.1), x uniform on [5, 15)^3. */
    static final class Stream {
        private final Random random;
        double[] x = new double[D];
        double y;

        Stream(long seed) {
            random = new Random(seed);
        }

        void next() {
            x = new double[D];
            for (int j = 0; j < D; j++) {
                x[j] = 5 + 10 * random.nextDouble();
            }
            y = 2 * x[0] - x[1] + 0.5 * x[2] + 3 + 0.1 * random.nextGaussian();
        }
    }

    private static LinkedHashMap<String, OnlineModel> learners(OnlineModel... models) {
        LinkedHashMap<String, OnlineModel> map = new LinkedHashMap<>();
        for (int i = 0; i < models.length; i++) {
            map.put("m" + i, models[i]);
        }
        return map;
    }

    @Test
    void predictsBeforeTrainingAndTrainsOnlyOnTrainRecords() {
        TinySgdRegressor model = new TinySgdRegressor(D, 0.001);
        LearningPipeline p = new LearningPipeline("p", D, 0, false, new EvaluationSettings(0.3, 50, 20, 100),
                learners(model));
        Stream s = new Stream(1);
        double[] expected = new double[1];
        for (int i = 0; i < 500; i++) {
            s.next();
            boolean labeled = i % 5 != 0;
            model.predict(FeatureVector.dense(s.x), expected);
            long before = model.updates();
            StepResult r = p.process("r-" + i, FeatureVector.dense(s.x), labeled ? s.y : Double.NaN);
            // the prediction is the model's before this record
            assertThat(r.prediction(0)[0]).isEqualTo(expected[0]);
            assertThat(r.version(0)).isEqualTo(before);
            if (r.split() == Split.TRAIN) {
                assertThat(model.updates()).isEqualTo(before + 1);
                assertThat(r.trainResult(0)).isSameAs(TrainResult.STEPPED);
            } else {
                assertThat(model.updates()).isEqualTo(before);
                assertThat(r.trainResult(0)).isNull();
            }
            assertThat(r.split() == Split.UNLABELED).isEqualTo(!labeled);
        }
        assertThat(p.recordsSeen(Split.UNLABELED)).isEqualTo(100);
        assertThat(p.recordsSeen(Split.TRAIN) + p.recordsSeen(Split.HOLDOUT)).isEqualTo(400);
        assertThat(p.recordsSeen(Split.HOLDOUT)).isBetween(80L, 160L);
        assertThat(model.updates()).isEqualTo(p.recordsSeen(Split.TRAIN));
    }

    /**
     * Standardizer timing: the prediction sees x standardized with the statistics of the training
     * records before it; the model trains on x standardized after adding this record; holdout and
     * unlabeled records never enter the statistics. Exact: the test feeds its own standardizer.
     */
    @Test
    void standardizesWithStatisticsOfEarlierTrainingRecordsOnly() {
        RecordingModel model = new RecordingModel(new TinySgdRegressor(D, 0.01), false);
        // every = 10^6: no rescore, whose predictions would overwrite what the model recorded
        LearningPipeline p = new LearningPipeline("p", D, 0, true, new EvaluationSettings(0.3, 50, 1_000_000, 100),
                learners(model));
        RunningStandardizer reference = new RunningStandardizer(D);
        double[] z = new double[D];
        Stream s = new Stream(2);
        int checkedTrain = 0;
        int checkedHoldout = 0;
        for (int i = 0; i < 300; i++) {
            s.next();
            boolean labeled = i % 7 != 3;
            reference.transform(s.x, z);
            StepResult r = p.process("r-" + i, FeatureVector.dense(s.x), labeled ? s.y : Double.NaN);
            assertThat(model.lastPredictX).containsExactly(z);
            if (r.split() == Split.TRAIN) {
                reference.update(s.x);
                reference.transform(s.x, z);
                assertThat(model.lastTrainX).containsExactly(z);
                checkedTrain++;
            } else {
                checkedHoldout++;
            }
        }
        assertThat(checkedTrain).isGreaterThan(100);
        assertThat(checkedHoldout).isGreaterThan(50);
        assertThat(p.standardizer().count()).isEqualTo(p.recordsSeen(Split.TRAIN));
        for (int j = 0; j < D; j++) {
            assertThat(p.standardizer().mean(j)).isEqualTo(reference.mean(j));
        }
        assertThat(new LearningPipeline("q", D, 0, false, EvaluationSettings.defaults(),
                learners(new TinySgdRegressor(D, 0.01))).standardizer()).isNull();
    }

    /**
     * Losses against a brute-force recomputation kept by the test: prequential = mean of the last
     * `window` pre-training squared errors; train / holdout = the current model's mean squared error
     * on the last `reservoir` records of each split, recomputed every `every` labeled records.
     * Tolerance 1e-12 relative (the pipeline sums in another order).
     */
    @Test
    void lossesMatchABruteForceRecomputation() {
        int window = 30;
        int reservoir = 40;
        int every = 25;
        TinySgdRegressor model = new TinySgdRegressor(D, 0.005);
        LearningPipeline p = new LearningPipeline("p", D, 0, true,
                new EvaluationSettings(0.2, reservoir, every, window), learners(model));
        List<double[]> trainX = new ArrayList<>();
        List<Double> trainY = new ArrayList<>();
        List<double[]> holdX = new ArrayList<>();
        List<Double> holdY = new ArrayList<>();
        List<Double> prequential = new ArrayList<>();
        Stream s = new Stream(3);
        long labeled = 0;
        double expectedTrain = Double.NaN;
        double expectedHoldout = Double.NaN;
        for (int i = 0; i < 1000; i++) {
            s.next();
            StepResult r = p.process("r-" + i, FeatureVector.dense(s.x), s.y);
            labeled++;
            if (r.split() == Split.TRAIN) {
                prequential.add(Losses.squaredError(s.y, r.prediction(0)[0]));
                trainX.add(s.x);
                trainY.add(s.y);
            } else {
                holdX.add(s.x);
                holdY.add(s.y);
            }
            if (labeled % every == 0) {
                expectedTrain = meanLoss(model, p.standardizer(), trainX, trainY, reservoir);
                expectedHoldout = meanLoss(model, p.standardizer(), holdX, holdY, reservoir);
            }
            LearnerStats stats = p.stats("m0");
            double expectedPrequential = prequential.isEmpty() ? Double.NaN
                    : prequential.subList(Math.max(0, prequential.size() - window), prequential.size())
                            .stream().mapToDouble(Double::doubleValue).average().orElseThrow();
            assertClose(stats.prequentialLoss(), expectedPrequential);
            assertClose(stats.trainLoss(), expectedTrain);
            assertClose(stats.holdoutLoss(), expectedHoldout);
            assertClose(stats.gap(), expectedHoldout - expectedTrain);
            assertThat(stats.prequentialAccuracy()).isNaN();
            assertThat(stats.trainAccuracy()).isNaN();
            assertThat(stats.updates()).isEqualTo(model.updates());
            if (i < every - 1) {
                assertThat(stats.trainLoss()).isNaN();
            }
        }
        // the model learns: the last window's prequential loss is far below the first
        assertThat(p.stats("m0").prequentialLoss()).isLessThan(0.1 * prequential.get(0));
    }

    private static void assertClose(double actual, double expected) {
        if (Double.isNaN(expected)) {
            assertThat(actual).isNaN();
        } else {
            assertThat(actual).isCloseTo(expected, within(1e-12 * Math.max(1, Math.abs(expected))));
        }
    }

    private static double meanLoss(OnlineModel model, RunningStandardizer standardizer, List<double[]> xs,
                                   List<Double> ys, int last) {
        int from = Math.max(0, xs.size() - last);
        if (from == xs.size()) {
            return Double.NaN;
        }
        double sum = 0;
        double[] z = new double[D];
        double[] out = new double[1];
        for (int i = from; i < xs.size(); i++) {
            standardizer.transform(xs.get(i), z);
            model.predict(FeatureVector.dense(z), out);
            sum += Losses.squaredError(ys.get(i), out[0]);
        }
        return sum / (xs.size() - from);
    }

    /** Log loss and accuracy of a classifier, brute force; tolerance 1e-12. */
    @Test
    void classificationReportsLogLossAndAccuracy() {
        int k = 3;
        FrequencyClassifier model = new FrequencyClassifier(2, k);
        LearningPipeline p = new LearningPipeline("c", 2, k, false, new EvaluationSettings(0.25, 1000, 10, 1000),
                learners(model));
        Random random = new Random(4);
        double lossSum = 0;
        double hits = 0;
        int trained = 0;
        long[] trainCounts = new long[k];
        long[] holdCounts = new long[k];
        for (int i = 0; i < 200; i++) {
            // class 0 with probability 0.6, 1 with 0.3, 2 with 0.1
            double u = random.nextDouble();
            int y = u < 0.6 ? 0 : u < 0.9 ? 1 : 2;
            StepResult r = p.process("c-" + i, FeatureVector.dense(new double[] {u, -u}), y);
            if (r.split() == Split.TRAIN) {
                lossSum += -Math.log(r.prediction(0)[y]);
                hits += Losses.argmax(r.prediction(0)) == y ? 1 : 0;
                trained++;
                trainCounts[y]++;
            } else {
                holdCounts[y]++;
            }
        }
        LearnerStats stats = p.stats("m0");
        assertThat(stats.prequentialLoss()).isCloseTo(lossSum / trained, within(1e-12));
        assertThat(stats.prequentialAccuracy()).isCloseTo(hits / trained, within(1e-12));
        // 200 labeled records, every 10: the last rescore saw all of them; the model predicts
        // p_k = (n_k + 1) / (n + 3) for every record and the most frequent class 0
        double[] probs = new double[k];
        model.predict(FeatureVector.dense(new double[2]), probs);
        assertThat(stats.trainLoss()).isCloseTo(crossEntropy(trainCounts, probs), within(1e-12));
        assertThat(stats.holdoutLoss()).isCloseTo(crossEntropy(holdCounts, probs), within(1e-12));
        assertThat(stats.trainAccuracy()).isCloseTo(trainCounts[0] / (double) sum(trainCounts), within(1e-12));
        assertThat(stats.holdoutAccuracy()).isCloseTo(holdCounts[0] / (double) sum(holdCounts), within(1e-12));
    }

    private static double crossEntropy(long[] counts, double[] probs) {
        double s = 0;
        for (int c = 0; c < counts.length; c++) {
            s -= counts[c] * Math.log(probs[c]);
        }
        return s / sum(counts);
    }

    private static long sum(long[] counts) {
        long n = 0;
        for (long c : counts) {
            n += c;
        }
        return n;
    }

    @Test
    void countsRejectedSteps() {
        RecordingModel refusing = new RecordingModel(new TinySgdRegressor(D, 0.01), true);
        TinySgdRegressor fine = new TinySgdRegressor(D, 0.01);
        LearningPipeline p = new LearningPipeline("p", D, 0, false, new EvaluationSettings(0, 10, 10, 10),
                learners(refusing, fine));
        Stream s = new Stream(5);
        for (int i = 0; i < 40; i++) {
            s.next();
            StepResult r = p.process("r-" + i, FeatureVector.dense(s.x), s.y);
            assertThat(r.trainResult(0).rejected()).isTrue();
            assertThat(r.trainResult(1).rejected()).isFalse();
        }
        assertThat(p.stats("m0").rejectedSteps()).isEqualTo(40);
        assertThat(p.stats("m0").updates()).isZero();
        assertThat(p.stats("m1").rejectedSteps()).isZero();
        assertThat(p.stats("m1").updates()).isEqualTo(40);
        // no holdout records: the holdout loss and the gap stay unmeasured
        assertThat(p.stats("m1").holdoutLoss()).isNaN();
        assertThat(p.stats("m1").gap()).isNaN();
        assertThat(p.stats("m1").trainLoss()).isFinite();
    }

    @Test
    void refusesWhatDoesNotFit() {
        EvaluationSettings e = EvaluationSettings.defaults();
        assertThatThrownBy(() -> new LearningPipeline("p", 4, 0, false, e, learners(new TinySgdRegressor(D, 0.1))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("m0");
        assertThatThrownBy(() -> new LearningPipeline("p", 2, 3, false, e, learners(new FrequencyClassifier(2, 2))))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new LearningPipeline("p", D, 0, false, e, new LinkedHashMap<>()))
                .isInstanceOf(IllegalArgumentException.class);
        LearningPipeline c = new LearningPipeline("c", 2, 3, false, e, learners(new FrequencyClassifier(2, 3)));
        assertThatThrownBy(() -> c.process("x", FeatureVector.dense(new double[2]), 3)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> c.process("x", FeatureVector.dense(new double[2]), 0.5)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> c.process("x", FeatureVector.dense(new double[3]), 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> c.stats("nope")).isInstanceOf(IllegalArgumentException.class);
        LearningPipeline r = new LearningPipeline("r", D, 0, false, e, learners(new TinySgdRegressor(D, 0.1)));
        assertThatThrownBy(() -> r.process("x", FeatureVector.dense(new double[D]), Double.POSITIVE_INFINITY))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new EvaluationSettings(1.0, 1, 1, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new EvaluationSettings(0.1, 0, 1, 1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void namesAndModelsInOrder() {
        TinySgdRegressor a = new TinySgdRegressor(D, 0.1);
        TinySgdRegressor b = new TinySgdRegressor(D, 0.1);
        LearningPipeline p = new LearningPipeline("pipe", D, 0, false, EvaluationSettings.defaults(), learners(a, b));
        assertThat(p.name()).isEqualTo("pipe");
        assertThat(p.learnerNames()).containsExactly("m0", "m1");
        assertThat(p.model("m1")).isSameAs(b);
        assertThat(p.stats("m0").prequentialLoss()).isNaN();
        assertThatThrownBy(() -> p.learnerNames().add("x")).isInstanceOf(UnsupportedOperationException.class);
    }
}
