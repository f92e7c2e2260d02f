package io.streamlearn.query;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.streamlearn.metrics.LearnerReading;
import io.streamlearn.metrics.PipelineReadings;
import io.streamlearn.pipeline.Split;
import java.util.List;

/**
 * The recent history of one pipeline's series, for the web console: a bounded ring buffer of
 * samples (the last {@code capacity}; older ones are overwritten), each taken from what the
 * pipeline publishes ({@link PipelineReadings}: the counters and the last learner snapshot) by
 * whoever calls {@link #sample(long)} — the application, once a second. A sample holds the time,
 * the records processed, records per second and dead letters by reason since the last sample's,
 * and per learner the prequential, train and holdout loss, the gap, the nonzero weights, the
 * gradient norm and the share of steps clipped since the last sample. A value not known yet
 * (before the first snapshot, a rate before the second sample) is NaN, written as JSON null.
 *
 * <p>Thread-safe: sampling and reading take the same lock, for a few microseconds; the stream
 * thread never takes it.
 */
public final class SeriesHistory {

    /** Samples kept per series by default: at one a second, the last 2 h 46 min. */
    public static final int DEFAULT_CAPACITY = 10_000;

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final String[] LEARNER_SERIES = {
        "prequential", "train", "holdout", "gap", "nonzero", "nonzeroRatio", "gradientNorm", "clipRate", "updates"};
    private static final int PREQUENTIAL = 0, TRAIN = 1, HOLDOUT = 2, GAP = 3, NONZERO = 4, NONZERO_RATIO = 5,
            GRADIENT_NORM = 6, CLIP_RATE = 7, UPDATES = 8;

    private final PipelineReadings pipeline;
    private final int capacity;
    private final List<String> learners;
    private final List<String> reasons;
    private final double[] time;
    private final double[] records;
    private final double[] recordsPerSecond;
    /** [reason][slot]: dead letters of that reason, since the process started. */
    private final double[][] deadLetters;
    /** [learner][series][slot] */
    private final double[][][] learnerSeries;
    /** Samples taken so far; sample i sits in slot i % capacity while i >= taken - capacity. */
    private long taken;
    private long lastMillis;
    private long lastSeen;
    private final long[] lastUpdates;
    private final long[] lastClipped;

    public SeriesHistory(PipelineReadings pipeline) {
        this(pipeline, DEFAULT_CAPACITY);
    }

    public SeriesHistory(PipelineReadings pipeline, int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be >= 1: " + capacity);
        }
        this.pipeline = pipeline;
        this.capacity = capacity;
        this.learners = List.copyOf(pipeline.learnerNames());
        this.reasons = List.copyOf(pipeline.rejectReasons());
        this.time = new double[capacity];
        this.records = new double[capacity];
        this.recordsPerSecond = new double[capacity];
        this.deadLetters = new double[reasons.size()][capacity];
        this.learnerSeries = new double[learners.size()][LEARNER_SERIES.length][capacity];
        this.lastUpdates = new long[learners.size()];
        this.lastClipped = new long[learners.size()];
    }

    public String pipeline() {
        return pipeline.pipeline();
    }

    public int capacity() {
        return capacity;
    }

    /** Samples taken so far (also the sequence number of the next one). */
    public synchronized long taken() {
        return taken;
    }

    /** Takes one sample of the pipeline's readings at wall-clock time {@code epochMillis}. */
    public synchronized void sample(long epochMillis) {
        int slot = (int) (taken % capacity);
        long processed = 0;
        for (Split s : Split.values()) {
            processed += pipeline.records(s);
        }
        long rejected = 0;
        for (int r = 0; r < reasons.size(); r++) {
            long n = pipeline.rejected(reasons.get(r));
            deadLetters[r][slot] = n;
            rejected += n;
        }
        long seen = processed + rejected;
        time[slot] = epochMillis;
        records[slot] = processed;
        double seconds = (epochMillis - lastMillis) / 1000.0;
        recordsPerSecond[slot] = taken == 0 || seconds <= 0 ? Double.NaN : (seen - lastSeen) / seconds;
        List<? extends LearnerReading> snapshot = pipeline.learners();
        for (int l = 0; l < learners.size(); l++) {
            double[][] s = learnerSeries[l];
            LearnerReading r = find(snapshot, learners.get(l));
            long updates = pipeline.modelUpdates(l);
            long clipped = pipeline.clippedSteps(l);
            if (r == null) {
                for (double[] series : s) {
                    series[slot] = Double.NaN;
                }
            } else {
                s[PREQUENTIAL][slot] = r.stats().prequentialLoss();
                s[TRAIN][slot] = r.stats().trainLoss();
                s[HOLDOUT][slot] = r.stats().holdoutLoss();
                s[GAP][slot] = r.stats().gap();
                s[NONZERO][slot] = r.nonZeroWeights();
                s[NONZERO_RATIO][slot] = r.weightCount() == 0 ? Double.NaN : (double) r.nonZeroWeights() / r.weightCount();
                s[GRADIENT_NORM][slot] = r.lastGradientNorm();
                long steps = updates - lastUpdates[l];
                s[CLIP_RATE][slot] = taken == 0 || steps <= 0 ? Double.NaN : (double) (clipped - lastClipped[l]) / steps;
                s[UPDATES][slot] = updates;
            }
            lastUpdates[l] = updates;
            lastClipped[l] = clipped;
        }
        lastMillis = epochMillis;
        lastSeen = seen;
        taken++;
    }

    private static LearnerReading find(List<? extends LearnerReading> snapshot, String learner) {
        for (LearnerReading r : snapshot) {
            if (r.learner().equals(learner)) {
                return r;
            }
        }
        return null;
    }

    /**
     * The samples from sequence number {@code from} on (those still kept: the oldest kept when
     * {@code from} is older), as JSON columns: {@code pipeline}, {@code capacity}, {@code first}
     * (sequence of the first sample returned) and {@code next} (ask for it next time), {@code time}
     * (epoch ms), {@code records}, {@code recordsPerSecond}, {@code deadLetters} by reason, and
     * {@code learners}, each with {@code prequential}, {@code train}, {@code holdout}, {@code gap},
     * {@code nonzero}, {@code nonzeroRatio}, {@code gradientNorm}, {@code clipRate},
     * {@code updates}. Every column has one value per sample; NaN and infinities are null.
     */
    public synchronized ObjectNode toJson(long from) {
        long first = Math.max(Math.max(0, from), taken - capacity);
        first = Math.min(first, taken);
        ObjectNode node = JSON.objectNode();
        node.put("pipeline", pipeline.pipeline());
        node.put("capacity", capacity);
        node.put("first", first);
        node.put("next", taken);
        column(node.putArray("time"), time, first);
        column(node.putArray("records"), records, first);
        column(node.putArray("recordsPerSecond"), recordsPerSecond, first);
        ObjectNode dead = node.putObject("deadLetters");
        for (int r = 0; r < reasons.size(); r++) {
            column(dead.putArray(reasons.get(r)), deadLetters[r], first);
        }
        ObjectNode byLearner = node.putObject("learners");
        for (int l = 0; l < learners.size(); l++) {
            ObjectNode learner = byLearner.putObject(learners.get(l));
            for (int k = 0; k < LEARNER_SERIES.length; k++) {
                column(learner.putArray(LEARNER_SERIES[k]), learnerSeries[l][k], first);
            }
        }
        return node;
    }

    private void column(ArrayNode out, double[] ring, long first) {
        for (long i = first; i < taken; i++) {
            double v = ring[(int) (i % capacity)];
            if (Double.isFinite(v)) {
                out.add(v);
            } else {
                out.addNull();
            }
        }
    }
}
