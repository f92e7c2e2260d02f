package io.streamlearn.learn.mlp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.junit.jupiter.api.Test;

/** The backward pass's products give EJML's bits on every shape: the demo's, odd ones, and those EJML does its other way. */
class GradientProductsTest {

    /** {K, m, n}: a^T b with a K x m and b K x n; a b with a K x m and b m x n. */
    private static final int[][] SHAPES = {{32, 32, 10}, {32, 16, 32}, {32, 1, 16}, {32, 32, 16}, {32, 16, 1},
        {1, 32, 10}, {1, 16, 32}, {5, 7, 3}, {3, 1, 5}, {4, 9, 6}, {7, 15, 15}, {7, 14, 14}, {9, 3, 17}, {2, 17, 3},
        {33, 31, 19}, {16, 20, 1}, {1, 1, 1}};

    @Test
    void multTransAIsBitIdenticalToEjml() {
        Random random = new Random(5);
        for (int[] s : SHAPES) {
            DMatrixRMaj a = matrix(s[0], s[1], random);
            DMatrixRMaj b = matrix(s[0], s[2], random);
            DMatrixRMaj expected = new DMatrixRMaj(s[1], s[2]);
            DMatrixRMaj actual = new DMatrixRMaj(s[1], s[2]);
            CommonOps_DDRM.multTransA(a, b, expected);
            GradientProducts.multTransA(a, b, actual);
            assertBits(expected, actual, "a^T b " + s[0] + "x" + s[1] + "x" + s[2]);
        }
    }

    @Test
    void multIsBitIdenticalToEjml() {
        Random random = new Random(6);
        for (int[] s : SHAPES) {
            DMatrixRMaj a = matrix(s[0], s[1], random);
            DMatrixRMaj b = matrix(s[1], s[2], random);
            DMatrixRMaj expected = new DMatrixRMaj(s[0], s[2]);
            DMatrixRMaj actual = new DMatrixRMaj(s[0], s[2]);
            CommonOps_DDRM.mult(a, b, expected);
            GradientProducts.mult(a, b, actual);
            assertBits(expected, actual, "a b " + s[0] + "x" + s[1] + "x" + s[2]);
        }
    }

    private static DMatrixRMaj matrix(int rows, int cols, Random random) {
        DMatrixRMaj m = new DMatrixRMaj(rows, cols);
        for (int i = 0; i < m.data.length; i++) {
            // mixed magnitudes, so that another order of additions would round differently; signed and exact
            // zeros (ReLU's gradients) among them
            int kind = random.nextInt(8);
            m.data[i] = kind == 0 ? 0.0 : kind == 1 ? -0.0 : random.nextGaussian() * Math.pow(10, random.nextInt(7) - 3);
        }
        return m;
    }

    private static void assertBits(DMatrixRMaj expected, DMatrixRMaj actual, String what) {
        assertEquals(expected.numRows, actual.numRows, what);
        assertEquals(expected.numCols, actual.numCols, what);
        for (int i = 0; i < expected.getNumElements(); i++) {
            assertEquals(Double.doubleToRawLongBits(expected.data[i]), Double.doubleToRawLongBits(actual.data[i]),
                    what + " entry " + i);
        }
    }
}
