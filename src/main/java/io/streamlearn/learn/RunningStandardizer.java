package io.streamlearn.learn;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * Online standardization z_j = (x_j - mean_j) / std_j with running mean and variance by Welford's
 * algorithm (Welford, Technometrics 4(3), 1962): for the n-th record, delta = x - mean;
 * mean += delta / n; m2 += delta * (x - mean); variance = m2 / n (population, ddof 0).
 * A feature whose variance is still 0 is only centred.
 */
public final class RunningStandardizer {

    private static final byte FORMAT = 1;

    private final double[] mean;
    private final double[] m2;
    private long count;

    public RunningStandardizer(int dimension) {
        this.mean = new double[dimension];
        this.m2 = new double[dimension];
    }

    /** A deep copy: the same count and moments, bit for bit. */
    public RunningStandardizer copy() {
        RunningStandardizer c = new RunningStandardizer(mean.length);
        System.arraycopy(mean, 0, c.mean, 0, mean.length);
        System.arraycopy(m2, 0, c.m2, 0, m2.length);
        c.count = count;
        return c;
    }

    public int dimension() {
        return mean.length;
    }

    public long count() {
        return count;
    }

    /** Adds one record to the running moments. */
    public void update(double[] x) {
        count++;
        for (int j = 0; j < mean.length; j++) {
            double delta = x[j] - mean[j];
            mean[j] += delta / count;
            m2[j] += delta * (x[j] - mean[j]);
        }
    }

    /** Writes the standardized {@code x} into {@code out}; {@code out} may be {@code x}. */
    public void transform(double[] x, double[] out) {
        for (int j = 0; j < mean.length; j++) {
            double s = std(j);
            out[j] = s > 0 ? (x[j] - mean[j]) / s : x[j] - mean[j];
        }
    }

    /** Writes std(j) of every feature into {@code stds}, for {@link #transform(double[], double[], double[])}. */
    public void stds(double[] stds) {
        for (int j = 0; j < mean.length; j++) {
            stds[j] = std(j);
        }
    }

    /**
     * As {@link #transform(double[], double[])} with the standard deviations {@link #stds} wrote (the
     * same bits, for many rows at one state): each std computed once, not once per row.
     */
    public void transform(double[] x, double[] out, double[] stds) {
        for (int j = 0; j < mean.length; j++) {
            double s = stds[j];
            out[j] = s > 0 ? (x[j] - mean[j]) / s : x[j] - mean[j];
        }
    }

    public double mean(int j) {
        return mean[j];
    }

    /** Population standard deviation of feature j; 0 before two distinct values were seen. */
    public double std(int j) {
        return count == 0 ? 0.0 : Math.sqrt(m2[j] / count);
    }

    /**
     * Maps a linear function of standardized features back to the original scale:
     * w.z + b = sum_j (w_j / s_j) x_j + (b - sum_j w_j m_j / s_j). Writes the original-scale weights
     * into {@code weightsOut} and returns the original-scale intercept.
     */
    public double toOriginalScale(double[] weights, double intercept, double[] weightsOut) {
        double b = intercept;
        for (int j = 0; j < mean.length; j++) {
            double s = std(j);
            double w = s > 0 ? weights[j] / s : weights[j];
            weightsOut[j] = w;
            b -= w * mean[j];
        }
        return b;
    }

    public void writeTo(DataOutput out) throws IOException {
        out.writeByte(FORMAT);
        out.writeInt(mean.length);
        out.writeLong(count);
        for (int j = 0; j < mean.length; j++) {
            out.writeDouble(mean[j]);
            out.writeDouble(m2[j]);
        }
    }

    public static RunningStandardizer readFrom(DataInput in) throws IOException {
        byte format = in.readByte();
        if (format != FORMAT) {
            throw new IOException("unsupported standardizer format " + format);
        }
        RunningStandardizer s = new RunningStandardizer(in.readInt());
        s.count = in.readLong();
        for (int j = 0; j < s.mean.length; j++) {
            s.mean[j] = in.readDouble();
            s.m2[j] = in.readDouble();
        }
        return s;
    }

    /**
     * Hands the statistics to {@code visitor} as summed state, in power sums (additive over disjoint
     * records): n, s1_j = n mean_j, s2_j = m2_j + n mean_j^2; a writing visitor's values are turned
     * back into mean_j = s1_j / n, m2_j = max(0, s2_j - n mean_j^2) (Chan, Golub and LeVeque 1979
     * pool the same moments).
     */
    public void visitState(StateVisitor visitor) {
        double[] s1 = new double[mean.length];
        double[] s2 = new double[mean.length];
        for (int j = 0; j < mean.length; j++) {
            s1[j] = count * mean[j];
            s2[j] = m2[j] + count * mean[j] * mean[j];
        }
        long n = visitor.counter(count, StateVisitor.Kind.SUMMED);
        visitor.doubles(s1, StateVisitor.Kind.SUMMED);
        visitor.doubles(s2, StateVisitor.Kind.SUMMED);
        if (!visitor.writes()) {
            return;
        }
        count = n;
        for (int j = 0; j < mean.length; j++) {
            mean[j] = n > 0 ? s1[j] / n : 0.0;
            m2[j] = n > 0 ? Math.max(0.0, s2[j] - n * mean[j] * mean[j]) : 0.0;
        }
    }
}
