package io.streamlearn.learn.mlp;

import org.ejml.data.DMatrixRMaj;

/**
 * The rectifier a = max(z, 0), with derivative 1 where z &gt; 0 and 0 elsewhere (0 at exactly 0, as
 * PyTorch). Without a branch per element: half the pre-activations are positive in no pattern a
 * branch predictor can learn, so {@code z > 0 ? z : 0} mispredicts about every other element.
 * Instead a mask of the sign of z's bits is and-ed with the value's bits (the same results as the
 * comparison for every z but NaN, which a step never leaves in a model).
 */
public final class Relu {

    private Relu() {}

    /** All ones when z &gt; 0 (bits positive: not +0, not negative, not -0), else 0. */
    private static long positiveMask(long zBits) {
        return (-zBits & ~zBits) >> 63;
    }

    /** Writes a = max(z, 0) into {@code a}; {@code a} may be {@code z}. */
    public static void forward(DMatrixRMaj z, DMatrixRMaj a) {
        double[] zd = z.data;
        double[] ad = a.data;
        int n = z.getNumElements();
        for (int i = 0; i < n; i++) {
            long bits = Double.doubleToRawLongBits(zd[i]);
            ad[i] = Double.longBitsToDouble(bits & positiveMask(bits));
        }
    }

    /** Writes dz = da * [z &gt; 0] into {@code dz}; {@code dz} may be {@code da}. */
    public static void backward(DMatrixRMaj z, DMatrixRMaj da, DMatrixRMaj dz) {
        double[] zd = z.data;
        double[] dad = da.data;
        double[] dzd = dz.data;
        int n = z.getNumElements();
        for (int i = 0; i < n; i++) {
            long mask = positiveMask(Double.doubleToRawLongBits(zd[i]));
            dzd[i] = Double.longBitsToDouble(Double.doubleToRawLongBits(dad[i]) & mask);
        }
    }
}
