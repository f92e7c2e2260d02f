package io.streamlearn.learn.linear;

import io.streamlearn.learn.StateVisitor;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Arrays;

/**
 * Proximal AdaGrad with per-coordinate step sizes (Duchi, Hazan and Singer, "Adaptive Subgradient
 * Methods for Online Learning and Stochastic Optimization", JMLR 2011, diagonal composite mirror
 * descent). For weight (k, j) with gradient g = g_k x_j at step t:
 * G <- G + g^2; eta = learningRate / sqrt(G) (0 while G = 0, when the weight is still 0);
 * w <- S_{eta l1}(w - eta g) / (1 + eta l2), the exact proximal step of the elastic net, which is
 * stable for the large early eta that AdaGrad takes. The intercept: b <- b - learningRate g / sqrt(G_b).
 *
 * <p>A weight whose feature is 0 in a step has g = 0, so G and eta stay as they are and the step is a
 * pure penalty step; a sparse step therefore leaves those to be caught up in closed form
 * ({@link ElasticNetProx#implicitSteps}) from the step each feature was last touched.
 */
public final class AdaGrad extends LinearOptimizer {

    private final double learningRate;
    private final ElasticNetProx penalty;
    private final StateArray weights = perWeight();
    /** G per weight: the sum of its squared gradients. */
    private final StateArray squares = perWeight();
    private final StateArray intercepts = perRow();
    private final StateArray interceptSquares = perRow();
    /** Step at which each feature's weights were last brought up to date; valid while {@link #lazy}. */
    private final long[] lastStep;
    private boolean lazy;

    public AdaGrad(int rows, int dimension, double learningRate, ElasticNetProx penalty) {
        super(rows, dimension);
        if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
            throw new IllegalArgumentException("learning rate must be finite and > 0, got " + learningRate);
        }
        this.learningRate = learningRate;
        this.penalty = penalty;
        this.lastStep = new long[dimension];
    }

    private double rate(double sumOfSquares) {
        return sumOfSquares > 0 ? learningRate / Math.sqrt(sumOfSquares) : 0.0;
    }

    @Override
    public double weight(int row, int feature) {
        int at = row * dimension + feature;
        double w = weights.values[at];
        return lazy ? penalty.implicitSteps(w, rate(squares.values[at]), steps - lastStep[feature]) : w;
    }

    @Override
    public double intercept(int row) {
        return intercepts.values[row];
    }

    @Override
    public void scores(double[] x, double[] scores) {
        double[] w = weights.values;
        for (int k = 0; k < rows; k++) {
            int offset = k * dimension;
            double s = intercepts.values[k];
            for (int j = 0; j < dimension; j++) {
                s += (lazy ? weight(k, j) : w[offset + j]) * x[j];
            }
            scores[k] = s;
        }
    }

    @Override
    public boolean step(double[] x, double[] scoreGradient) {
        if (lazy) {
            catchUpAll();
        }
        double[] w = weights.values;
        double check = 0;
        for (int k = 0; k < rows; k++) {
            int offset = k * dimension;
            for (int j = 0; j < dimension; j++) {
                check += weightCandidate(offset + j, w[offset + j], scoreGradient[k] * x[j]);
            }
        }
        check += interceptCandidates(scoreGradient);
        return commit(check);
    }

    @Override
    public boolean step(int[] indices, double[] values, int nnz, double[] scoreGradient) {
        checkSparse(indices, values, nnz);
        double check = 0;
        for (int i = 0; i < nnz; i++) {
            int j = indices[i];
            for (int k = 0; k < rows; k++) {
                check += weightCandidate(k * dimension + j, weight(k, j), scoreGradient[k] * values[i]);
            }
        }
        check += interceptCandidates(scoreGradient);
        if (!commit(check, indices, nnz)) {
            return false;
        }
        if (!lazy) {
            Arrays.fill(lastStep, steps - 1); // every weight was up to date before this step
            lazy = true;
        }
        for (int i = 0; i < nnz; i++) {
            lastStep[indices[i]] = steps;
        }
        return true;
    }

    /**
     * Candidate weight S_{eta l1}(w - eta g) / (1 + eta l2) and G + g^2 at {@code at}, with eta from
     * the new G, given the weight's current (caught-up) value; returns their finiteness check.
     */
    private double weightCandidate(int at, double current, double g) {
        double sumOfSquares = squares.values[at] + g * g;
        double eta = rate(sumOfSquares);
        double v = penalty.implicitStep(current - eta * g, eta);
        weights.candidates[at] = v;
        squares.candidates[at] = sumOfSquares;
        return nonFinite(v) + nonFinite(sumOfSquares);
    }

    /** Candidate intercepts b - learningRate g / sqrt(G_b) and their G_b; returns their finiteness check. */
    private double interceptCandidates(double[] scoreGradient) {
        double check = 0;
        for (int k = 0; k < rows; k++) {
            double g = scoreGradient[k];
            double sumOfSquares = interceptSquares.values[k] + g * g;
            double b = intercepts.values[k] - rate(sumOfSquares) * g;
            intercepts.candidates[k] = b;
            interceptSquares.candidates[k] = sumOfSquares;
            check += nonFinite(b) + nonFinite(sumOfSquares);
        }
        return check;
    }

    private void catchUpAll() {
        for (int k = 0; k < rows; k++) {
            for (int j = 0; j < dimension; j++) {
                weights.values[k * dimension + j] = weight(k, j);
            }
        }
        lazy = false;
    }

    @Override
    public void writeState(DataOutput out) throws IOException {
        out.writeLong(steps);
        out.writeBoolean(lazy);
        writeDoubles(out, weights.values);
        writeDoubles(out, squares.values);
        writeDoubles(out, intercepts.values);
        writeDoubles(out, interceptSquares.values);
        if (lazy) { // otherwise lastStep is not read before a sparse step refills it
            for (long s : lastStep) {
                out.writeLong(s);
            }
        }
    }

    @Override
    public void readState(DataInput in) throws IOException {
        steps = in.readLong();
        lazy = in.readBoolean();
        readDoubles(in, weights.values);
        readDoubles(in, squares.values);
        readDoubles(in, intercepts.values);
        readDoubles(in, interceptSquares.values);
        if (lazy) {
            for (int j = 0; j < dimension; j++) {
                lastStep[j] = in.readLong();
            }
        }
    }

    /** w, b and the squared-gradient sums averaged (the sums' scale is one replica's). */
    @Override
    public void visitState(StateVisitor visitor) {
        if (lazy) {
            catchUpAll();
        }
        steps = visitor.counter(steps, StateVisitor.Kind.AVERAGED);
        visitor.doubles(weights.values, StateVisitor.Kind.AVERAGED);
        visitor.doubles(squares.values, StateVisitor.Kind.AVERAGED_NON_NEGATIVE);
        visitor.doubles(intercepts.values, StateVisitor.Kind.AVERAGED);
        visitor.doubles(interceptSquares.values, StateVisitor.Kind.AVERAGED_NON_NEGATIVE);
    }
}
