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
    private double[] weights;
    private double[] spareWeights;
    private double[] squares;
    private double[] spareSquares;
    private final double[] intercepts;
    private final double[] interceptSquares;
    private final double[] nextIntercepts;
    private final double[] nextInterceptSquares;
    /** Step at which each feature's weights were last brought up to date; valid while {@link #lazy}. */
    private final long[] lastStep;
    private double[] touched = new double[0];
    private double[] touchedSquares = new double[0];
    private boolean lazy;

    public AdaGrad(int rows, int dimension, double learningRate, ElasticNetProx penalty) {
        super(rows, dimension);
        if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
            throw new IllegalArgumentException("learning rate must be finite and > 0, got " + learningRate);
        }
        this.learningRate = learningRate;
        this.penalty = penalty;
        this.weights = new double[rows * dimension];
        this.spareWeights = new double[rows * dimension];
        this.squares = new double[rows * dimension];
        this.spareSquares = new double[rows * dimension];
        this.intercepts = new double[rows];
        this.interceptSquares = new double[rows];
        this.nextIntercepts = new double[rows];
        this.nextInterceptSquares = new double[rows];
        this.lastStep = new long[dimension];
    }

    private double rate(double sumOfSquares) {
        return sumOfSquares > 0 ? learningRate / Math.sqrt(sumOfSquares) : 0.0;
    }

    @Override
    public double weight(int row, int feature) {
        int at = row * dimension + feature;
        double w = weights[at];
        return lazy ? penalty.implicitSteps(w, rate(squares[at]), steps - lastStep[feature]) : w;
    }

    @Override
    public double intercept(int row) {
        return intercepts[row];
    }

    @Override
    public void scores(double[] x, double[] scores) {
        for (int k = 0; k < rows; k++) {
            int offset = k * dimension;
            double s = intercepts[k];
            for (int j = 0; j < dimension; j++) {
                s += (lazy ? weight(k, j) : weights[offset + j]) * x[j];
            }
            scores[k] = s;
        }
    }

    @Override
    public boolean step(double[] x, double[] scoreGradient) {
        if (lazy) {
            catchUpAll();
        }
        double check = 0;
        for (int k = 0; k < rows; k++) {
            int offset = k * dimension;
            for (int j = 0; j < dimension; j++) {
                int at = offset + j;
                double g = scoreGradient[k] * x[j];
                double sumOfSquares = squares[at] + g * g;
                double eta = rate(sumOfSquares);
                double v = penalty.implicitStep(weights[at] - eta * g, eta);
                spareWeights[at] = v;
                spareSquares[at] = sumOfSquares;
                check += nonFinite(v) + nonFinite(sumOfSquares);
            }
        }
        check += stepIntercepts(scoreGradient);
        if (check != 0) {
            return false;
        }
        double[] w = weights;
        weights = spareWeights;
        spareWeights = w;
        double[] s = squares;
        squares = spareSquares;
        spareSquares = s;
        commitIntercepts();
        steps++;
        return true;
    }

    @Override
    public boolean step(int[] indices, double[] values, int nnz, double[] scoreGradient) {
        checkSparse(indices, values, nnz);
        touched = sparseScratch(touched, nnz);
        touchedSquares = sparseScratch(touchedSquares, nnz);
        double check = 0;
        for (int i = 0; i < nnz; i++) {
            int j = indices[i];
            for (int k = 0; k < rows; k++) {
                int at = k * dimension + j;
                double current = weight(k, j);
                double g = scoreGradient[k] * values[i];
                double sumOfSquares = squares[at] + g * g;
                double eta = rate(sumOfSquares);
                double v = penalty.implicitStep(current - eta * g, eta);
                touched[i * rows + k] = v;
                touchedSquares[i * rows + k] = sumOfSquares;
                check += nonFinite(v) + nonFinite(sumOfSquares);
            }
        }
        check += stepIntercepts(scoreGradient);
        if (check != 0) {
            return false;
        }
        if (!lazy) {
            Arrays.fill(lastStep, steps); // every weight is up to date before this step
            lazy = true;
        }
        steps++;
        commitSparse(touched, indices, nnz, weights);
        commitSparse(touchedSquares, indices, nnz, squares);
        for (int i = 0; i < nnz; i++) {
            lastStep[indices[i]] = steps;
        }
        commitIntercepts();
        return true;
    }

    /** Candidate intercepts b - learningRate g / sqrt(G_b) into the next-arrays; returns the finiteness check. */
    private double stepIntercepts(double[] scoreGradient) {
        double check = 0;
        for (int k = 0; k < rows; k++) {
            double g = scoreGradient[k];
            double sumOfSquares = interceptSquares[k] + g * g;
            double b = intercepts[k] - rate(sumOfSquares) * g;
            nextIntercepts[k] = b;
            nextInterceptSquares[k] = sumOfSquares;
            check += nonFinite(b) + nonFinite(sumOfSquares);
        }
        return check;
    }

    private void commitIntercepts() {
        System.arraycopy(nextIntercepts, 0, intercepts, 0, rows);
        System.arraycopy(nextInterceptSquares, 0, interceptSquares, 0, rows);
    }

    private void catchUpAll() {
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
        writeDoubles(out, weights);
        writeDoubles(out, squares);
        writeDoubles(out, intercepts);
        writeDoubles(out, interceptSquares);
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
        readDoubles(in, weights);
        readDoubles(in, squares);
        readDoubles(in, intercepts);
        readDoubles(in, interceptSquares);
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
        visitor.doubles(weights, StateVisitor.Kind.AVERAGED);
        visitor.doubles(squares, StateVisitor.Kind.AVERAGED_NON_NEGATIVE);
        visitor.doubles(intercepts, StateVisitor.Kind.AVERAGED);
        visitor.doubles(interceptSquares, StateVisitor.Kind.AVERAGED_NON_NEGATIVE);
    }
}
