package io.streamlearn.eval;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * The last {@code capacity} labeled records of one split, features as given (raw), in rows
 * allocated once: a ring buffer that overwrites its oldest row. This is the "reservoir of recent
 * records" the train and holdout losses are measured on.
 */
public final class RecentRecords {

    private final double[][] rows;
    private final double[] labels;
    private int next;
    private int size;

    public RecentRecords(int capacity, int dimension) {
        this.rows = new double[capacity][dimension];
        this.labels = new double[capacity];
    }

    int size() {
        return size;
    }

    int capacity() {
        return labels.length;
    }

    /** Copies x into the next row, overwriting the oldest when full. */
    public void add(double[] x, double label) {
        System.arraycopy(x, 0, rows[next], 0, rows[next].length);
        labels[next] = label;
        next = (next + 1) % labels.length;
        if (size < labels.length) {
            size++;
        }
    }

    /** Row i, 0 &lt;= i &lt; size (buffer order, not age order; losses are means, so order does not matter). */
    double[] row(int i) {
        return rows[i];
    }

    double label(int i) {
        return labels[i];
    }

    /** Capacity, dimension, size, write position, then the rows and labels as they lie. */
    public void writeTo(DataOutput out) throws IOException {
        out.writeInt(labels.length);
        out.writeInt(rows.length == 0 ? 0 : rows[0].length);
        out.writeInt(size);
        out.writeInt(next);
        for (int i = 0; i < size; i++) {
            out.writeDouble(labels[i]);
            for (double v : rows[i]) {
                out.writeDouble(v);
            }
        }
    }

    /**
     * Reads what {@link #writeTo} wrote. The same capacity restores the exact state; another keeps
     * the most recent records that fit.
     */
    public void readFrom(DataInput in) throws IOException {
        int storedCapacity = in.readInt();
        int dimension = in.readInt();
        int storedSize = in.readInt();
        int storedNext = in.readInt();
        if (dimension != rows[0].length) {
            throw new IOException("reservoir has dimension " + dimension + ", pipeline " + rows[0].length);
        }
        if (storedCapacity < 1 || storedSize < 0 || storedSize > storedCapacity
                || storedNext < 0 || storedNext >= storedCapacity) {
            throw new IOException("corrupt reservoir: size " + storedSize + ", next " + storedNext
                    + " of " + storedCapacity);
        }
        if (storedCapacity == labels.length) {
            for (int i = 0; i < storedSize; i++) {
                readRow(in, i);
            }
            size = storedSize;
            next = storedNext;
            return;
        }
        RecentRecords stored = new RecentRecords(storedCapacity, dimension);
        for (int i = 0; i < storedSize; i++) {
            stored.readRow(in, i);
        }
        size = 0;
        next = 0;
        int start = storedSize == storedCapacity ? storedNext : 0;
        for (int i = 0; i < storedSize; i++) {
            int j = (start + i) % storedCapacity;
            add(stored.rows[j], stored.labels[j]);
        }
    }

    private void readRow(DataInput in, int i) throws IOException {
        labels[i] = in.readDouble();
        double[] row = rows[i];
        for (int j = 0; j < row.length; j++) {
            row[j] = in.readDouble();
        }
    }
}
