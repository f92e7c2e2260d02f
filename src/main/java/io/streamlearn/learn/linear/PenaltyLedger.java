package io.streamlearn.learn.linear;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * Lazy bookkeeping of the explicit elastic-net steps w -> S_{c_i}(a_i w) (a_i = 1 - eta_i l2,
 * c_i = eta_i l1) that untouched weights owe, so that a sparse step costs O(nnz), not O(dimension).
 *
 * <p>While |w| stays positive, |w_i| = a_i |w_{i-1}| - c_i; dividing by P_i = a_1 ... a_i gives
 * |w_i| / P_i = |w_{i-1}| / P_{i-1} - c_i / P_i. With the running S_i = sum_{s <= i} c_s / P_s, a
 * weight last touched at step m is, at step n, |w_n| = max(0, P_n (|w_m| / P_m - (S_n - S_m))),
 * its sign kept: the magnitude only decreases and, once 0, stays 0. This is exact up to rounding
 * (the closed form and the step-by-step loop agree to about 1e-15 relative). The ledger keeps
 * (P, S) and, per feature, the (P_m, S_m) of its last touch. Before P underflows or S grows large
 * enough to cost precision, the owner catches every weight up and {@link #reset}s.
 */
final class PenaltyLedger {

    /** Reset at least this often, so that S - S_m keeps its precision. */
    private static final int RESET_EVERY = 1 << 16;
    /** Reset before P_n underflows. */
    private static final double MIN_SCALE = 1e-100;

    /** (P_m, S_m) of feature j at [2j] and [2j + 1]: one cache line holds both. */
    private final double[] touchedAt;
    private double scale = 1.0;
    private double sum = 0.0;
    private int stepsSinceReset;

    PenaltyLedger(int dimension) {
        this.touchedAt = new double[2 * dimension];
        markAllUpToDate();
    }

    /** The value of weight w of feature j, last touched at (P_m, S_m), caught up to now. */
    double caughtUp(double w, int feature) {
        double pm = touchedAt[2 * feature];
        double sm = touchedAt[2 * feature + 1];
        if (pm == scale && sm == sum) {
            return w; // no step skipped
        }
        double magnitude = scale * (Math.abs(w) / pm - (sum - sm));
        return magnitude > 0 ? Math.copySign(magnitude, w) : 0.0;
    }

    /** Records one more step with shrink a and threshold c: P *= a; S += c / P. */
    void advance(double shrink, double threshold) {
        scale *= shrink;
        sum += threshold / scale;
        stepsSinceReset++;
    }

    /** Marks feature j as up to date with the ledger now. */
    void touch(int feature) {
        touchedAt[2 * feature] = scale;
        touchedAt[2 * feature + 1] = sum;
    }

    boolean needsReset() {
        return scale < MIN_SCALE || stepsSinceReset >= RESET_EVERY;
    }

    /** Starts a new epoch: P = 1, S = 0, every feature up to date. Call after catching every weight up. */
    void reset() {
        scale = 1.0;
        sum = 0.0;
        stepsSinceReset = 0;
        markAllUpToDate();
    }

    private void markAllUpToDate() {
        for (int j = 0; j < touchedAt.length; j += 2) {
            touchedAt[j] = 1.0;
            touchedAt[j + 1] = 0.0;
        }
    }

    void writeTo(DataOutput out) throws IOException {
        out.writeDouble(scale);
        out.writeDouble(sum);
        out.writeInt(stepsSinceReset);
        // all P_m, then all S_m (payload version 1)
        for (int j = 0; j < touchedAt.length; j += 2) {
            out.writeDouble(touchedAt[j]);
        }
        for (int j = 1; j < touchedAt.length; j += 2) {
            out.writeDouble(touchedAt[j]);
        }
    }

    void readFrom(DataInput in) throws IOException {
        scale = in.readDouble();
        sum = in.readDouble();
        stepsSinceReset = in.readInt();
        for (int j = 0; j < touchedAt.length; j += 2) {
            touchedAt[j] = in.readDouble();
        }
        for (int j = 1; j < touchedAt.length; j += 2) {
            touchedAt[j] = in.readDouble();
        }
    }
}
