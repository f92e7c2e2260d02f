package io.streamlearn.learn.linear;

import io.streamlearn.learn.StateVisitor;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * l1-regularized dual averaging (Xiao, "Dual Averaging Methods for Regularized Stochastic Learning and
 * Online Optimization", JMLR 11, 2010, Algorithm 2 with h(w) = ||w||^2 / 2 and beta_t = gamma sqrt(t)).
 * It keeps the average gradient gbar_t of the loss over the t steps so far; the weights are
 * w_j = 0 if |gbar_j| <= l1, else w_j = -(gbar_j - l1 sign(gbar_j)) / (l2 + gamma / sqrt(t)),
 * the minimizer of gbar . w + l1 ||w||_1 + (l2/2) ||w||^2 + (gamma / sqrt(t)) ||w||^2 / 2.
 * The intercept is unpenalized: b = -gbar_b sqrt(t) / gamma. The paper's penalty is per step, which is
 * exactly streamlearn's mean-loss objective, so l1 and l2 are used as they are.
 *
 * <p>State: the gradient sums and t. Weights are functions of them, so a sparse step touches only its
 * features and needs no catch-up. gamma has no universal default; the paper tunes it per data set.
 */
public final class L1Rda extends LinearOptimizer {

    private final double gamma;
    private final double l1;
    private final double l2;
    private final double[] gradientSums;
    private final double[] interceptSums;
    private final double[] nextInterceptSums;
    private final double[] candidates;
    private double[] touched = new double[0];

    public L1Rda(int rows, int dimension, double gamma, ElasticNetProx penalty) {
        super(rows, dimension);
        if (!(gamma > 0) || Double.isInfinite(gamma)) {
            throw new IllegalArgumentException("RDA needs a finite gamma > 0, got " + gamma);
        }
        this.gamma = gamma;
        this.l1 = penalty.l1();
        this.l2 = penalty.l2();
        this.gradientSums = new double[rows * dimension];
        this.candidates = new double[rows * dimension];
        this.interceptSums = new double[rows];
        this.nextInterceptSums = new double[rows];
    }

    @Override
    public double weight(int row, int feature) {
        if (steps == 0) {
            return 0.0;
        }
        double mean = gradientSums[row * dimension + feature] / steps;
        if (Math.abs(mean) <= l1) {
            return 0.0;
        }
        return -(mean - Math.copySign(l1, mean)) / (l2 + gamma / Math.sqrt(steps));
    }

    @Override
    public double intercept(int row) {
        return steps == 0 ? 0.0 : -interceptSums[row] / (gamma * Math.sqrt(steps));
    }

    @Override
    public void scores(double[] x, double[] scores) {
        for (int k = 0; k < rows; k++) {
            double s = intercept(k);
            for (int j = 0; j < dimension; j++) {
                if (x[j] != 0) {
                    s += weight(k, j) * x[j];
                }
            }
            scores[k] = s;
        }
    }

    @Override
    public boolean step(double[] x, double[] scoreGradient) {
        double check = 0;
        for (int k = 0; k < rows; k++) {
            int offset = k * dimension;
            for (int j = 0; j < dimension; j++) {
                // sum_j += g_k x_j
                double v = gradientSums[offset + j] + scoreGradient[k] * x[j];
                candidates[offset + j] = v;
                check += nonFinite(v);
            }
        }
        check += stepIntercepts(scoreGradient);
        if (check != 0) {
            return false;
        }
        System.arraycopy(candidates, 0, gradientSums, 0, candidates.length);
        System.arraycopy(nextInterceptSums, 0, interceptSums, 0, rows);
        steps++;
        return true;
    }

    @Override
    public boolean step(int[] indices, double[] values, int nnz, double[] scoreGradient) {
        checkSparse(indices, values, nnz);
        touched = sparseScratch(touched, nnz);
        double check = 0;
        for (int i = 0; i < nnz; i++) {
            for (int k = 0; k < rows; k++) {
                double v = gradientSums[k * dimension + indices[i]] + scoreGradient[k] * values[i];
                touched[i * rows + k] = v;
                check += nonFinite(v);
            }
        }
        check += stepIntercepts(scoreGradient);
        if (check != 0) {
            return false;
        }
        commitSparse(touched, indices, nnz, gradientSums);
        System.arraycopy(nextInterceptSums, 0, interceptSums, 0, rows);
        steps++;
        return true;
    }

    private double stepIntercepts(double[] scoreGradient) {
        double check = 0;
        for (int k = 0; k < rows; k++) {
            nextInterceptSums[k] = interceptSums[k] + scoreGradient[k];
            check += nonFinite(nextInterceptSums[k]);
        }
        return check;
    }

    @Override
    public void writeState(DataOutput out) throws IOException {
        out.writeLong(steps);
        writeDoubles(out, gradientSums);
        writeDoubles(out, interceptSums);
    }

    @Override
    public void readState(DataInput in) throws IOException {
        steps = in.readLong();
        readDoubles(in, gradientSums);
        readDoubles(in, interceptSums);
    }

    /**
     * The gradient sums and the step counter averaged (RDA's w is a function of sum / t). Not summed,
     * though the sums pooled over all records are the single task's dual average: the intercept,
     * -sum / (gamma sqrt(t)), integrates the residuals, and P replicas correcting the same residual
     * overshoot P-fold per merge and diverge (bench/results/parallel-mixing-20261203.md).
     */
    @Override
    public void visitState(StateVisitor visitor) {
        steps = visitor.counter(steps, StateVisitor.Kind.AVERAGED);
        visitor.doubles(gradientSums, StateVisitor.Kind.AVERAGED);
        visitor.doubles(interceptSums, StateVisitor.Kind.AVERAGED);
    }
}
