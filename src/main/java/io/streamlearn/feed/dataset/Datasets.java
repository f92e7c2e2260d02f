package io.streamlearn.feed.dataset;

import java.util.List;

/** The built-in datasets, by the names the command line uses. */
public final class Datasets {

    /** The datasets of feature records. */
    public static final List<String> NAMES = List.of("friedman1", "drift", "diabetes");
    /**
     * The datasets of raw events ({@link #events}), for a spec with raw-event features
     * ({@code replay --dataset payments}).
     */
    public static final List<String> EVENT_NAMES = List.of(PaymentEvents.NAME);
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
     * Opens a dataset of raw events: each {@code next()} is one event's UTF-8 JSON.
     *
     * @throws IllegalArgumentException for an unknown name, listing the known ones
     */
    public static java.util.Iterator<byte[]> events(String name, long seed) {
        if (PaymentEvents.NAME.equals(name)) {
            return new PaymentEvents(seed);
        }
        throw new IllegalArgumentException("unknown dataset of raw events '" + name + "'; known: "
                + String.join(", ", EVENT_NAMES));
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
            case PaymentEvents.NAME:
                throw new IllegalArgumentException("dataset '" + name + "' is raw events, for a spec with raw-event "
                        + "features (topologies/payments.yaml); datasets of feature records: " + String.join(", ", NAMES));
            default:
                throw new IllegalArgumentException("unknown dataset '" + name + "'; known: " + String.join(", ", NAMES));
        }
    }
}
