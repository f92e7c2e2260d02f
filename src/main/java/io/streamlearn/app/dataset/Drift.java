package io.streamlearn.app.dataset;

import io.streamlearn.learn.SeededRandom;
import java.util.List;

/**
 * A linear stream whose truth switches abruptly: x standard normal in 10 dimensions,
 * y = w.x + N(0, 0.25), where w is one fixed vector for the first {@code period} records, a
 * different one for the next {@code period}, and so on, alternating. Windowed losses show the jump
 * and the recovery.
 */
final class Drift implements Dataset {

    static final List<String> FEATURES =
            List.of("x1", "x2", "x3", "x4", "x5", "x6", "x7", "x8", "x9", "x10");
    private static final double[] BEFORE = {3, -2, 1.5, 0, 0, 1, 0, 0, -1, 0};
    private static final double[] AFTER = {-1, 2, 0, 2.5, -3, 0, 0, 1, 0, 0};
    private static final double NOISE_SIGMA = 0.5;

    private final SeededRandom random;
    private final long period;
    private long next;

    Drift(long seed, long period) {
        if (period <= 0) {
            throw new IllegalArgumentException("period must be positive, was " + period);
        }
        this.random = new SeededRandom(seed);
        this.period = period;
    }

    @Override
    public String name() {
        return "drift";
    }

    @Override
    public List<String> featureNames() {
        return FEATURES;
    }

    @Override
    public String labelName() {
        return "y";
    }

    @Override
    public boolean hasNext() {
        return true;
    }

    @Override
    public DatasetRow next() {
        double[] w = (next / period) % 2 == 0 ? BEFORE : AFTER;
        double[] x = new double[FEATURES.size()];
        double y = 0;
        for (int j = 0; j < x.length; j++) {
            x[j] = random.nextGaussian();
            y += w[j] * x[j];
        }
        y += NOISE_SIGMA * random.nextGaussian();
        return new DatasetRow("drift-" + next++, x, y);
    }
}
