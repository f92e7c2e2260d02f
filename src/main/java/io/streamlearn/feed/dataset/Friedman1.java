package io.streamlearn.feed.dataset;

/**
 * Friedman's first regression problem (Friedman, "Multivariate Adaptive Regression Splines",
 * Annals of Statistics 1991): x uniform on [0, 1]^10,
 * y = 10 sin(pi x1 x2) + 20 (x3 - 0.5)^2 + 10 x4 + 5 x5 + N(0, 1). Features x6..x10 are irrelevant,
 * so a Lasso should zero them, and the sine and square reward a nonlinear learner.
 */
final class Friedman1 extends GeneratedDataset {

    Friedman1(long seed) {
        super("friedman1", seed);
    }

    @Override
    double draw(long n, double[] x) {
        for (int j = 0; j < x.length; j++) {
            x[j] = random.nextDouble();
        }
        return 10 * Math.sin(Math.PI * x[0] * x[1]) + 20 * (x[2] - 0.5) * (x[2] - 0.5)
                + 10 * x[3] + 5 * x[4] + random.nextGaussian();
    }
}
