package io.streamlearn.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.streamlearn.eval.Losses;
import io.streamlearn.learn.ModelCodec;
import io.streamlearn.spec.SpecParser;
import io.streamlearn.vector.FeatureVector;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The predict-now, learn-later split of {@link LearningPipeline}: what holds between
 * {@code predict} + {@code learnDelayed} and {@code process}.
 */
class DelayedLearningTest {

    private static final String LEARNERS = """
            name: p
            input: in
            output: out
            features: {dimension: 4, standardize: true}
            evaluation: {holdoutFraction: 0.2, reservoir: 100, every: 25, window: 10000}
            learners:
              - {name: ridge, type: linear, l2: 0.01, optimizer: {name: sgd, learningRate: 0.02}}
              - {name: path, type: linear, l1: [0.001, 0.1], optimizer: {name: ftrl, alpha: 0.2}}
              - {name: mlp, type: mlp, hidden: [6], dropout: 0.1, batchSize: 4, seed: 3, optimizer: adamw}
            """;
    private static final String WITH_DRIFT = LEARNERS + """
              - {name: watched, type: linear, optimizer: sgd, drift: {detector: page-hinkley, threshold: 5, action: challenger}}
            """;

    private static PipelineBlueprint blueprint(String yaml) throws Exception {
        return PipelineBlueprint.of(SpecParser.parse(yaml, "test"));
    }

    private static double[][] stream(int n, long seed) {
        Random r = new Random(seed);
        double[][] rows = new double[n][5];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < 4; j++) {
                rows[i][j] = r.nextGaussian() * (j + 1) + j;
            }
            // a switch halfway, for the drift detector
            double w = i < n / 2 ? 1 : -3;
            rows[i][4] = w * rows[i][0] - rows[i][1] + 0.3 * r.nextGaussian();
        }
        return rows;
    }

    @Test
    void aLabelRightAfterItsPredictionGivesTheStateOfProcessBitForBit() throws Exception {
        PipelineBlueprint b = blueprint(WITH_DRIFT);
        LearningPipeline processed = b.newPipeline();
        LearningPipeline delayed = b.newPipeline();
        for (double[] row : stream(600, 1)) {
            double[] x = java.util.Arrays.copyOf(row, 4);
            String id = "r" + java.util.Arrays.hashCode(row);
            StepResult a = processed.process(id, FeatureVector.dense(x), row[4]);
            double[] first = a.prediction(0).clone();
            StepResult p = delayed.predict(id, FeatureVector.dense(x));
            assertThat(p.prediction(0)).isEqualTo(first);
            StepResult l = delayed.learnDelayed(id, FeatureVector.dense(x), row[4], delayed.predictionsThen());
            assertThat(l.split()).isEqualTo(a.split());
        }
        for (String learner : b.learnerNames()) {
            assertThat(ModelCodec.toBytes(delayed.model(learner))).as(learner)
                    .isEqualTo(ModelCodec.toBytes(processed.model(learner)));
        }
        assertThat(PipelineStateCodec.write(delayed)).isEqualTo(PipelineStateCodec.write(processed));
        assertThat(delayed.slot("watched").driftDetections()).isEqualTo(processed.slot("watched").driftDetections()).isPositive();
    }

    @Test
    void delayedLabelsTrainAsProcessInLabelOrderButScoreThePredictionsMadeThen() throws Exception {
        PipelineBlueprint b = blueprint(LEARNERS);
        LearningPipeline delayed = b.newPipeline();
        LearningPipeline inLabelOrder = b.newPipeline();
        int delay = 7;
        record Waiting(String id, double[] x, double y, PredictionsThen then) {}
        ArrayDeque<Waiting> waiting = new ArrayDeque<>();
        List<Double> ridgeLosses = new ArrayList<>();
        int n = 0;
        for (double[] row : stream(500, 2)) {
            double[] x = java.util.Arrays.copyOf(row, 4);
            String id = "r" + n++;
            delayed.predict(id, FeatureVector.dense(x));
            waiting.add(new Waiting(id, x, row[4], delayed.predictionsThen()));
            if (waiting.size() > delay) {
                Waiting w = waiting.poll();
                StepResult s = delayed.learnDelayed(w.id(), FeatureVector.dense(w.x()), w.y(), w.then());
                assertThat(s.prediction(0)[0]).isEqualTo(w.then().values()[0]);
                if (s.split() == Split.TRAIN) {
                    ridgeLosses.add(Losses.loss(0, new double[] {w.then().values()[0]}, w.y()));
                }
                inLabelOrder.process(w.id(), FeatureVector.dense(w.x()), w.y());
            }
        }
        for (String learner : b.learnerNames()) {
            assertThat(ModelCodec.toBytes(delayed.model(learner))).as(learner)
                    .isEqualTo(ModelCodec.toBytes(inLabelOrder.model(learner)));
        }
        double mean = ridgeLosses.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
        assertThat(delayed.stats("ridge").prequentialLoss()).isCloseTo(mean, within(1e-9 * mean));
        assertThat(delayed.stats("ridge").prequentialLoss())
                .as("older predictions lose more than those of process in label order")
                .isNotEqualTo(inLabelOrder.stats("ridge").prequentialLoss());
        assertThat(delayed.recordsSeen(Split.TRAIN) + delayed.recordsSeen(Split.HOLDOUT)).isEqualTo(500 - delay);
        assertThat(delayed.recordsSeen(Split.UNLABELED)).as("predict counts nothing").isZero();
    }

    @Test
    void predictionsThatDoNotFitThePipelineAreRefused() throws Exception {
        LearningPipeline p = blueprint(LEARNERS).newPipeline();
        double[] x = {1, 2, 3, 4};
        assertThatThrownBy(() -> p.learnDelayed("r", FeatureVector.dense(x), 1.0, new PredictionsThen(new double[] {1}, new long[] {0})))
                .isInstanceOf(IllegalArgumentException.class);
        p.predict("r", FeatureVector.dense(x));
        PredictionsThen then = p.predictionsThen();
        assertThatThrownBy(() -> p.learnDelayed("r", FeatureVector.dense(x), Double.NaN, then)).isInstanceOf(IllegalArgumentException.class);
        assertThat(PendingRecord.fromBytes(new PendingRecord(5, FeatureVector.dense(x), then).toBytes()).then().values())
                .isEqualTo(then.values());
        assertThat(PendingRecord.fromBytes(PendingRecord.labeled(5).toBytes()).isLabeled()).isTrue();
    }
}
