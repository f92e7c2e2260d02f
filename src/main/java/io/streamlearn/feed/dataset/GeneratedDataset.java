package io.streamlearn.feed.dataset;

import io.streamlearn.learn.SeededRandom;
import java.util.List;

/**
 * An endless, seeded stream of ten features {@code x1..x10} and a label {@code y}; record n has the
 * id {@code <name>-<n>}.
 */
abstract class GeneratedDataset implements Dataset {

    static final List<String> FEATURES =
            List.of("x1", "x2", "x3", "x4", "x5", "x6", "x7", "x8", "x9", "x10");

    protected final SeededRandom random;
    private final String name;
    private long next;

    GeneratedDataset(String name, long seed) {
        this.name = name;
        this.random = new SeededRandom(seed);
    }

    /** Fills the features of record n into x (length 10) and returns its label. */
    abstract double draw(long n, double[] x);

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final List<String> featureNames() {
        return FEATURES;
    }

    @Override
    public final String labelName() {
        return "y";
    }

    @Override
    public final boolean hasNext() {
        return true;
    }

    @Override
    public final DatasetRow next() {
        long n = next++;
        double[] x = new double[FEATURES.size()];
        double y = draw(n, x);
        return new DatasetRow(name + "-" + n, x, y);
    }
}
