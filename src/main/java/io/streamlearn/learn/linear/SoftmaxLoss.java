package io.streamlearn.learn.linear;

/**
 * Multinomial log loss over K scores: p = softmax(s), L = -log p_y, so dL/ds_k = p_k - [k = y].
 * Outputs the K probabilities.
 */
public final class SoftmaxLoss implements ScoreLoss {

    private final int classes;

    public SoftmaxLoss(int classes) {
        if (classes < 2) {
            throw new IllegalArgumentException("softmax needs at least 2 classes, got " + classes);
        }
        this.classes = classes;
    }

    @Override
    public int rows() {
        return classes;
    }

    @Override
    public int outputs() {
        return classes;
    }

    /** p_k = exp(s_k - max s) / sum_i exp(s_i - max s); shifting by the max keeps exp finite. */
    @Override
    public void output(double[] scores, double[] out) {
        double max = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < classes; k++) {
            max = Math.max(max, scores[k]);
        }
        double sum = 0;
        for (int k = 0; k < classes; k++) {
            out[k] = Math.exp(scores[k] - max);
            sum += out[k];
        }
        for (int k = 0; k < classes; k++) {
            out[k] /= sum;
        }
    }

    @Override
    public void gradient(double[] scores, double label, double[] gradient) {
        int y = ClassLabel.index(label, classes);
        output(scores, gradient);
        gradient[y] -= 1.0;
    }

    /** L = log sum_k exp(s_k) - s_y, with the max shifted out. */
    @Override
    public double value(double[] scores, double label) {
        int y = ClassLabel.index(label, classes);
        double max = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < classes; k++) {
            max = Math.max(max, scores[k]);
        }
        double sum = 0;
        for (int k = 0; k < classes; k++) {
            sum += Math.exp(scores[k] - max);
        }
        return max + Math.log(sum) - scores[y];
    }
}
