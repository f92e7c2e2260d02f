package io.streamlearn.learn.linear;

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

    /** State arrays: the weights w and their sums of squared gradients G, [k * dimension + j]. */
    private static final int WEIGHTS = 0;
    private static final int SQUARES = 1;
    /** Intercept arrays: b and G_b, [k]. */
    private static final int INTERCEPTS = 0;
    private static final int INTERCEPT_SQUARES = 1;

    private final double learningRate;
    private final ElasticNetProx penalty;
    /** Step at which each feature's weights were last brought up to date; valid while {@link #lazy}. */
    private final long[] lastStep;
    private boolean lazy;

    public AdaGrad(int rows, int dimension, double learningRate, ElasticNetProx penalty) {
        super(rows, dimension, 2, 2);
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
        return current(feature, row * dimension + feature);
    }

    /** Weight (k, j) at at = k * dimension + j, with the pure penalty steps since it was last touched. */
    private double current(int feature, int at) {
        double w = state[WEIGHTS][at];
        return lazy ? penalty.implicitSteps(w, rate(state[SQUARES][at]), steps - lastStep[feature]) : w;
    }

    @Override
    public double intercept(int row) {
        return interceptState[INTERCEPTS][row];
    }

    @Override
    public void scores(double[] x, double[] scores) {
        double[] weights = state[WEIGHTS];
        for (int k = 0; k < rows; k++) {
            int offset = k * dimension;
            double s = interceptState[INTERCEPTS][k];
            for (int j = 0; j < dimension; j++) {
                s += (lazy ? weight(k, j) : weights[offset + j]) * x[j];
            }
            scores[k] = s;
        }
    }

    @Override
    protected void beforeDenseStep() {
        if (lazy) {
            catchUpAll();
        }
    }

    /** g = g_k x_j; G <- G + g^2; eta = learningRate / sqrt(G); w <- S_{eta l1}(w - eta g) / (1 + eta l2). */
    @Override
    protected double update(int feature, int at, double x, double g, double[][] out, int o) {
        double current = current(feature, at);
        double gradient = g * x;
        double sumOfSquares = state[SQUARES][at] + gradient * gradient;
        double eta = rate(sumOfSquares);
        double v = penalty.implicitStep(current - eta * gradient, eta);
        out[WEIGHTS][o] = v;
        out[SQUARES][o] = sumOfSquares;
        return nonFinite(v) + nonFinite(sumOfSquares);
    }

    /** G_b <- G_b + g^2; b <- b - learningRate g / sqrt(G_b). */
    @Override
    protected double updateIntercept(int row, double g, double[][] out) {
        double sumOfSquares = interceptState[INTERCEPT_SQUARES][row] + g * g;
        double b = interceptState[INTERCEPTS][row] - rate(sumOfSquares) * g;
        out[INTERCEPTS][row] = b;
        out[INTERCEPT_SQUARES][row] = sumOfSquares;
        return nonFinite(b) + nonFinite(sumOfSquares);
    }

    /** The touched features are up to date at this step; the others since their last touch. */
    @Override
    protected void afterSparseStep(int[] indices, int nnz) {
        if (!lazy) {
            Arrays.fill(lastStep, steps - 1); // every weight was up to date before this step
            lazy = true;
        }
        for (int i = 0; i < nnz; i++) {
            lastStep[indices[i]] = steps;
        }
    }

    private void catchUpAll() {
        double[] weights = state[WEIGHTS];
        for (int k = 0; k < rows; k++) {
            for (int j = 0; j < dimension; j++) {
                weights[k * dimension + j] = weight(k, j);
            }
        }
        lazy = false;
    }

    @Override
    public void writeState(DataOutput out) throws IOException {
        out.writeLong(steps);
        out.writeBoolean(lazy);
        writeArrays(out); // weights, squares, intercepts, intercept squares
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
        readArrays(in);
        if (lazy) {
            for (int j = 0; j < dimension; j++) {
                lastStep[j] = in.readLong();
            }
        }
    }
}
