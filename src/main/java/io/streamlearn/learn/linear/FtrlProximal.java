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
    private final StateArray z = perWeight();
    private final StateArray n = perWeight();
    /**
     * sqrt(n) per weight, kept beside n (derived: rebuilt from n whenever n is read or visited):
     * the weight needs it at every prediction and the step needs sqrt(n) and sqrt(n + g^2), so one
     * square root per touched weight a record instead of four. The same bits as Math.sqrt(n) there.
     */
    private final StateArray rootN = perWeight();
    private final StateArray interceptZ = perRow();
    private final StateArray interceptN = perRow();
    /** The weights and intercepts of the current state, for {@link #scores(double[][], int, double[][])}. */
    private final double[] rowsWeights;
    private final double[] rowsIntercepts;

    public FtrlProximal(int rows, int dimension, double alpha, double beta, ElasticNetProx penalty) {
        super(rows, dimension);
        if (!(alpha > 0) || !(beta >= 0) || Double.isInfinite(alpha) || Double.isInfinite(beta)) {
            throw new IllegalArgumentException("FTRL needs alpha > 0 and beta >= 0, got " + alpha + ", " + beta);
        }
        this.alpha = alpha;
        this.beta = beta;
        this.l1 = penalty.l1();
        this.l2 = penalty.l2();
        this.rowsWeights = new double[rows * dimension];
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
        return weightOf(z.values[at], rootN.values[at], steps * l1, steps * l2);
    }

    @Override
    public double intercept(int row) {
        return weightOf(interceptZ.values[row], Math.sqrt(interceptN.values[row]), 0.0, 0.0);
    }

    @Override
    public void scores(double[] x, double[] scores) {
        double lambda1 = steps * l1;
        double lambda2 = steps * l2;
        double[] zs = z.values;
        double[] roots = rootN.values;
        for (int k = 0; k < rows; k++) {
            int offset = k * dimension;
            double s = intercept(k);
            for (int j = 0; j < dimension; j++) {
                if (x[j] != 0) {
                    s += weightOf(zs[offset + j], roots[offset + j], lambda1, lambda2) * x[j];
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
        double[] zs = z.values;
        double[] roots = rootN.values;
        for (int at = 0; at < rowsWeights.length; at++) {
            rowsWeights[at] = weightOf(zs[at], roots[at], lambda1, lambda2);
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
                check += weightCandidate(offset + j, scoreGradient[k], x[j], lambda1, lambda2);
            }
        }
        check += interceptCandidates(scoreGradient);
        return commit(check);
    }

    @Override
    public boolean step(int[] indices, double[] values, int nnz, double[] scoreGradient) {
        checkSparse(indices, values, nnz);
        double lambda1 = steps * l1;
        double lambda2 = steps * l2;
        double check = 0;
        for (int i = 0; i < nnz; i++) {
            for (int k = 0; k < rows; k++) {
                check += weightCandidate(k * dimension + indices[i], scoreGradient[k], values[i], lambda1, lambda2);
            }
        }
        check += interceptCandidates(scoreGradient);
        return commit(check, indices, nnz);
    }

    /**
     * Candidate z, n and sqrt(n) at {@code at} for the gradient g = g_k x_j: z + g - sigma w and
     * n + g^2, or the current values when x_j = 0; returns their finiteness check.
     */
    private double weightCandidate(int at, double scoreGradient, double xj, double lambda1, double lambda2) {
        double zi = z.values[at];
        double ni = n.values[at];
        double rootNi = rootN.values[at];
        double check = 0;
        if (xj != 0) {
            double g = scoreGradient * xj;
            double w = weightOf(zi, rootNi, lambda1, lambda2);
            double nNext = ni + g * g;
            double rootNext = Math.sqrt(nNext);
            zi += g - sigma(rootNi, rootNext) * w;
            ni = nNext;
            rootNi = rootNext;
            check = nonFinite(zi) + nonFinite(ni);
        }
        z.candidates[at] = zi;
        n.candidates[at] = ni;
        rootN.candidates[at] = rootNi;
        return check;
    }

    /** Candidate intercept z and n, the rule of the weights with lambda1 = lambda2 = 0; returns their check. */
    private double interceptCandidates(double[] scoreGradient) {
        double check = 0;
        for (int k = 0; k < rows; k++) {
            double g = scoreGradient[k];
            double zi = interceptZ.values[k];
            double ni = interceptN.values[k];
            double rootNi = Math.sqrt(ni);
            double w = weightOf(zi, rootNi, 0.0, 0.0);
            double nNext = ni + g * g;
            double zNext = zi + g - sigma(rootNi, Math.sqrt(nNext)) * w;
            interceptZ.candidates[k] = zNext;
            interceptN.candidates[k] = nNext;
            check += nonFinite(zNext) + nonFinite(nNext);
        }
        return check;
    }

    @Override
    public void writeState(DataOutput out) throws IOException {
        out.writeLong(steps);
        writeDoubles(out, z.values);
        writeDoubles(out, n.values);
        writeDoubles(out, interceptZ.values);
        writeDoubles(out, interceptN.values);
    }

    @Override
    public void readState(DataInput in) throws IOException {
        steps = in.readLong();
        readDoubles(in, z.values);
        readDoubles(in, n.values);
        readDoubles(in, interceptZ.values);
        readDoubles(in, interceptN.values);
        rootsOfN();
    }

    /** Rebuilds {@link #rootN} from n, after n was set from outside a step. */
    private void rootsOfN() {
        double[] ns = n.values;
        double[] roots = rootN.values;
        for (int at = 0; at < ns.length; at++) {
            roots[at] = Math.sqrt(ns[at]);
        }
    }

    /**
     * z, n and the step counter averaged together: w = w(z, n, t) stays one replica's scale (summing
     * n alone would shrink every learning rate by sqrt(P); summing z, n and t would take P steps at once).
     */
    @Override
    public void visitState(StateVisitor visitor) {
        steps = visitor.counter(steps, StateVisitor.Kind.AVERAGED);
        visitor.doubles(z.values, StateVisitor.Kind.AVERAGED);
        visitor.doubles(n.values, StateVisitor.Kind.AVERAGED_NON_NEGATIVE);
        visitor.doubles(interceptZ.values, StateVisitor.Kind.AVERAGED);
        visitor.doubles(interceptN.values, StateVisitor.Kind.AVERAGED_NON_NEGATIVE);
        rootsOfN();
    }
}
