package io.streamlearn.learn.mlp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;

/** The branch-free rectifier against its definition, bit for bit, on the edge cases of doubles. */
class ReluTest {

    @Test
    void forwardAndBackwardAreTheComparisonsBitForBit() {
        double[] edges = {0.0, -0.0, Double.MIN_VALUE, -Double.MIN_VALUE, Double.MIN_NORMAL, -Double.MIN_NORMAL,
                1.0, -1.0, Double.MAX_VALUE, -Double.MAX_VALUE, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY};
        Random random = new Random(3);
        int n = edges.length + 1000;
        DMatrixRMaj z = new DMatrixRMaj(1, n);
        DMatrixRMaj da = new DMatrixRMaj(1, n);
        for (int i = 0; i < n; i++) {
            z.data[i] = i < edges.length ? edges[i] : random.nextGaussian() * Math.pow(10, random.nextInt(20) - 10);
            da.data[i] = i < edges.length ? -edges[edges.length - 1 - i] : random.nextGaussian();
        }
        DMatrixRMaj a = new DMatrixRMaj(1, n);
        DMatrixRMaj dz = new DMatrixRMaj(1, n);
        Relu.forward(z, a);
        Relu.backward(z, da, dz);
        for (int i = 0; i < n; i++) {
            double zi = z.data[i];
            assertThat(Double.doubleToRawLongBits(a.data[i])).as("relu(%s)", zi)
                    .isEqualTo(Double.doubleToRawLongBits(zi > 0.0 ? zi : 0.0));
            assertThat(Double.doubleToRawLongBits(dz.data[i])).as("relu'(%s) * %s", zi, da.data[i])
                    .isEqualTo(Double.doubleToRawLongBits(zi > 0.0 ? da.data[i] : 0.0));
        }
    }
}
