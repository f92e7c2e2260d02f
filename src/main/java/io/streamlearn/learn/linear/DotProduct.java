package io.streamlearn.learn.linear;

/** Dot products on the hot path. */
final class DotProduct {

    private DotProduct() {}

    /**
     * sum_j w[offset + j] x[j] for j < n, with four partial sums so that the additions do not wait on
     * one another (a single running sum is bound by the latency of each add); the order of summation
     * differs from the left-to-right one by rounding only.
     */
    static double dot(double[] w, int offset, double[] x, int n) {
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        int j = 0;
        for (; j + 3 < n; j += 4) {
            s0 += w[offset + j] * x[j];
            s1 += w[offset + j + 1] * x[j + 1];
            s2 += w[offset + j + 2] * x[j + 2];
            s3 += w[offset + j + 3] * x[j + 3];
        }
        for (; j < n; j++) {
            s0 += w[offset + j] * x[j];
        }
        return (s0 + s1) + (s2 + s3);
    }
}
