package io.streamlearn.feed.dataset;

import java.util.List;

/** The built-in datasets, by the names the command line uses. */
public final class Datasets {

    public static final List<String> NAMES = List.of("friedman1", "drift", "diabetes");
    /** Records per regime of {@code drift}. */
    public static final long DRIFT_PERIOD = 10_000;

    private Datasets() {}

    /**
     * The {@code drift} stream with another regime length; {@code Long.MAX_VALUE} makes it
     * stationary (one linear truth throughout).
     */
    public static Dataset drift(long seed, long period) {
        return new Drift(seed, period);
    }

    /**
     * Opens a dataset.
     *
     * @param seed seed of the generated datasets (friedman1, drift); the bundled diabetes ignores it
     * @throws IllegalArgumentException for an unknown name, listing the known ones
     */
    public static Dataset open(String name, long seed) {
        switch (name) {
            case "friedman1":
                return new Friedman1(seed);
            case "drift":
                return new Drift(seed, DRIFT_PERIOD);
            case "diabetes":
                return new Diabetes();
            default:
                throw new IllegalArgumentException("unknown dataset '" + name + "'; known: " + String.join(", ", NAMES));
        }
    }
}
