package io.streamlearn.eval;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * The mean of the last {@code capacity} values added, in O(1) per value and no allocation: a ring
 * buffer with a running sum. A running sum drifts (each add/subtract rounds), so whenever the ring
 * wraps the sum is recomputed exactly from the buffer; the mean is therefore within a few ulps of
 * the exact mean of the window at every point.
 */
final class WindowedMean {

    private final double[] values;
    private int next;
    private int size;
    private double sum;

    WindowedMean(int capacity) {
        this.values = new double[capacity];
    }

    int capacity() {
        return values.length;
    }

    int size() {
        return size;
    }

    /** Adds v, evicting the oldest value when full. */
    void add(double v) {
        if (size == values.length) {
            sum -= values[next];
        } else {
            size++;
        }
        values[next] = v;
        sum += v;
        next++;
        if (next == values.length) {
            next = 0;
            resum();
        }
    }

    /** Mean of the values in the window; NaN when empty. */
    double mean() {
        return size == 0 ? Double.NaN : sum / size;
    }

    private void resum() {
        double s = 0;
        for (int i = 0; i < size; i++) {
            s += values[i];
        }
        sum = s;
    }

    /**
     * Capacity, size, write position, the buffer as it lies, then the running sum: everything, so
     * that a restore continues bit-identically (including when the sum is next recomputed).
     */
    void writeTo(DataOutput out) throws IOException {
        out.writeInt(values.length);
        out.writeInt(size);
        out.writeInt(next);
        for (int i = 0; i < size; i++) {
            out.writeDouble(values[i]);
        }
        out.writeDouble(sum);
    }

    /**
     * Reads what {@link #writeTo} wrote into this window. The same capacity restores the exact
     * state; another capacity keeps the most recent values that fit and recomputes the sum.
     */
    void readFrom(DataInput in) throws IOException {
        int storedCapacity = in.readInt();
        int storedSize = in.readInt();
        int storedNext = in.readInt();
        if (storedCapacity < 1 || storedSize < 0 || storedSize > storedCapacity
                || storedNext < 0 || storedNext >= storedCapacity) {
            throw new IOException("corrupt window: size " + storedSize + ", next " + storedNext
                    + " of " + storedCapacity);
        }
        if (storedCapacity == values.length) {
            for (int i = 0; i < storedSize; i++) {
                values[i] = in.readDouble();
            }
            size = storedSize;
            next = storedNext;
            sum = in.readDouble();
            return;
        }
        double[] stored = new double[storedSize];
        for (int i = 0; i < storedSize; i++) {
            stored[i] = in.readDouble();
        }
        in.readDouble();
        size = 0;
        next = 0;
        sum = 0;
        // oldest first: a full ring starts at its write position, a partial one at 0
        int start = storedSize == storedCapacity ? storedNext : 0;
        for (int i = Math.max(0, storedSize - values.length); i < storedSize; i++) {
            values[size++] = stored[(start + i) % storedSize];
        }
        next = size % values.length;
        resum();
    }
}
