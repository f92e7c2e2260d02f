package io.streamlearn.learn.linear;

/**
 * Binary log loss on one score z: P(1) = sigmoid(z), L = -y log P(1) - (1 - y) log P(0) with
 * y in {0, 1}, so dL/dz = sigmoid(z) - y. Outputs [P(0), P(1)].
 */
public final class LogisticLoss implements ScoreLoss {

    @Override
    public int rows() {
        return 1;
    }

    @Override
    public int outputs() {
        return 2;
    }

    /** sigmoid(z) = 1 / (1 + e^-z), written so that neither branch overflows. */
    static double sigmoid(double z) {
        if (z >= 0) {
            return 1.0 / (1.0 + Math.exp(-z));
        }
        double e = Math.exp(z);
        return e / (1.0 + e);
    }

    @Override
    public void output(double[] scores, double[] out) {
        double p = sigmoid(scores[0]);
        out[0] = 1.0 - p;
        out[1] = p;
    }

    @Override
    public void gradient(double[] scores, double label, double[] gradient) {
        gradient[0] = sigmoid(scores[0]) - ClassLabel.index(label, 2);
    }

    /** L = log(1 + e^z) - y z, evaluated as max(z, 0) + log1p(e^-|z|) - y z. */
    @Override
    public double value(double[] scores, double label) {
        double z = scores[0];
        return Math.max(z, 0) + Math.log1p(Math.exp(-Math.abs(z))) - ClassLabel.index(label, 2) * z;
    }
}
