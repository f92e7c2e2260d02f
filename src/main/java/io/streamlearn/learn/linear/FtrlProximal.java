package io.streamlearn.learn.linear;

import io.streamlearn.learn.StateVisitor;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * FTRL-Proximal with per-coordinate learning rates (McMahan et al., "Ad Click Prediction: a View from
 * the Trenches", KDD 2013, Algorithm 1). Per weight it keeps z and n; the weight is a function of them:
 * w = 0 if |z| <= lambda1, else w = -(z - sign(z) lambda1) / ((beta + sqrt(n)) / alpha + lambda2).
 * A step with gradient g at the current w: sigma = (sqrt(n + g^2) - sqrt(n)) / alpha;
 * z <- z + g - sigma w; n <- n + g^2. The intercept follows the same rule with lambda1 = lambda2 = 0.
 *
 * <p>Regularization: the paper minimizes sum_s loss_s + lambda1 ||w||_1 + (lambda2/2) ||w||^2 over all
 * records seen, while streamlearn's objective is the mean loss + l1 ||w||_1 + (l2/2) ||w||^2. After t
 * steps the two agree (up to the factor t) with lambda1 = t l1 and lambda2 = t l2, so the penalty
 * grows with the step counter. The weights follow from (z, n, t) and a coordinate whose gradient is 0
 * keeps its z and n, so a sparse step touches only its features and needs no catch-up.
 *
 * <p>Defaults in the paper's spirit: beta = 1 ("beta = 1 is usually good enough"); alpha depends on the
 * scale of the features and must be tuned.
 */
public final class FtrlProximal extends LinearOptimizer {

    /** McMahan et al. (2013), section 3.1: "beta = 1 is usually good enough". */
    public static final double DEFAULT_BETA = 1.0;

    private final double alpha;
    private final double beta;
    private final double l1;
    private final double l2;
    private double[] z;
    private double[] n;
    private double[] spareZ;
    private double[] spareN;
    /**
     * sqrt(n) per weight, kept beside n (derived: rebuilt from n whenever n is read or visited):
     * the weight needs it at every prediction and the step needs sqrt(n) and sqrt(n + g^2), so one
     * square root per touched weight a record instead of four. The same bits as Math.sqrt(n) there.
     */
    private double[] rootN;
    private double[] spareRootN;
    private final double[] interceptZ;
    private final double[] interceptN;
    private final double[] nextInterceptZ;
    private final double[] nextInterceptN;
    /** The weights and intercepts of the current state, for {@link #scores(double[][], int, double[][])}. */
    private final double[] rowsWeights;
    private final double[] rowsIntercepts;
    private double[] touchedZ = new double[0];
    private double[] touchedN = new double[0];
    private double[] touchedRootN = new double[0];

    public FtrlProximal(int rows, int dimension, double alpha, double beta, ElasticNetProx penalty) {
        super(rows, dimension);
        if (!(alpha > 0) || !(beta >= 0) || Double.isInfinite(alpha) || Double.isInfinite(beta)) {
            throw new IllegalArgumentException("FTRL needs alpha > 0 and beta >= 0, got " + alpha + ", " + beta);
        }
        this.alpha = alpha;
        this.beta = beta;
        this.l1 = penalty.l1();
        this.l2 = penalty.l2();
        int size = rows * dimension;
        this.z = new double[size];
        this.n = new double[size];
        this.spareZ = new double[size];
        this.spareN = new double[size];
        this.rootN = new double[size];
        this.spareRootN = new double[size];
        this.interceptZ = new double[rows];
        this.interceptN = new double[rows];
        this.nextInterceptZ = new double[rows];
        this.nextInterceptN = new double[rows];
        this.rowsWeights = new double[size];
        this.rowsIntercepts = new double[rows];
    }

    /**
     * w(z, n) = 0 if |z| <= lambda1, else -(z - sign(z) lambda1) / ((beta + sqrt(n)) / alpha + lambda2),
     * given sqrt(n).
     */
    private double weightOf(double zi, double rootNi, double lambda1, double lambda2) {
        if (Math.abs(zi) <= lambda1) {
            return 0.0;
        }
        return -(zi - Math.copySign(lambda1, zi)) / ((beta + rootNi) / alpha + lambda2);
    }

    /**
     * sigma = (sqrt(n + g^2) - sqrt(n)) / alpha = 1/eta_t - 1/eta_{t-1}, the growth of the coordinate's
     * inverse learning rate; its step is z <- z + g - sigma w.
     */
    private double sigma(double rootNi, double rootNext) {
        return (rootNext - rootNi) / alpha;
    }

    @Override
    public double weight(int row, int feature) {
        int at = row * dimension + feature;
        return weightOf(z[at], rootN[at], steps * l1, steps * l2);
    }

    @Override
    public double intercept(int row) {
        return weightOf(interceptZ[row], Math.sqrt(interceptN[row]), 0.0, 0.0);
    }

    @Override
    public void scores(double[] x, double[] scores) {
        double lambda1 = steps * l1;
        double lambda2 = steps * l2;
        for (int k = 0; k < rows; k++) {
            int offset = k * dimension;
            double s = intercept(k);
            for (int j = 0; j < dimension; j++) {
                if (x[j] != 0) {
                    s += weightOf(z[offset + j], rootN[offset + j], lambda1, lambda2) * x[j];
                }
            }
            scores[k] = s;
        }
    }

    /** As n calls of {@link #scores(double[], double[])}, each weight w(z, n) computed once for all rows. */
    @Override
    public void scores(double[][] xs, int count, double[][] scores) {
        double lambda1 = steps * l1;
        double lambda2 = steps * l2;
        for (int at = 0; at < rowsWeights.length; at++) {
            rowsWeights[at] = weightOf(z[at], rootN[at], lambda1, lambda2);
        }
        for (int k = 0; k < rows; k++) {
            rowsIntercepts[k] = intercept(k);
        }
        for (int i = 0; i < count; i++) {
            double[] x = xs[i];
            double[] out = scores[i];
            for (int k = 0; k < rows; k++) {
                int offset = k * dimension;
                // s = b_k + sum_j w_kj x_j, in the order of scores(double[], double[])
                double s = rowsIntercepts[k];
                for (int j = 0; j < dimension; j++) {
                    if (x[j] != 0) {
                        s += rowsWeights[offset + j] * x[j];
                    }
                }
                out[k] = s;
            }
        }
    }

    @Override
    public boolean step(double[] x, double[] scoreGradient) {
        double lambda1 = steps * l1;
        double lambda2 = steps * l2;
        double check = 0;
        for (int k = 0; k < rows; k++) {
            int offset = k * dimension;
            for (int j = 0; j < dimension; j++) {
                int at = offset + j;
                double zi = z[at];
                double ni = n[at];
                double rootNi = rootN[at];
                if (x[j] != 0) {
                    double g = scoreGradient[k] * x[j];
                    double w = weightOf(zi, rootNi, lambda1, lambda2);
                    double nNext = ni + g * g;
                    double rootNext = Math.sqrt(nNext);
                    zi += g - sigma(rootNi, rootNext) * w;
                    ni = nNext;
                    rootNi = rootNext;
                    check += nonFinite(zi) + nonFinite(ni);
                }
                spareZ[at] = zi;
                spareN[at] = ni;
                spareRootN[at] = rootNi;
            }
        }
        check += stepIntercepts(scoreGradient);
        if (check != 0) {
            return false;
        }
        double[] t = z;
        z = spareZ;
        spareZ = t;
        t = n;
        n = spareN;
        spareN = t;
        t = rootN;
        rootN = spareRootN;
        spareRootN = t;
        commitIntercepts();
        steps++;
        return true;
    }

    @Override
    public boolean step(int[] indices, double[] values, int nnz, double[] scoreGradient) {
        checkSparse(indices, values, nnz);
        double lambda1 = steps * l1;
        double lambda2 = steps * l2;
        touchedZ = sparseScratch(touchedZ, nnz);
        touchedN = sparseScratch(touchedN, nnz);
        touchedRootN = sparseScratch(touchedRootN, nnz);
        double check = 0;
        for (int i = 0; i < nnz; i++) {
            for (int k = 0; k < rows; k++) {
                int at = k * dimension + indices[i];
                double zi = z[at];
                double ni = n[at];
                double rootNi = rootN[at];
                if (values[i] != 0) {
                    double g = scoreGradient[k] * values[i];
                    double w = weightOf(zi, rootNi, lambda1, lambda2);
                    double nNext = ni + g * g;
                    double rootNext = Math.sqrt(nNext);
                    zi += g - sigma(rootNi, rootNext) * w;
                    ni = nNext;
                    rootNi = rootNext;
                    check += nonFinite(zi) + nonFinite(ni);
                }
                touchedZ[i * rows + k] = zi;
                touchedN[i * rows + k] = ni;
                touchedRootN[i * rows + k] = rootNi;
            }
        }
        check += stepIntercepts(scoreGradient);
        if (check != 0) {
            return false;
        }
        commitSparse(touchedZ, indices, nnz, z);
        commitSparse(touchedN, indices, nnz, n);
        commitSparse(touchedRootN, indices, nnz, rootN);
        commitIntercepts();
        steps++;
        return true;
    }

    private double stepIntercepts(double[] scoreGradient) {
        double check = 0;
        for (int k = 0; k < rows; k++) {
            double g = scoreGradient[k];
            double zi = interceptZ[k];
            double ni = interceptN[k];
            double rootNi = Math.sqrt(ni);
            double w = weightOf(zi, rootNi, 0.0, 0.0);
            double nNext = ni + g * g;
            nextInterceptZ[k] = zi + g - sigma(rootNi, Math.sqrt(nNext)) * w;
            nextInterceptN[k] = nNext;
            check += nonFinite(nextInterceptZ[k]) + nonFinite(nNext);
        }
        return check;
    }

    private void commitIntercepts() {
        System.arraycopy(nextInterceptZ, 0, interceptZ, 0, rows);
        System.arraycopy(nextInterceptN, 0, interceptN, 0, rows);
    }

    @Override
    public void writeState(DataOutput out) throws IOException {
        out.writeLong(steps);
        writeDoubles(out, z);
        writeDoubles(out, n);
        writeDoubles(out, interceptZ);
        writeDoubles(out, interceptN);
    }

    @Override
    public void readState(DataInput in) throws IOException {
        steps = in.readLong();
        readDoubles(in, z);
        readDoubles(in, n);
        readDoubles(in, interceptZ);
        readDoubles(in, interceptN);
        rootsOfN();
    }

    /** Rebuilds {@link #rootN} from n, after n was set from outside a step. */
    private void rootsOfN() {
        for (int at = 0; at < n.length; at++) {
            rootN[at] = Math.sqrt(n[at]);
        }
    }

    /**
     * z, n and the step counter averaged together: w = w(z, n, t) stays one replica's scale (summing
     * n alone would shrink every learning rate by sqrt(P); summing z, n and t would take P steps at once).
     */
    @Override
    public void visitState(StateVisitor visitor) {
        steps = visitor.counter(steps, StateVisitor.Kind.AVERAGED);
        visitor.doubles(z, StateVisitor.Kind.AVERAGED);
        visitor.doubles(n, StateVisitor.Kind.AVERAGED_NON_NEGATIVE);
        visitor.doubles(interceptZ, StateVisitor.Kind.AVERAGED);
        visitor.doubles(interceptN, StateVisitor.Kind.AVERAGED_NON_NEGATIVE);
        rootsOfN();
    }
}
