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
    private final StateArray weights = perWeight();
    private final StateArray intercepts = perRow();
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
    }

    @Override
    public double weight(int row, int feature) {
        double w = weights.values[row * dimension + feature];
        return lazy ? ledger.caughtUp(w, feature) : w;
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
            if (lazy) {
                for (int j = 0; j < dimension; j++) {
                    s += ledger.caughtUp(w[offset + j], j) * x[j];
                }
            } else {
                s += DotProduct.dot(w, offset, x, dimension);
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
        double eta = schedule.rate(steps + 1);
        double shrink = penalty.shrink(eta);
        double threshold = penalty.threshold(eta);
        double[] w = weights.values;
        double[] next = weights.candidates;
        double check = 0;
        for (int k = 0; k < rows; k++) {
            double gradientStep = eta * scoreGradient[k];
            int offset = k * dimension;
            for (int j = 0; j < dimension; j++) {
                // w = S_{eta l1}((1 - eta l2) w - eta g x_j)
                double v = SoftThreshold.apply(shrink * w[offset + j] - gradientStep * x[j], threshold);
                next[offset + j] = v;
                check += nonFinite(v);
            }
        }
        check += interceptCandidates(eta, scoreGradient);
        return commit(check);
    }

    /**
     * Sparse step at t = steps + 1: touched weights are caught up to step t - 1 and then stepped as in
     * the dense rule; the others owe step t's penalty to the ledger.
     */
    @Override
    public boolean step(int[] indices, double[] values, int nnz, double[] scoreGradient) {
        checkSparse(indices, values, nnz);
        double eta = schedule.rate(steps + 1);
        double shrink = penalty.shrink(eta);
        double threshold = penalty.threshold(eta);
        double[] next = weights.candidates;
        double check = 0;
        for (int i = 0; i < nnz; i++) {
            int j = indices[i];
            double xj = values[i];
            for (int k = 0; k < rows; k++) {
                double v = SoftThreshold.apply(shrink * weight(k, j) - (eta * scoreGradient[k]) * xj, threshold);
                next[k * dimension + j] = v;
                check += nonFinite(v);
            }
        }
        check += interceptCandidates(eta, scoreGradient);
        if (!commit(check, indices, nnz)) {
            return false;
        }
        ledger.advance(shrink, threshold);
        for (int i = 0; i < nnz; i++) {
            ledger.touch(indices[i]);
        }
        lazy = true;
        if (ledger.needsReset()) {
            catchUpAll();
        }
        return true;
    }

    /** Candidate intercepts b_k - eta g_k (unpenalized); returns their finiteness check. */
    private double interceptCandidates(double eta, double[] scoreGradient) {
        double check = 0;
        for (int k = 0; k < rows; k++) {
            double b = intercepts.values[k] - eta * scoreGradient[k];
            intercepts.candidates[k] = b;
            check += nonFinite(b);
        }
        return check;
    }

    /** Applies every owed penalty step to every weight and starts a new ledger epoch. */
    private void catchUpAll() {
        double[] w = weights.values;
        for (int k = 0; k < rows; k++) {
            int offset = k * dimension;
            for (int j = 0; j < dimension; j++) {
                w[offset + j] = ledger.caughtUp(w[offset + j], j);
            }
        }
        ledger.reset();
        lazy = false;
    }

    @Override
    public void writeState(DataOutput out) throws IOException {
        out.writeLong(steps);
        out.writeBoolean(lazy);
        writeDoubles(out, weights.values);
        writeDoubles(out, intercepts.values);
        if (lazy) {
            ledger.writeTo(out); // otherwise it is in its reset state: P = 1, S = 0, every feature up to date
        }
    }

    @Override
    public void readState(DataInput in) throws IOException {
        steps = in.readLong();
        lazy = in.readBoolean();
        readDoubles(in, weights.values);
        readDoubles(in, intercepts.values);
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
        visitor.doubles(weights.values, StateVisitor.Kind.AVERAGED);
        visitor.doubles(intercepts.values, StateVisitor.Kind.AVERAGED);
    }
}
