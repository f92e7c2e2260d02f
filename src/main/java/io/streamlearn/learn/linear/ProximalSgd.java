package io.streamlearn.learn.linear;

import io.streamlearn.learn.StateVisitor;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * Proximal SGD with a global step-size schedule, exactly sklearn's per-record SGD rule: at step t,
 * eta = eta_t; for each row k with score gradient g_k,
 * w_k <- S_{eta l1}((1 - eta l2) w_k - eta g_k x); b_k <- b_k - eta g_k (the intercept unpenalized).
 *
 * <p>Dense steps update every weight. Sparse steps update the touched features and leave the
 * penalty steps of the others to a {@link PenaltyLedger}; a dense step or a read catches them up.
 */
public final class ProximalSgd extends LinearOptimizer {

    /** sklearn's SGDRegressor default eta0, whose per-record rule this class reproduces. */
    public static final double DEFAULT_LEARNING_RATE = 0.01;
    /** sklearn's SGDRegressor default {@code power_t} of the invscaling schedule. */
    public static final double DEFAULT_POWER = 0.25;

    private final LearningRateSchedule schedule;
    private final ElasticNetProx penalty;
    private final PenaltyLedger ledger;
    /** w[k * dimension + j]. */
    private double[] weights;
    /** Candidate weights of a dense step; swapped with {@link #weights} when the step is finite. */
    private double[] spare;
    private final double[] intercepts;
    private final double[] nextIntercepts;
    /** Candidate values of a sparse step, [i * rows + k]; grown to the largest nnz seen. */
    private double[] touched = new double[0];
    /** Whether some weights lag behind the ledger (a sparse step happened since the last catch-up). */
    private boolean lazy;

    /**
     * @param maxRate the largest eta the schedule gives (its eta0): eta l2 must stay below 1 so that
     *     the shrink 1 - eta l2 is positive
     */
    public ProximalSgd(int rows, int dimension, LearningRateSchedule schedule, double maxRate, ElasticNetProx penalty) {
        super(rows, dimension);
        if (!(maxRate > 0) || !(maxRate * penalty.l2() < 1.0)) {
            throw new IllegalArgumentException(
                    "learning rate must be > 0 with learningRate * l2 < 1, got " + maxRate + " and " + penalty.l2());
        }
        this.schedule = schedule;
        this.penalty = penalty;
        this.ledger = new PenaltyLedger(dimension);
        this.weights = new double[rows * dimension];
        this.spare = new double[rows * dimension];
        this.intercepts = new double[rows];
        this.nextIntercepts = new double[rows];
    }

    @Override
    public double weight(int row, int feature) {
        double w = weights[row * dimension + feature];
        return lazy ? ledger.caughtUp(w, feature) : w;
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
            if (lazy) {
                for (int j = 0; j < dimension; j++) {
                    s += ledger.caughtUp(weights[offset + j], j) * x[j];
                }
            } else {
                s += DotProduct.dot(weights, offset, x, dimension);
            }
            scores[k] = s;
        }
    }

    /** Dense step at t = steps + 1: every weight w <- S_{eta l1}((1 - eta l2) w - eta g_k x_j). */
    @Override
    public boolean step(double[] x, double[] scoreGradient) {
        if (lazy) {
            catchUpAll();
        }
        long t = steps + 1;
        double eta = schedule.rate(t);
        double shrink = penalty.shrink(eta);
        double threshold = penalty.threshold(eta);
        double check = 0;
        for (int k = 0; k < rows; k++) {
            double gradientStep = eta * scoreGradient[k];
            int offset = k * dimension;
            for (int j = 0; j < dimension; j++) {
                // w = S_{eta l1}((1 - eta l2) w - eta g x_j)
                double v = SoftThreshold.apply(shrink * weights[offset + j] - gradientStep * x[j], threshold);
                spare[offset + j] = v;
                check += nonFinite(v);
            }
            double b = intercepts[k] - gradientStep;
            nextIntercepts[k] = b;
            check += nonFinite(b);
        }
        if (check != 0) {
            return false;
        }
        double[] previous = weights;
        weights = spare;
        spare = previous;
        System.arraycopy(nextIntercepts, 0, intercepts, 0, rows);
        steps = t;
        return true;
    }

    /**
     * Sparse step at t = steps + 1: touched weights are caught up to step t - 1 and then stepped as in
     * the dense rule; the others owe step t's penalty to the ledger.
     */
    @Override
    public boolean step(int[] indices, double[] values, int nnz, double[] scoreGradient) {
        checkSparse(indices, values, nnz);
        long t = steps + 1;
        double eta = schedule.rate(t);
        double shrink = penalty.shrink(eta);
        double threshold = penalty.threshold(eta);
        touched = sparseScratch(touched, nnz);
        double check = 0;
        for (int i = 0; i < nnz; i++) {
            int j = indices[i];
            double xj = values[i];
            for (int k = 0; k < rows; k++) {
                double current = weight(k, j);
                double v = SoftThreshold.apply(shrink * current - (eta * scoreGradient[k]) * xj, threshold);
                touched[i * rows + k] = v;
                check += nonFinite(v);
            }
        }
        for (int k = 0; k < rows; k++) {
            double b = intercepts[k] - eta * scoreGradient[k];
            nextIntercepts[k] = b;
            check += nonFinite(b);
        }
        if (check != 0) {
            return false;
        }
        ledger.advance(shrink, threshold);
        commitSparse(touched, indices, nnz, weights);
        for (int i = 0; i < nnz; i++) {
            ledger.touch(indices[i]);
        }
        System.arraycopy(nextIntercepts, 0, intercepts, 0, rows);
        steps = t;
        lazy = true;
        if (ledger.needsReset()) {
            catchUpAll();
        }
        return true;
    }

    /** Applies every owed penalty step to every weight and starts a new ledger epoch. */
    private void catchUpAll() {
        for (int k = 0; k < rows; k++) {
            int offset = k * dimension;
            for (int j = 0; j < dimension; j++) {
                weights[offset + j] = ledger.caughtUp(weights[offset + j], j);
            }
        }
        ledger.reset();
        lazy = false;
    }

    @Override
    public void writeState(DataOutput out) throws IOException {
        out.writeLong(steps);
        out.writeBoolean(lazy);
        writeDoubles(out, weights);
        writeDoubles(out, intercepts);
        if (lazy) {
            ledger.writeTo(out); // otherwise it is in its reset state: P = 1, S = 0, every feature up to date
        }
    }

    @Override
    public void readState(DataInput in) throws IOException {
        steps = in.readLong();
        lazy = in.readBoolean();
        readDoubles(in, weights);
        readDoubles(in, intercepts);
        if (lazy) {
            ledger.readFrom(in);
        }
    }

    /** w and b averaged; the step counter (the schedule's t) averaged. */
    @Override
    public void visitState(StateVisitor visitor) {
        if (lazy) {
            catchUpAll();
        }
        steps = visitor.counter(steps, StateVisitor.Kind.AVERAGED);
        visitor.doubles(weights, StateVisitor.Kind.AVERAGED);
        visitor.doubles(intercepts, StateVisitor.Kind.AVERAGED);
    }
}
