package io.streamlearn.learn.drift;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * The Page-Hinkley test for an increase of the mean (Page, "Continuous inspection schemes",
 * Biometrika 41, 1954; in the form of Gama, Sebastião and Rodrigues, "On evaluating stream learning
 * algorithms", Machine Learning 90, 2013): with x̄_t the running mean of x_1..x_t,
 * m_T = Σ_{t≤T} (x_t − x̄_t − δ), M_T = min_{t≤T} m_t, a change is signalled when
 * PH_T = m_T − M_T &gt; λ. PH is kept directly by the recursion PH_T = max(0, α·PH_{T−1} + x_T −
 * x̄_T − δ), which for α = 1 equals m_T − M_T exactly (with m_0 = M_0 = 0); α &lt; 1 is the fading
 * factor of Gama et al. After a detection the test starts afresh. No detection before
 * {@code minInstances} values.
 *
 * @see PageHinkleyTest the recursion checked against the definition
 */
public final class PageHinkley implements DriftDetector {

    private static final byte FORMAT = 1;

    private final double delta;
    private final double threshold;
    private final double alpha;
    private final int minInstances;
    private long count;
    private double mean;
    private double ph;

    /**
     * @param delta magnitude of changes tolerated (δ)
     * @param threshold detection threshold (λ)
     * @param alpha fading factor in (0, 1]; 1 is the original test
     * @param minInstances values before the first possible detection
     */
    public PageHinkley(double delta, double threshold, double alpha, int minInstances) {
        if (!(delta >= 0) || !(threshold > 0) || !(alpha > 0 && alpha <= 1) || minInstances < 1) {
            throw new IllegalArgumentException("page-hinkley needs delta >= 0, threshold > 0, alpha in (0, 1], "
                    + "minInstances >= 1; got " + delta + ", " + threshold + ", " + alpha + ", " + minInstances);
        }
        this.delta = delta;
        this.threshold = threshold;
        this.alpha = alpha;
        this.minInstances = minInstances;
    }

    @Override
    public boolean update(double value) {
        count++;
        mean += (value - mean) / count;
        ph = Math.max(0.0, alpha * ph + value - mean - delta);
        if (count >= minInstances && ph > threshold) {
            count = 0;
            mean = 0;
            ph = 0;
            return true;
        }
        return false;
    }

    /** The current statistic PH_T = m_T − M_T. */
    public double statistic() {
        return ph;
    }

    @Override
    public long count() {
        return count;
    }

    @Override
    public PageHinkley fresh() {
        return new PageHinkley(delta, threshold, alpha, minInstances);
    }

    @Override
    public void writeTo(DataOutput out) throws IOException {
        out.writeByte(TAG_PAGE_HINKLEY);
        out.writeByte(FORMAT);
        out.writeDouble(delta);
        out.writeDouble(threshold);
        out.writeDouble(alpha);
        out.writeInt(minInstances);
        out.writeLong(count);
        out.writeDouble(mean);
        out.writeDouble(ph);
    }

    static PageHinkley readPayload(DataInput in) throws IOException {
        byte format = in.readByte();
        if (format != FORMAT) {
            throw new IOException("unsupported page-hinkley format " + format);
        }
        PageHinkley p;
        try {
            p = new PageHinkley(in.readDouble(), in.readDouble(), in.readDouble(), in.readInt());
        } catch (IllegalArgumentException e) {
            throw new IOException(e.getMessage(), e);
        }
        p.count = in.readLong();
        p.mean = in.readDouble();
        p.ph = in.readDouble();
        return p;
    }
}
