package io.streamlearn.learn.drift;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * ADWIN2, the adaptive window of Bifet and Gavaldà, "Learning from Time-Changing Data with Adaptive
 * Windowing" (SIAM SDM 2007), with its exponential histogram: the window W is a list of buckets,
 * row r holding buckets of 2^r values each (total and variance, i.e. the sum of squared deviations
 * from the bucket mean), at most M per row; when a row gets M + 1 buckets its two oldest are merged
 * into one bucket of the next row (variances combined as Chan et al.'s parallel variance:
 * v = v1 + v2 + n1 n2 (μ1 − μ2)² / (n1 + n2)). So W values take O(M log(W / M)) buckets.
 *
 * <p>Every {@code clock} values the window is checked at each bucket boundary, splitting it into an
 * older part W0 (n0 values, mean μ0) and a newer part W1 (n1, μ1), both with at least
 * {@link #MIN_SUB_WINDOW} values. The oldest bucket is dropped — and the check repeated — while some
 * split has |μ1 − μ0| &gt; ε_cut, where (the paper's section 4, the ADWIN2 bound with the variance):
 * <pre>
 *   m = 1 / (1/n0 + 1/n1),  δ' = δ / ln n  (n = |W|),
 *   ε_cut = sqrt(2/m · σ²_W · ln(2/δ')) + 2/(3m) · ln(2/δ')
 * </pre>
 * with σ²_W the population variance of the values in W. This is the formula River's
 * {@code drift.ADWIN} evaluates (there with n0, n1 reduced by the minimum sub-window length);
 * here n0 and n1 are the paper's. The paper's Theorem 3.1 bounds the false positive rate: while the
 * mean stays constant, the probability that ADWIN shrinks the window at a step is at most δ. The
 * theorem is proved for values in [0, 1] with the Hoeffding form of ε_cut (sqrt(1/(2m) ln(4/δ')));
 * the variance form above is the one the paper recommends in practice, and for it the bound is
 * checked empirically ({@code AdwinTest}). A loss outside [0, 1] makes the 2/(3m) term relatively
 * small and independence of successive losses is not given, so on a learner's loss the bound is a
 * guide, not a guarantee.
 *
 * <p>{@link #update} reports a drift when a cut at this value found the newer part's mean higher
 * (μ1 &gt; μ0): for a loss, the model got worse. A cut on a decrease (the learning curve going
 * down) also shrinks the window, as the paper does, and is counted in {@link #shrinks()}, but it is
 * not a drift.
 */
public final class Adwin implements DriftDetector {

    private static final byte FORMAT = 1;
    /** Buckets per row before two are merged (the paper's M; MOA's and River's default). */
    public static final int M = 5;
    /** Values each side of a cut must have at least (MOA's and River's). */
    public static final int MIN_SUB_WINDOW = 5;
    /** Enough rows for 2^63 values. */
    private static final int MAX_ROWS = 63;

    private final double delta;
    private final int clock;
    /** totals[r][i], variances[r][i]: bucket i of row r, oldest first; rows allocated as needed. */
    private final double[][] totals = new double[MAX_ROWS][];
    private final double[][] variances = new double[MAX_ROWS][];
    private final int[] sizes = new int[MAX_ROWS];
    private int rows;
    private long width;
    private double total;
    /** Sum of squared deviations from the window mean. */
    private double variance;
    private long tick;
    private long shrinks;

    /**
     * @param delta confidence δ in (0, 1)
     * @param clock check for a cut every {@code clock} values (1: at every value, as in the paper)
     */
    public Adwin(double delta, int clock) {
        if (!(delta > 0 && delta < 1) || clock < 1) {
            throw new IllegalArgumentException("adwin needs delta in (0, 1) and clock >= 1; got " + delta + ", " + clock);
        }
        this.delta = delta;
        this.clock = clock;
    }

    @Override
    public boolean update(double value) {
        insert(value);
        tick++;
        if (tick % clock != 0 || width < 2L * MIN_SUB_WINDOW) {
            return false;
        }
        return detect();
    }

    private void insert(double value) {
        if (width > 0) {
            double d = value - total / width;
            variance += width * d * d / (width + 1);
        }
        width++;
        total += value;
        append(0, value, 0.0);
        for (int r = 0; r < rows && sizes[r] == M + 1; r++) {
            long n = 1L << r;
            double t0 = totals[r][0];
            double t1 = totals[r][1];
            double d = t0 / n - t1 / n;
            double v = variances[r][0] + variances[r][1] + n * n * d * d / (2.0 * n);
            shiftOut(r, 2);
            append(r + 1, t0 + t1, v);
        }
    }

    private void append(int r, double t, double v) {
        if (r == rows) {
            if (totals[r] == null) {
                totals[r] = new double[M + 1];
                variances[r] = new double[M + 1];
            }
            rows++;
        }
        totals[r][sizes[r]] = t;
        variances[r][sizes[r]] = v;
        sizes[r]++;
    }

    /** Removes the k oldest buckets of row r. */
    private void shiftOut(int r, int k) {
        int s = sizes[r];
        System.arraycopy(totals[r], k, totals[r], 0, s - k);
        System.arraycopy(variances[r], k, variances[r], 0, s - k);
        for (int i = s - k; i < s; i++) {
            totals[r][i] = 0;
            variances[r][i] = 0;
        }
        sizes[r] = s - k;
    }

    /** Drops the oldest bucket (the first of the last row). */
    private void dropOldest() {
        int r = rows - 1;
        long n = 1L << r;
        double u = totals[r][0];
        double v = variances[r][0];
        width -= n;
        total -= u;
        if (width == 0) {
            total = 0;
            variance = 0;
        } else {
            double d = u / n - total / width;
            variance -= v + n * width * d * d / (n + width);
            if (variance < 0) {
                variance = 0;
            }
        }
        shiftOut(r, 1);
        if (sizes[r] == 0) {
            rows--;
        }
    }

    /** Cuts while some split differs by more than ε_cut; true when a cut found an increase. */
    private boolean detect() {
        boolean increase = false;
        boolean cut = true;
        while (cut && width >= 2L * MIN_SUB_WINDOW) {
            cut = false;
            long n0 = 0;
            double u0 = 0;
            double sigma2 = variance / width;
            double lnTerm = Math.log(2.0 * Math.log(width) / delta);
            scan:
            for (int r = rows - 1; r >= 0; r--) {
                long n = 1L << r;
                for (int i = 0; i < sizes[r]; i++) {
                    n0 += n;
                    u0 += totals[r][i];
                    long n1 = width - n0;
                    if (n1 < MIN_SUB_WINDOW) {
                        break scan;
                    }
                    if (n0 < MIN_SUB_WINDOW) {
                        continue;
                    }
                    double diff = (total - u0) / n1 - u0 / n0;
                    if (Math.abs(diff) > epsCut(n0, n1, sigma2, lnTerm)) {
                        increase |= diff > 0;
                        shrinks++;
                        dropOldest();
                        cut = true;
                        break scan;
                    }
                }
            }
        }
        return increase;
    }

    /** ε_cut for sub-windows of n0 and n1 values, σ²_W and ln(2/δ'). */
    static double epsCut(long n0, long n1, double sigma2, double lnTwoOverDeltaPrime) {
        double invM = 1.0 / n0 + 1.0 / n1;
        return Math.sqrt(2.0 * invM * sigma2 * lnTwoOverDeltaPrime) + 2.0 / 3.0 * invM * lnTwoOverDeltaPrime;
    }

    /** ε_cut as the paper writes it, with δ' = δ / ln(n0 + n1). */
    static double epsCutForDelta(long n0, long n1, double sigma2, double delta) {
        double deltaPrime = delta / Math.log(n0 + n1);
        return epsCut(n0, n1, sigma2, Math.log(2.0 / deltaPrime));
    }

    /** Values in the window. */
    public long width() {
        return width;
    }

    /** Mean of the window; NaN when empty. */
    public double mean() {
        return width == 0 ? Double.NaN : total / width;
    }

    /** Population variance of the window; NaN when empty. */
    public double windowVariance() {
        return width == 0 ? Double.NaN : variance / width;
    }

    /** Buckets in the histogram. */
    public int buckets() {
        int b = 0;
        for (int r = 0; r < rows; r++) {
            b += sizes[r];
        }
        return b;
    }

    /** Rows of the histogram (the largest bucket holds 2^(rows − 1) values). */
    public int rows() {
        return rows;
    }

    /** Buckets in row r. */
    int rowSize(int r) {
        return sizes[r];
    }

    /** Times the window was cut, on an increase or a decrease. */
    public long shrinks() {
        return shrinks;
    }

    @Override
    public long count() {
        return tick;
    }

    @Override
    public Adwin fresh() {
        return new Adwin(delta, clock);
    }

    @Override
    public void writeTo(DataOutput out) throws IOException {
        out.writeByte(TAG_ADWIN);
        out.writeByte(FORMAT);
        out.writeDouble(delta);
        out.writeInt(clock);
        out.writeLong(tick);
        out.writeLong(shrinks);
        out.writeLong(width);
        out.writeDouble(total);
        out.writeDouble(variance);
        out.writeInt(rows);
        for (int r = 0; r < rows; r++) {
            out.writeInt(sizes[r]);
            for (int i = 0; i < sizes[r]; i++) {
                out.writeDouble(totals[r][i]);
                out.writeDouble(variances[r][i]);
            }
        }
    }

    static Adwin readPayload(DataInput in) throws IOException {
        byte format = in.readByte();
        if (format != FORMAT) {
            throw new IOException("unsupported adwin format " + format);
        }
        Adwin a;
        try {
            a = new Adwin(in.readDouble(), in.readInt());
        } catch (IllegalArgumentException e) {
            throw new IOException(e.getMessage(), e);
        }
        a.tick = in.readLong();
        a.shrinks = in.readLong();
        a.width = in.readLong();
        a.total = in.readDouble();
        a.variance = in.readDouble();
        int rows = in.readInt();
        if (rows < 0 || rows > MAX_ROWS) {
            throw new IOException("corrupt adwin: " + rows + " rows");
        }
        long counted = 0;
        for (int r = 0; r < rows; r++) {
            int size = in.readInt();
            if (size < 1 || size > M) {
                throw new IOException("corrupt adwin: row " + r + " has " + size + " buckets");
            }
            for (int i = 0; i < size; i++) {
                a.append(r, in.readDouble(), in.readDouble());
            }
            counted += (long) size << r;
        }
        if (counted != a.width) {
            throw new IOException("corrupt adwin: buckets hold " + counted + " values, width " + a.width);
        }
        return a;
    }
}
