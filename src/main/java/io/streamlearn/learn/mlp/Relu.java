package io.streamlearn.learn.mlp;

import org.ejml.data.DMatrixRMaj;

/** The rectifier a = max(z, 0), with derivative 1 where z &gt; 0 and 0 elsewhere (0 at exactly 0, as PyTorch). */
public final class Relu {

    private Relu() {}

    /** Writes a = max(z, 0) into {@code a}; {@code a} may be {@code z}. */
    public static void forward(DMatrixRMaj z, DMatrixRMaj a) {
        double[] zd = z.data;
        double[] ad = a.data;
        int n = z.getNumElements();
        for (int i = 0; i < n; i++) {
            ad[i] = zd[i] > 0.0 ? zd[i] : 0.0;
        }
    }

    /** Writes dz = da * [z &gt; 0] into {@code dz}; {@code dz} may be {@code da}. */
    public static void backward(DMatrixRMaj z, DMatrixRMaj da, DMatrixRMaj dz) {
        double[] zd = z.data;
        double[] dad = da.data;
        double[] dzd = dz.data;
        int n = z.getNumElements();
        for (int i = 0; i < n; i++) {
            dzd[i] = zd[i] > 0.0 ? dad[i] : 0.0;
        }
    }
}
