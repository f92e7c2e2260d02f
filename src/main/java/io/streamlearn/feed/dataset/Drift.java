package io.streamlearn.feed.dataset;

/**
 * A linear stream whose truth switches abruptly: x standard normal in 10 dimensions,
 * y = w.x + N(0, 0.25), where w is one fixed vector for the first {@code period} records, a
 * different one for the next {@code period}, and so on, alternating. Windowed losses show the jump
 * and the recovery.
 */
final class Drift extends GeneratedDataset {

    private static final double[] BEFORE = {3, -2, 1.5, 0, 0, 1, 0, 0, -1, 0};
    private static final double[] AFTER = {-1, 2, 0, 2.5, -3, 0, 0, 1, 0, 0};
    private static final double NOISE_SIGMA = 0.5;

    private final long period;

    Drift(long seed, long period) {
        super("drift", seed);
        if (period <= 0) {
            throw new IllegalArgumentException("period must be positive, was " + period);
        }
        this.period = period;
    }

    @Override
    double draw(long n, double[] x) {
        double[] w = (n / period) % 2 == 0 ? BEFORE : AFTER;
        double y = 0;
        for (int j = 0; j < x.length; j++) {
            x[j] = random.nextGaussian();
            y += w[j] * x[j];
        }
        return y + NOISE_SIGMA * random.nextGaussian();
    }
}
