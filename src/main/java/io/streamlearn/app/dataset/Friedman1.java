package io.streamlearn.app.dataset;

import io.streamlearn.learn.SeededRandom;
import java.util.List;

/**
 * Friedman's first regression problem (Friedman, "Multivariate Adaptive Regression Splines",
 * Annals of Statistics 1991): x uniform on [0, 1]^10,
 * y = 10 sin(pi x1 x2) + 20 (x3 - 0.5)^2 + 10 x4 + 5 x5 + N(0, 1). Features x6..x10 are irrelevant,
 * so a Lasso should zero them, and the sine and square reward a nonlinear learner.
 */
final class Friedman1 implements Dataset {

    static final List<String> FEATURES =
            List.of("x1", "x2", "x3", "x4", "x5", "x6", "x7", "x8", "x9", "x10");

    private final SeededRandom random;
    private long next;

    Friedman1(long seed) {
        this.random = new SeededRandom(seed);
    }

    @Override
    public String name() {
        return "friedman1";
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
        double[] x = new double[FEATURES.size()];
        for (int j = 0; j < x.length; j++) {
            x[j] = random.nextDouble();
        }
        double y = 10 * Math.sin(Math.PI * x[0] * x[1]) + 20 * (x[2] - 0.5) * (x[2] - 0.5)
                + 10 * x[3] + 5 * x[4] + random.nextGaussian();
        return new DatasetRow("friedman1-" + next++, x, y);
    }
}
