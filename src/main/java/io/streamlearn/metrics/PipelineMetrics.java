package io.streamlearn.metrics;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.streamlearn.pipeline.LabelOutcome;
import io.streamlearn.pipeline.Split;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;

/**
 * The meters of docs/DESIGN.md's metrics table, for every pipeline. Counters read the pipeline's
 * thread-safe counts, gauges its last published learner snapshot (so a scrape never touches a model
 * the stream thread is training), and the update-time histogram is fed by the stream thread through
 * the {@link UpdateTimer} this binder installs. Labels are the pipeline, learner and bounded enums
 * (outcome, split, norm, reason): never a record key. Bind to one registry (the timer handed to each
 * pipeline is the last bound one's), named by {@link DesignNamingConvention} so that the scraped names
 * are docs/DESIGN.md's.
 */
public final class PipelineMetrics implements MeterBinder {

    static final String RECORDS = "streamlearn.records";
    static final String REJECTED = "streamlearn.rejected";
    static final String LOSS = "streamlearn.loss";
    static final String GAP = "streamlearn.generalization.gap";
    static final String ACCURACY = "streamlearn.accuracy";
    static final String MODEL_UPDATES = "streamlearn.model.updates";
    static final String WEIGHTS_NORM = "streamlearn.weights.norm";
    static final String NONZERO_RATIO = "streamlearn.weights.nonzero.ratio";
    static final String GRADIENT_NORM = "streamlearn.gradient.norm";
    static final String GRADIENT_CLIPPED = "streamlearn.gradient.clipped";
    static final String UPDATE = "streamlearn.update";
    static final String DRIFT_DETECTED = "streamlearn.drift.detected";
    static final String KEYS = "streamlearn.keys";
    static final String KEYS_CACHED = "streamlearn.keys.cached";
    static final String KEYS_EVICTED = "streamlearn.keys.evicted";
    static final String PARALLEL_GENERATION = "streamlearn.parallel.generation";
    static final String KEYS_EXPIRED = "streamlearn.keys.expired";
    static final String CHAMPION_LAMBDA = "streamlearn.champion.lambda";
    static final String PATH_NONZERO = "streamlearn.path.nonzero";
    static final String LABELS = "streamlearn.labels";
    static final String LABEL_DELAY = "streamlearn.label.delay.seconds";
    static final String VOCABULARY_SIZE = "streamlearn.vocabulary.size";
    static final String MISSING = "streamlearn.missing";
    static final String OTHER = "streamlearn.other";
    /**
     * Every loss series carries it (Prometheus wants one label set per name): the path member's λ,
     * empty (in PromQL: absent) on a learner's own series.
     */
    static final String LAMBDA = "lambda";

    /** Update times lie between about 100 ns (a sparse linear step) and milliseconds (an MLP batch). */
    private static final Duration UPDATE_MIN = Duration.ofNanos(500);
    private static final Duration UPDATE_MAX = Duration.ofSeconds(1);
    /** Label delays from a millisecond to a day, in seconds. */
    private static final double LABEL_DELAY_MIN = 0.001;
    private static final double LABEL_DELAY_MAX = 86_400;

    private final List<? extends PipelineReadings> pipelines;

    public PipelineMetrics(List<? extends PipelineReadings> pipelines) {
        this.pipelines = List.copyOf(pipelines);
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        for (PipelineReadings p : pipelines) {
            bindPipeline(registry, p);
            Timer[] updateTimers = new Timer[p.learnerNames().size()];
            for (int i = 0; i < updateTimers.length; i++) {
                String learner = p.learnerNames().get(i);
                Tags tags = Tags.of("pipeline", p.pipeline(), "learner", learner);
                bindLearner(registry, p, i, tags);
                updateTimers[i] = Timer.builder(UPDATE).description("time of one model update (optimizer step)")
                        .tags(tags).publishPercentileHistogram()
                        .minimumExpectedValue(UPDATE_MIN).maximumExpectedValue(UPDATE_MAX)
                        .register(registry);
            }
            p.timeUpdatesWith((learnerIndex, nanos) -> updateTimers[learnerIndex].record(nanos, TimeUnit.NANOSECONDS));
            if (p.delayedLabels()) {
                bindLabels(registry, p);
            }
        }
    }

    private static void bindPipeline(MeterRegistry registry, PipelineReadings p) {
        Tags pipeline = Tags.of("pipeline", p.pipeline());
        for (Split split : Split.values()) {
            FunctionCounter.builder(RECORDS, p, r -> r.records(split))
                    .description("records seen, by outcome").baseUnit("records")
                    .tags(pipeline).tag("outcome", outcome(split)).register(registry);
        }
        FunctionCounter.builder(RECORDS, p, PipelineMetrics::rejectedTotal)
                .description("records seen, by outcome").baseUnit("records")
                .tags(pipeline).tag("outcome", "rejected").register(registry);
        if (p.perKey()) {
            Gauge.builder(KEYS, p, PipelineReadings::keys).description("keys with a model set (scope: key)")
                    .baseUnit("keys").tags(pipeline).register(registry);
            Gauge.builder(KEYS_CACHED, p, PipelineReadings::cachedKeys)
                    .description("keys whose model set is in memory (scope: key; at most maxKeys per task)")
                    .baseUnit("keys").tags(pipeline).register(registry);
            FunctionCounter.builder(KEYS_EVICTED, p, PipelineReadings::keysEvicted)
                    .description("keys written to the store and dropped from memory over maxKeys").baseUnit("keys")
                    .tags(pipeline).register(registry);
            FunctionCounter.builder(KEYS_EXPIRED, p, PipelineReadings::keysExpired)
                    .description("keys deleted after keyTtl without a record").baseUnit("keys")
                    .tags(pipeline).register(registry);
        }
        if (p.parallel()) {
            Gauge.builder(PARALLEL_GENERATION, p, PipelineReadings::parallelGeneration)
                    .description("newest merged generation of the data-parallel model set adopted in this instance")
                    .baseUnit("generations").tags(pipeline).register(registry);
        }
        for (String field : p.missingFields()) {
            FunctionCounter.builder(MISSING, p, r -> r.missingTotal(field))
                    .description("learned raw events whose field was null or absent").baseUnit("events")
                    .tags(pipeline).tag("field", field).register(registry);
        }
        for (String field : p.vocabularyFields()) {
            Gauge.builder(VOCABULARY_SIZE, p, r -> r.vocabularySize(field))
                    .description("values in the field's one-hot vocabulary").baseUnit("values")
                    .tags(pipeline).tag("field", field).register(registry);
            FunctionCounter.builder(OTHER, p, r -> r.otherTotal(field))
                    .description("learned raw events whose value was beyond the field's vocabulary (<other>)")
                    .baseUnit("events").tags(pipeline).tag("field", field).register(registry);
        }
        for (String reason : p.rejectReasons()) {
            FunctionCounter.builder(REJECTED, p, r -> r.rejected(reason))
                    .description("records sent to the dead-letter topic, by reason").baseUnit("records")
                    .tags(pipeline).tag("reason", reason).register(registry);
        }
    }

    /** Delayed labels by outcome, and the delay of the joined ones (record timestamps, features to label). */
    private static void bindLabels(MeterRegistry registry, PipelineReadings p) {
        Tags pipeline = Tags.of("pipeline", p.pipeline());
        for (LabelOutcome outcome : LabelOutcome.values()) {
            FunctionCounter.builder(LABELS, p, r -> r.labels(outcome))
                    .description("delayed labels and records awaiting one, by outcome").baseUnit("labels")
                    .tags(pipeline).tag("outcome", outcome.label()).register(registry);
        }
        DistributionSummary delay = DistributionSummary.builder(LABEL_DELAY)
                .description("time from a feature record to its label (record timestamps)").baseUnit("seconds")
                .tags(pipeline).publishPercentileHistogram()
                .minimumExpectedValue(LABEL_DELAY_MIN).maximumExpectedValue(LABEL_DELAY_MAX)
                .register(registry);
        p.recordLabelDelaysWith(delay::record);
    }

    private static void bindLearner(MeterRegistry registry, PipelineReadings p, int index, Tags tags) {
        String learner = p.learnerNames().get(index);
        Tags own = tags.and(LAMBDA, "");
        gauge(registry, LOSS, "loss", "current loss estimate (squared error or log loss)", own.and("split", "prequential"),
                p, learner, r -> r.stats().prequentialLoss());
        gauge(registry, LOSS, "loss", "current loss estimate (squared error or log loss)", own.and("split", "train"),
                p, learner, r -> r.stats().trainLoss());
        gauge(registry, LOSS, "loss", "current loss estimate (squared error or log loss)", own.and("split", "holdout"),
                p, learner, r -> r.stats().holdoutLoss());
        bindPath(registry, p, index, tags);
        gauge(registry, GAP, "loss", "holdout loss - train loss", tags, p, learner, r -> r.stats().gap());
        if (p.classification()) {
            gauge(registry, ACCURACY, "ratio", "share of correct predictions", tags.and("split", "prequential"),
                    p, learner, r -> r.stats().prequentialAccuracy());
            gauge(registry, ACCURACY, "ratio", "share of correct predictions", tags.and("split", "train"),
                    p, learner, r -> r.stats().trainAccuracy());
            gauge(registry, ACCURACY, "ratio", "share of correct predictions", tags.and("split", "holdout"),
                    p, learner, r -> r.stats().holdoutAccuracy());
        }
        gauge(registry, WEIGHTS_NORM, "norm", "size of the weights (biases excluded)", tags.and("norm", "l1"),
                p, learner, LearnerReading::weightsL1);
        gauge(registry, WEIGHTS_NORM, "norm", "size of the weights (biases excluded)", tags.and("norm", "l2"),
                p, learner, LearnerReading::weightsL2);
        gauge(registry, NONZERO_RATIO, "ratio", "share of nonzero weights", tags, p, learner,
                r -> r.weightCount() == 0 ? Double.NaN : (double) r.nonZeroWeights() / r.weightCount());
        gauge(registry, GRADIENT_NORM, "norm", "last total gradient norm before clipping", tags, p, learner,
                LearnerReading::lastGradientNorm);
        FunctionCounter.builder(MODEL_UPDATES, p, r -> r.modelUpdates(index))
                .description("optimizer steps").baseUnit("updates").tags(tags).register(registry);
        FunctionCounter.builder(GRADIENT_CLIPPED, p, r -> r.clippedSteps(index))
                .description("optimizer steps whose gradient was clipped").baseUnit("steps").tags(tags)
                .register(registry);
        FunctionCounter.builder(DRIFT_DETECTED, p, r -> r.driftDetections(index))
                .description("drifts the learner's detector reported on its prequential loss").baseUnit("detections")
                .tags(tags).register(registry);
    }

    /** A path learner's member losses and nonzeros (one series per λ) and its champion's λ per penalty. */
    private static void bindPath(MeterRegistry registry, PipelineReadings p, int index, Tags tags) {
        String learner = p.learnerNames().get(index);
        List<String> labels = p.pathLabels(index);
        for (int k = 0; k < labels.size(); k++) {
            int member = k;
            Tags m = tags.and(LAMBDA, labels.get(k));
            gauge(registry, LOSS, "loss", "current loss estimate (squared error or log loss)",
                    m.and("split", "prequential"), p, learner, r -> member(r, member).prequentialLoss());
            gauge(registry, LOSS, "loss", "current loss estimate (squared error or log loss)",
                    m.and("split", "train"), p, learner, r -> member(r, member).trainLoss());
            gauge(registry, LOSS, "loss", "current loss estimate (squared error or log loss)",
                    m.and("split", "holdout"), p, learner, r -> member(r, member).holdoutLoss());
            gauge(registry, PATH_NONZERO, "weights", "nonzero weights of a regularization-path member", m, p, learner,
                    r -> member < r.pathNonZero().size() ? r.pathNonZero().get(member) : Double.NaN);
        }
        for (String penalty : p.pathPenalties(index)) {
            gauge(registry, CHAMPION_LAMBDA, "lambda", "penalty of the regularization-path member that predicts",
                    tags.and("penalty", penalty), p, learner,
                    r -> r.champion().getOrDefault(penalty, Double.NaN));
        }
    }

    private static final io.streamlearn.eval.LearnerStats UNKNOWN = new io.streamlearn.eval.LearnerStats(
            Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, 0, 0);

    private static io.streamlearn.eval.LearnerStats member(LearnerReading r, int k) {
        return k < r.pathStats().size() ? r.pathStats().get(k) : UNKNOWN;
    }

    private static void gauge(MeterRegistry registry, String name, String baseUnit, String description, Tags tags,
                              PipelineReadings p, String learner, ToDoubleFunction<LearnerReading> value) {
        Gauge.builder(name, p, r -> read(r, learner, value)).description(description).baseUnit(baseUnit).tags(tags)
                .register(registry);
    }

    /** The value from the learner's last published reading; NaN before the first snapshot. */
    private static double read(PipelineReadings p, String learner, ToDoubleFunction<LearnerReading> value) {
        for (LearnerReading r : p.learners()) {
            if (r.learner().equals(learner)) {
                return value.applyAsDouble(r);
            }
        }
        return Double.NaN;
    }

    private static double rejectedTotal(PipelineReadings p) {
        long n = 0;
        for (String reason : p.rejectReasons()) {
            n += p.rejected(reason);
        }
        return n;
    }

    /** The {@code outcome} label of a processed record's split. */
    static String outcome(Split split) {
        switch (split) {
            case TRAIN:
                return "trained";
            case HOLDOUT:
                return "holdout";
            default:
                return "unlabeled";
        }
    }
}
