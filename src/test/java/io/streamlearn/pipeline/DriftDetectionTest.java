package io.streamlearn.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamlearn.feed.dataset.Dataset;
import io.streamlearn.feed.dataset.DatasetRow;
import io.streamlearn.feed.dataset.Datasets;
import io.streamlearn.learn.ModelCodec;
import io.streamlearn.learn.OnlineModel;
import io.streamlearn.spec.SpecParser;
import io.streamlearn.vector.FeatureVector;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Drift detection in the learning loop, on the built-in {@code drift} dataset (the linear truth
 * switches at record 10,000 and back at 20,000; records are numbered from 0) and on the stationary
 * {@code friedman1}: detections per seed, their delay after a switch, and false alarms.
 */
class DriftDetectionTest {

    private static final long SWITCH = Datasets.DRIFT_PERIOD;
    private static final int MAX_DELAY = 500;

    static String spec(String action) {
        return """
                name: drift
                input: drift.features
                output: drift.predictions
                features: {dimension: 10}
                evaluation: {holdoutFraction: 0.1, reservoir: 500, every: 250}
                learners:
                  - name: adwin
                    type: linear
                    l2: 0.001
                    optimizer: {name: sgd, learningRate: 0.01, schedule: constant}
                    drift: {detector: adwin, delta: 0.002, action: %1$s}
                  - name: ph
                    type: linear
                    l2: 0.001
                    optimizer: {name: sgd, learningRate: 0.01, schedule: constant}
                    drift: {detector: page-hinkley, action: %1$s}
                  - name: plain
                    type: linear
                    l2: 0.001
                    optimizer: {name: sgd, learningRate: 0.01, schedule: constant}
                """.formatted(action);
    }

    static PipelineBlueprint blueprint(String yaml) {
        try {
            return PipelineBlueprint.of(SpecParser.parse(yaml, "test.yaml"));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** The record numbers at which each learner reported a drift. */
    static List<List<Long>> detections(LearningPipeline p, Dataset data, long records) {
        List<List<Long>> at = new ArrayList<>();
        for (int i = 0; i < p.learnerNames().size(); i++) {
            at.add(new ArrayList<>());
        }
        for (long n = 0; n < records; n++) {
            DatasetRow row = data.next();
            StepResult r = p.process(row.id(), FeatureVector.dense(row.features()), row.label());
            for (int i = 0; i < r.learnerCount(); i++) {
                if (r.driftDetected(i)) {
                    at.get(i).add(n);
                }
            }
        }
        return at;
    }

    /**
     * Both detectors, with action none and reset, several seeds: every detection lies within 500
     * records after a switch, each of the two switches is detected, and nothing is detected in the
     * stationary stretches (including the learning curve at the start). The delays are printed.
     */
    @Test
    void detectsEachSwitchWithin500RecordsAndNothingElse() {
        for (String action : List.of("none", "reset")) {
            for (long seed = 1; seed <= 5; seed++) {
                LearningPipeline p = blueprint(spec(action)).newPipeline();
                List<List<Long>> at = detections(p, Datasets.open("drift", seed), 3 * SWITCH);
                for (int i = 0; i < 2; i++) {
                    String learner = p.learnerNames().get(i);
                    List<Long> d = at.get(i);
                    System.out.printf("drift dataset, %s, action %s, seed %d: detections at %s (delays after the "
                            + "switches at 10000 and 20000: %s)%n", learner, action, seed, d, delays(d));
                    for (long n : d) {
                        long since = n % SWITCH;
                        assertThat(n >= SWITCH && since < MAX_DELAY)
                                .as(learner + " " + action + " seed " + seed + ": detection at " + n).isTrue();
                    }
                    assertThat(d).as(learner + " seed " + seed + " detects the first switch")
                            .anyMatch(n -> n >= SWITCH && n < SWITCH + MAX_DELAY);
                    assertThat(d).as(learner + " seed " + seed + " detects the second switch")
                            .anyMatch(n -> n >= 2 * SWITCH && n < 2 * SWITCH + MAX_DELAY);
                    assertThat(p.slot(learner).driftDetections()).isEqualTo(d.size());
                    assertThat(p.slot(learner).driftReplacements()).isEqualTo(action.equals("reset") ? d.size() : 0);
                }
                assertThat(at.get(2)).isEmpty();
            }
        }
    }

    private static List<Long> delays(List<Long> d) {
        List<Long> delays = new ArrayList<>();
        long lastSwitch = -1;
        for (long n : d) {
            long s = n / SWITCH * SWITCH;
            if (s != lastSwitch) {
                delays.add(n - s);
                lastSwitch = s;
            }
        }
        return delays;
    }

    /**
     * 100,000 records of the {@code drift} generator with one regime throughout (a stationary
     * stream: the linear learners' loss settles at the noise level): the false alarms are counted
     * and printed. Theorem 3.1 of Bifet and Gavaldà bounds ADWIN's probability of a false cut by δ
     * per checked step; ADWIN checks every 32 values, so the expected number of false cuts is at most
     * δ · 90,000 / 32 ≈ 5.6 for δ = 0.002 (and at most δ · 90,000 = 180 if it checked at every value).
     */
    @Test
    void falseAlarmsOnAStationaryStream() {
        for (long seed = 1; seed <= 5; seed++) {
            LearningPipeline p = blueprint(spec("none")).newPipeline();
            List<List<Long>> at = detections(p, Datasets.drift(seed, Long.MAX_VALUE), 100_000);
            long trained = p.recordsSeen(Split.TRAIN);
            double bound = 0.002 * trained / 32;
            System.out.printf("stationary drift generator, seed %d: %d training records; adwin false alarms %d %s "
                    + "(bound delta * checks = %.1f); page-hinkley false alarms %d %s%n", seed, trained,
                    at.get(0).size(), at.get(0), bound, at.get(1).size(), at.get(1));
            assertThat((double) at.get(0).size()).isLessThanOrEqualTo(bound);
            assertThat(at.get(1)).isEmpty();
        }
    }

    /**
     * Action challenger: after each switch a fresh model trains beside the old one and takes over
     * within 500 records (its loss since it started beats the old model's, which is still fitted to
     * the previous truth); the pipeline restored while the challenger is in flight continues
     * bit-identically.
     */
    @Test
    void challengerTakesOverAfterASwitchAndIsSavedInFlight() {
        PipelineBlueprint blueprint = blueprint(spec("challenger"));
        LearningPipeline a = blueprint.newPipeline();
        Dataset data = Datasets.open("drift", 3);
        List<List<Long>> at = detections(a, data, SWITCH + 40);
        assertThat(at.get(0)).containsExactly(SWITCH + 24);
        assertThat(((LearnerDrift) a.slots().get(0).drift).challenger).as("challenger in flight").isNotNull();
        assertThat(a.slot("adwin").driftReplacements()).isZero();
        LinkedHashMap<String, OnlineModel> copies = new LinkedHashMap<>();
        for (String l : a.learnerNames()) {
            copies.put(l, ModelCodec.copy(a.model(l)));
        }
        byte[] state = PipelineStateCodec.write(a);
        LearningPipeline b = blueprint.restorePipeline(copies, state);
        assertThat(PipelineStateCodec.write(b)).isEqualTo(state);
        Dataset again = Datasets.open("drift", 3);
        for (long n = 0; n < SWITCH + 40; n++) {
            again.next();
        }
        long tookOver = -1;
        for (long n = SWITCH + 40; n < SWITCH + MAX_DELAY; n++) {
            DatasetRow row = data.next();
            DatasetRow same = again.next();
            double pa = a.process(row.id(), FeatureVector.dense(row.features()), row.label()).prediction(0)[0];
            double pb = b.process(same.id(), FeatureVector.dense(same.features()), same.label()).prediction(0)[0];
            assertThat(Double.doubleToRawLongBits(pb)).isEqualTo(Double.doubleToRawLongBits(pa));
            if (tookOver < 0 && a.slot("adwin").driftReplacements() == 1) {
                tookOver = n;
            }
        }
        System.out.printf("challenger: detection at %d, took over at record %d%n", SWITCH + 24, tookOver);
        assertThat(tookOver).isBetween(SWITCH + 24 + LearnerDrift.CHALLENGER_MIN_RECORDS, SWITCH + MAX_DELAY);
        assertThat(b.slot("adwin").driftReplacements()).isEqualTo(1);
        assertThat(PipelineStateCodec.write(b)).isEqualTo(PipelineStateCodec.write(a));
        // the new learner is fitted to the new truth: its recent loss is near the noise (0.25)
        assertThat(a.stats("adwin").prequentialLoss()).isLessThan(a.stats("plain").prequentialLoss());
    }

    /**
     * The detectors' state is saved with the pipeline's (format 2): restored mid-stream — between
     * the switch and its detection, and with a reset behind — it continues bit-identically.
     */
    @Test
    void restoredPipelineContinuesBitIdenticallyWithDetectorState() {
        PipelineBlueprint blueprint = blueprint(spec("reset"));
        LearningPipeline a = blueprint.newPipeline();
        Dataset data = Datasets.open("drift", 7);
        detections(a, data, SWITCH + 5);
        byte[] state = PipelineStateCodec.write(a);
        assertThat(state[0]).isEqualTo((byte) 2);
        LinkedHashMap<String, OnlineModel> copies = new LinkedHashMap<>();
        for (String l : a.learnerNames()) {
            copies.put(l, ModelCodec.copy(a.model(l)));
        }
        LearningPipeline b = blueprint.restorePipeline(copies, state);
        assertThat(PipelineStateCodec.write(b)).isEqualTo(state);
        Dataset again = Datasets.open("drift", 7);
        for (long n = 0; n < SWITCH + 5; n++) {
            again.next();
        }
        for (long n = SWITCH + 5; n < 2 * SWITCH + 1000; n++) {
            DatasetRow row = data.next();
            DatasetRow same = again.next();
            StepResult ra = a.process(row.id(), FeatureVector.dense(row.features()), row.label());
            double pa = ra.prediction(0)[0];
            boolean da = ra.driftDetected(0);
            StepResult rb = b.process(same.id(), FeatureVector.dense(same.features()), same.label());
            assertThat(Double.doubleToRawLongBits(rb.prediction(0)[0])).isEqualTo(Double.doubleToRawLongBits(pa));
            assertThat(rb.driftDetected(0)).isEqualTo(da);
        }
        assertThat(a.slot("adwin").driftReplacements()).isGreaterThanOrEqualTo(2);
        assertThat(b.slot("adwin").driftDetections()).isEqualTo(a.slot("adwin").driftDetections());
        assertThat(PipelineStateCodec.write(b)).isEqualTo(PipelineStateCodec.write(a));
        for (String l : a.learnerNames()) {
            assertThat(ModelCodec.toBytes(b.model(l))).isEqualTo(ModelCodec.toBytes(a.model(l)));
        }
    }
}
