package io.streamlearn.learn.linear;

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

    /** The state array of the weights, w[k * dimension + j]. */
    private static final int WEIGHTS = 0;
    /** The intercept state array, b[k]. */
    private static final int INTERCEPTS = 0;

    private final LearningRateSchedule schedule;
    private final ElasticNetProx penalty;
    private final PenaltyLedger ledger;
    /** Whether some weights lag behind the ledger (a sparse step happened since the last catch-up). */
    private boolean lazy;
    /** eta_t and the shrink and threshold of the step being taken ({@link #beforeStep}). */
    private double eta;
    private double shrink;
    private double threshold;

    /**
     * @param maxRate the largest eta the schedule gives (its eta0): eta l2 must stay below 1 so that
     *     the shrink 1 - eta l2 is positive
     */
    public ProximalSgd(int rows, int dimension, LearningRateSchedule schedule, double maxRate, ElasticNetProx penalty) {
        super(rows, dimension, 1, 1);
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
        return current(feature, row * dimension + feature);
    }

    /** Weight (k, j) at at = k * dimension + j, caught up with the ledger. */
    private double current(int feature, int at) {
        double w = state[WEIGHTS][at];
        return lazy ? ledger.caughtUp(w, feature) : w;
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

    /** A dense step applies every penalty step to every weight: the owed ones first. */
    @Override
    protected void beforeDenseStep() {
        if (lazy) {
            catchUpAll();
        }
    }

    @Override
    protected void beforeStep() {
        eta = schedule.rate(steps + 1);
        shrink = penalty.shrink(eta);
        threshold = penalty.threshold(eta);
    }

    /**
     * Step t = steps + 1 of weight (k, j), caught up to step t - 1 if a sparse step left it behind:
     * w <- S_{eta l1}((1 - eta l2) w - eta g_k x_j).
     */
    @Override
    protected double update(int feature, int at, double x, double g, double[][] out, int o) {
        double v = SoftThreshold.apply(shrink * current(feature, at) - (eta * g) * x, threshold);
        out[WEIGHTS][o] = v;
        return nonFinite(v);
    }

    /** b_k <- b_k - eta g_k. */
    @Override
    protected double updateIntercept(int row, double g, double[][] out) {
        double b = interceptState[INTERCEPTS][row] - eta * g;
        out[INTERCEPTS][row] = b;
        return nonFinite(b);
    }

    /** The features a sparse step did not touch owe step t's penalty to the ledger. */
    @Override
    protected void afterSparseStep(int[] indices, int nnz) {
        ledger.advance(shrink, threshold);
        for (int i = 0; i < nnz; i++) {
            ledger.touch(indices[i]);
        }
        lazy = true;
        if (ledger.needsReset()) {
            catchUpAll();
        }
    }

    /** Applies every owed penalty step to every weight and starts a new ledger epoch. */
    private void catchUpAll() {
        double[] weights = state[WEIGHTS];
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
        writeArrays(out); // the weights, then the intercepts
        if (lazy) {
            ledger.writeTo(out); // otherwise it is in its reset state: P = 1, S = 0, every feature up to date
        }
    }

    @Override
    public void readState(DataInput in) throws IOException {
        steps = in.readLong();
        lazy = in.readBoolean();
        readArrays(in);
        if (lazy) {
            ledger.readFrom(in);
        }
    }
}
