package io.streamlearn.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamlearn.eval.EvaluationSettings;
import io.streamlearn.learn.OnlineModel;
import io.streamlearn.learn.TargetStandardizedModel;
import io.streamlearn.learn.drift.DriftAction;
import io.streamlearn.learn.drift.DriftOptions;
import io.streamlearn.vector.FeatureVector;
import java.lang.management.ManagementFactory;
import java.util.LinkedHashMap;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The per-record path allocates nothing (with models that allocate nothing themselves). */
class AllocationTest {

    @Test
    void processAllocatesNothingPerRecord() {
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        int d = 8;
        int n = 20_000;
        LinkedHashMap<String, OnlineModel> models = new LinkedHashMap<>();
        models.put("a", new TinySgdRegressor(d, 0.01));
        models.put("b", new TinySgdRegressor(d, 0.001));
        LearningPipeline p = new LearningPipeline("p", d, 0, true, new EvaluationSettings(0.1, 100, 50, 100), models);
        Random random = new Random(1);
        String[] ids = new String[n];
        FeatureVector[] xs = new FeatureVector[n];
        double[] ys = new double[n];
        for (int i = 0; i < n; i++) {
            ids[i] = "r-" + i;
            double[] x = new double[d];
            for (int j = 0; j < d; j++) {
                x[j] = random.nextDouble();
            }
            xs[i] = FeatureVector.dense(x);
            ys[i] = i % 10 == 9 ? Double.NaN : x[0] + random.nextGaussian();
        }
        for (int round = 0; round < 3; round++) { // warm up: let the JIT compile (and its scalar replacement act)
            for (int i = 0; i < n; i++) {
                p.process(ids[i], xs[i], ys[i]);
            }
        }
        long thread = Thread.currentThread().getId();
        long before = threads.getThreadAllocatedBytes(thread);
        for (int i = 0; i < n; i++) {
            p.process(ids[i], xs[i], ys[i]);
        }
        long allocated = threads.getThreadAllocatedBytes(thread) - before;
        // one 16-byte object per record would be 320 kB; allow 16 kB of measurement noise
        assertThat(allocated).as("bytes allocated by %d records", n).isLessThan(16_384);
    }

    /** The same with ADWIN (checked at every record) and Page-Hinkley, and a target-standardized model. */
    @Test
    void processWithDriftDetectionAndTargetScalingAllocatesNothingPerRecord() {
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        int d = 8;
        int n = 20_000;
        LinkedHashMap<String, OnlineModel> models = new LinkedHashMap<>();
        models.put("a", new TinySgdRegressor(d, 0.01));
        models.put("b", new TargetStandardizedModel(new TinySgdRegressor(d, 0.001)));
        LearningPipeline p = new LearningPipeline("p", d, 0, true, new EvaluationSettings(0.1, 100, 50, 100), models);
        p.monitorDrift("a", new DriftOptions(new DriftOptions.AdwinOptions(0.002, 1), DriftAction.NONE),
                () -> new TinySgdRegressor(d, 0.01));
        p.monitorDrift("b", new DriftOptions(DriftOptions.PageHinkleyOptions.DEFAULT, DriftAction.NONE),
                () -> new TinySgdRegressor(d, 0.001));
        Random random = new Random(1);
        String[] ids = new String[n];
        FeatureVector[] xs = new FeatureVector[n];
        double[] ys = new double[n];
        for (int i = 0; i < n; i++) {
            ids[i] = "r-" + i;
            double[] x = new double[d];
            for (int j = 0; j < d; j++) {
                x[j] = random.nextDouble();
            }
            xs[i] = FeatureVector.dense(x);
            ys[i] = i % 10 == 9 ? Double.NaN : x[0] + random.nextGaussian();
        }
        for (int round = 0; round < 3; round++) { // warm up: let the JIT compile (and its scalar replacement act)
            for (int i = 0; i < n; i++) {
                p.process(ids[i], xs[i], ys[i]);
            }
        }
        long thread = Thread.currentThread().getId();
        long before = threads.getThreadAllocatedBytes(thread);
        for (int i = 0; i < n; i++) {
            p.process(ids[i], xs[i], ys[i]);
        }
        long allocated = threads.getThreadAllocatedBytes(thread) - before;
        // one 16-byte object per record would be 320 kB; allow 16 kB of measurement noise
        assertThat(allocated).as("bytes allocated by %d records", n).isLessThan(16_384);
    }
}
