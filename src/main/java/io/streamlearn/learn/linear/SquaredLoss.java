package io.streamlearn.learn.linear;

/** L = 0.5 (p - y)^2 with p = s_0, so dL/dp = p - y (sklearn's {@code squared_error}). */
public final class SquaredLoss implements ScoreLoss {

    @Override
    public int rows() {
        return 1;
    }

    @Override
    public int outputs() {
        return 1;
    }

    @Override
    public void output(double[] scores, double[] out) {
        out[0] = scores[0];
    }

    @Override
    public void gradient(double[] scores, double label, double[] gradient) {
        gradient[0] = scores[0] - label;
    }

    @Override
    public double value(double[] scores, double label) {
        double r = scores[0] - label;
        return 0.5 * r * r;
    }
}
