package io.streamlearn.learn.mlp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.junit.jupiter.api.Test;

class DenseLayerMultTest {

    @Test
    void multTransBIsBitIdenticalToEjml() {
        Random random = new Random(7);
        int[][] shapes = {{1, 10, 32}, {1, 32, 16}, {1, 16, 1}, {32, 10, 32}, {32, 16, 1}, {5, 7, 3}, {3, 1, 5}, {4, 9, 6},
                {250, 10, 32}, {250, 32, 16}, {7, 16, 3}, {2, 7, 2}};
        for (int[] shape : shapes) {
            DMatrixRMaj a = new DMatrixRMaj(shape[0], shape[1]);
            DMatrixRMaj b = new DMatrixRMaj(shape[2], shape[1]);
            fill(a, random);
            fill(b, random);
            a.data[0] = -0.0; // signed and exact zeros (ReLU outputs) in the input
            a.data[a.data.length - 1] = 0.0;
            DMatrixRMaj expected = new DMatrixRMaj(1, 1);
            DMatrixRMaj actual = new DMatrixRMaj(1, 1);
            CommonOps_DDRM.multTransB(a, b, expected);
            DenseLayer.multTransB(a, b, actual);
            assertEquals(expected.numRows, actual.numRows);
            assertEquals(expected.numCols, actual.numCols);
            for (int i = 0; i < expected.getNumElements(); i++) {
                assertEquals(Double.doubleToRawLongBits(expected.data[i]), Double.doubleToRawLongBits(actual.data[i]),
                        "shape " + shape[0] + "x" + shape[1] + "x" + shape[2] + " entry " + i);
            }
        }
    }

    private static void fill(DMatrixRMaj m, Random random) {
        for (int i = 0; i < m.data.length; i++) {
            // mixed magnitudes so that a different order of additions would round differently
            m.data[i] = random.nextGaussian() * Math.pow(10, random.nextInt(7) - 3);
        }
    }
}
