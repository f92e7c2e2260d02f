package io.streamlearn.learn.mlp;

import org.ejml.EjmlParameters;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;

/**
 * The two matrix products of a dense layer's backward pass, with the bits of EJML's: where EJML
 * would use its "reorder" kernels (every shape of the demo's MLP), each output element is summed
 * here in the same order, c = a_0 b_0 + a_1 b_1 + ... over k ascending, starting from the first
 * product; but two rows by four columns side by side (eight independent sums, each loaded value of
 * one operand serving four, of the other two), where EJML adds one row at a time into c in memory.
 * Every other shape goes to EJML itself. {@code GradientProductsTest} compares bits with EJML.
 */
final class GradientProducts {

    private GradientProducts() {}

    /** c = a^T b (a: K x m, b: K x n, c: m x n), as {@link CommonOps_DDRM#multTransA}. */
    static void multTransA(DMatrixRMaj a, DMatrixRMaj b, DMatrixRMaj c) {
        boolean reorder = b.numCols != 1
                && (a.numCols >= EjmlParameters.MULT_COLUMN_SWITCH || b.numCols >= EjmlParameters.MULT_COLUMN_SWITCH);
        if (!reorder || a.numRows == 0 || a.numRows != b.numRows || c.numRows != a.numCols || c.numCols != b.numCols
                || a == c || b == c) {
            CommonOps_DDRM.multTransA(a, b, c);
            return;
        }
        int m = a.numCols;
        int n = b.numCols;
        int rows = a.numRows;
        double[] ad = a.data;
        double[] bd = b.data;
        double[] cd = c.data;
        int i = 0;
        for (; i + 2 <= m; i += 2) {
            int j = 0;
            for (; j + 4 <= n; j += 4) {
                // c[i..i+1][j..j+3] = sum over k of a[k][i..i+1] b[k][j..j+3], k ascending from the first product
                double u = ad[i];
                double v = ad[i + 1];
                double w0 = bd[j];
                double w1 = bd[j + 1];
                double w2 = bd[j + 2];
                double w3 = bd[j + 3];
                double s00 = u * w0;
                double s01 = u * w1;
                double s02 = u * w2;
                double s03 = u * w3;
                double s10 = v * w0;
                double s11 = v * w1;
                double s12 = v * w2;
                double s13 = v * w3;
                for (int k = 1; k < rows; k++) {
                    int ak = k * m + i;
                    int bk = k * n + j;
                    u = ad[ak];
                    v = ad[ak + 1];
                    w0 = bd[bk];
                    w1 = bd[bk + 1];
                    w2 = bd[bk + 2];
                    w3 = bd[bk + 3];
                    s00 += u * w0;
                    s01 += u * w1;
                    s02 += u * w2;
                    s03 += u * w3;
                    s10 += v * w0;
                    s11 += v * w1;
                    s12 += v * w2;
                    s13 += v * w3;
                }
                int c0 = i * n + j;
                int c1 = c0 + n;
                cd[c0] = s00;
                cd[c0 + 1] = s01;
                cd[c0 + 2] = s02;
                cd[c0 + 3] = s03;
                cd[c1] = s10;
                cd[c1 + 1] = s11;
                cd[c1 + 2] = s12;
                cd[c1 + 3] = s13;
            }
            for (; j < n; j++) {
                cd[i * n + j] = transADot(ad, m, i, bd, n, j, rows);
                cd[(i + 1) * n + j] = transADot(ad, m, i + 1, bd, n, j, rows);
            }
        }
        for (; i < m; i++) {
            for (int j = 0; j < n; j++) {
                cd[i * n + j] = transADot(ad, m, i, bd, n, j, rows);
            }
        }
    }

    /** sum over k of a[k][i] b[k][j], k ascending from the first product. */
    private static double transADot(double[] ad, int m, int i, double[] bd, int n, int j, int rows) {
        double s = ad[i] * bd[j];
        for (int k = 1; k < rows; k++) {
            s += ad[k * m + i] * bd[k * n + j];
        }
        return s;
    }

    /** c = a b (a: m x K, b: K x n, c: m x n), as {@link CommonOps_DDRM#mult}. */
    static void mult(DMatrixRMaj a, DMatrixRMaj b, DMatrixRMaj c) {
        boolean reorder = b.numCols != 1 && b.numCols >= EjmlParameters.MULT_COLUMN_SWITCH;
        if (!reorder || a.numCols == 0 || a.numCols != b.numRows || c.numRows != a.numRows || c.numCols != b.numCols
                || a == c || b == c) {
            CommonOps_DDRM.mult(a, b, c);
            return;
        }
        int m = a.numRows;
        int inner = a.numCols;
        int n = b.numCols;
        double[] ad = a.data;
        double[] bd = b.data;
        double[] cd = c.data;
        int i = 0;
        for (; i + 2 <= m; i += 2) {
            int a0 = i * inner;
            int a1 = a0 + inner;
            int j = 0;
            for (; j + 4 <= n; j += 4) {
                // c[i..i+1][j..j+3] = sum over k of a[i..i+1][k] b[k][j..j+3], k ascending from the first product
                double u = ad[a0];
                double v = ad[a1];
                double w0 = bd[j];
                double w1 = bd[j + 1];
                double w2 = bd[j + 2];
                double w3 = bd[j + 3];
                double s00 = u * w0;
                double s01 = u * w1;
                double s02 = u * w2;
                double s03 = u * w3;
                double s10 = v * w0;
                double s11 = v * w1;
                double s12 = v * w2;
                double s13 = v * w3;
                for (int k = 1; k < inner; k++) {
                    int bk = k * n + j;
                    u = ad[a0 + k];
                    v = ad[a1 + k];
                    w0 = bd[bk];
                    w1 = bd[bk + 1];
                    w2 = bd[bk + 2];
                    w3 = bd[bk + 3];
                    s00 += u * w0;
                    s01 += u * w1;
                    s02 += u * w2;
                    s03 += u * w3;
                    s10 += v * w0;
                    s11 += v * w1;
                    s12 += v * w2;
                    s13 += v * w3;
                }
                int c0 = i * n + j;
                int c1 = c0 + n;
                cd[c0] = s00;
                cd[c0 + 1] = s01;
                cd[c0 + 2] = s02;
                cd[c0 + 3] = s03;
                cd[c1] = s10;
                cd[c1 + 1] = s11;
                cd[c1 + 2] = s12;
                cd[c1 + 3] = s13;
            }
            for (; j < n; j++) {
                cd[i * n + j] = multDot(ad, a0, bd, n, j, inner);
                cd[(i + 1) * n + j] = multDot(ad, a1, bd, n, j, inner);
            }
        }
        for (; i < m; i++) {
            for (int j = 0; j < n; j++) {
                cd[i * n + j] = multDot(ad, i * inner, bd, n, j, inner);
            }
        }
    }

    /** sum over k of a[ai + k] b[k][j], k ascending from the first product. */
    private static double multDot(double[] ad, int ai, double[] bd, int n, int j, int inner) {
        double s = ad[ai] * bd[j];
        for (int k = 1; k < inner; k++) {
            s += ad[ai + k] * bd[k * n + j];
        }
        return s;
    }
}
