package io.streamlearn.bench;

import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.streamlearn.eval.EvaluationSettings;
import io.streamlearn.learn.AdamWOptions;
import io.streamlearn.learn.LinearModel;
import io.streamlearn.learn.LinearOptimizerOptions;
import io.streamlearn.learn.LinearOptions;
import io.streamlearn.learn.Mlp;
import io.streamlearn.learn.MlpOptions;
import io.streamlearn.learn.OnlineModel;
import io.streamlearn.learn.SeededRandom;
import io.streamlearn.learn.TrainResult;
import io.streamlearn.metrics.DesignNamingConvention;
import io.streamlearn.pipeline.LearningPipeline;
import io.streamlearn.pipeline.StepResult;
import io.streamlearn.vector.FeatureVector;
import io.streamlearn.vector.SparseVectors;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * What the update metrics add per record: a pipeline like the demo's (ridge, lasso, elastic net and
 * a 32-16 MLP on 10 features) processes records, with and without what the processor does after
 * each step (a LongAdder increment and a Timer.record into a percentile histogram per learner step).
 * The System.nanoTime pair around each train call is inside LearningPipeline in both. Run with
 * bench/run-jmh.sh UpdateTimingBenchmark -f 1 -wi 3 -i 5 -w 1s -r 1s
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
public class UpdateTimingBenchmark {

    private static final int RECORDS = 4096;

    private LearningPipeline pipeline;
    private double[][] x;
    /** {@link #x}, each row wrapped once (no allocation in the measured loop). */
    private FeatureVector[] vectors;
    private double[] y;
    private String[] ids;
    private int next;
    private Timer[] timers;
    private LongAdder[] updates;

    @Setup(Level.Trial)
    public void setUp() {
        LinearOptimizerOptions.Sgd sgd = new LinearOptimizerOptions.Sgd(0.01, LinearOptimizerOptions.Schedule.INVSCALING, 0.25);
        LinkedHashMap<String, OnlineModel> learners = new LinkedHashMap<>();
        learners.put("ridge", LinearModel.create(new LinearOptions(10, 0, 0.0, 0.01, sgd, 0.0, 1L)));
        learners.put("lasso", LinearModel.create(new LinearOptions(10, 0, 0.1, 0.0, sgd, 0.0, 1L)));
        learners.put("elasticnet", LinearModel.create(new LinearOptions(10, 0, 0.05, 0.01, sgd, 0.0, 1L)));
        learners.put("mlp", Mlp.create(new MlpOptions(10, new int[] {32, 16}, 0, 0.1, 32,
                new AdamWOptions(0.01, 0.9, 0.999, 1e-8, 0.01), 1.0, false, false, 0.0, 0.0, 0.0, 42L)));
        pipeline = new LearningPipeline("demo", 10, 0, true, new EvaluationSettings(0.1, 1000, 500, 500), learners);
        SeededRandom random = new SeededRandom(3);
        x = new double[RECORDS][10];
        vectors = SparseVectors.dense(x);
        y = new double[RECORDS];
        ids = new String[RECORDS];
        for (int r = 0; r < RECORDS; r++) {
            for (int j = 0; j < 10; j++) {
                x[r][j] = random.nextDouble();
            }
            y[r] = 10 * Math.sin(Math.PI * x[r][0] * x[r][1]) + 20 * (x[r][2] - 0.5) * (x[r][2] - 0.5) + 10 * x[r][3] + 5 * x[r][4];
            ids[r] = "r-" + r;
        }
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        registry.config().namingConvention(new DesignNamingConvention());
        timers = new Timer[learners.size()];
        updates = new LongAdder[learners.size()];
        int i = 0;
        for (String learner : learners.keySet()) {
            timers[i] = Timer.builder("streamlearn.update").tag("pipeline", "demo").tag("learner", learner)
                    .publishPercentileHistogram().minimumExpectedValue(Duration.ofNanos(500))
                    .maximumExpectedValue(Duration.ofSeconds(1)).register(registry);
            updates[i++] = new LongAdder();
        }
    }

    @Benchmark
    public StepResult process() {
        int r = next++ & (RECORDS - 1);
        return pipeline.process(ids[r], vectors[r], y[r]);
    }

    @Benchmark
    public StepResult processAndRecordUpdates() {
        int r = next++ & (RECORDS - 1);
        StepResult step = pipeline.process(ids[r], vectors[r], y[r]);
        for (int i = 0; i < step.learnerCount(); i++) {
            TrainResult trained = step.trainResult(i);
            if (trained != null && trained.status() == TrainResult.Status.STEPPED) {
                updates[i].increment();
                timers[i].record(step.trainNanos(i), TimeUnit.NANOSECONDS);
            }
        }
        return step;
    }
}
