package io.streamlearn.eval;

import io.streamlearn.vector.FeatureVector;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * The last {@code capacity} labeled records of one split, features as given (raw), in a ring
 * buffer that overwrites its oldest row. This is the "reservoir of recent records" the train and
 * holdout losses are measured on.
 *
 * <p>A row is a copy of the record's {@link FeatureVector} in its own layout: a dense record keeps
 * its {@code dimension} values, a sparse one only its nonzeros (indices and values), never widened
 * to the dimension. Each row's vector is made when the row is first written and reused by every
 * record written over it ({@link FeatureVector#copyReusing}): nothing is allocated per record once
 * the buffer has gone round (and a sparse row has grown to the largest record's nonzeros).
 */
public final class RecentRecords {

    /** First int of the sparse-capable stored form; the dense form starts with the capacity (>= 1). */
    private static final int SPARSE_FORMAT = -2;
    private static final byte DENSE_ROW = 0;
    private static final byte SPARSE_ROW = 1;

    private final int dimension;
    /** Row i's features; null until first written. */
    private final FeatureVector[] rows;
    private final double[] labels;
    private int next;
    private int size;

    public RecentRecords(int capacity, int dimension) {
        this.dimension = dimension;
        this.rows = new FeatureVector[capacity];
        this.labels = new double[capacity];
    }

    int size() {
        return size;
    }

    int capacity() {
        return labels.length;
    }

    /** Copies x into the next row, overwriting the oldest when full. */
    public void add(FeatureVector x, double label) {
        if (x.width() != dimension) {
            throw new IllegalArgumentException("reservoir of dimension " + dimension + ", record of " + x.width());
        }
        rows[next] = x.copyReusing(rows[next]);
        labels[next] = label;
        next = (next + 1) % labels.length;
        if (size < labels.length) {
            size++;
        }
    }

    /** Row i, 0 &lt;= i &lt; size (buffer order, not age order; losses are means, so order does not matter). */
    FeatureVector row(int i) {
        return rows[i];
    }

    double label(int i) {
        return labels[i];
    }

    /**
     * When every row is dense, the dense form (as before sparse rows existed, so that such a
     * reservoir's bytes are unchanged): capacity, dimension, size, write position (ints), then per
     * row its label and its {@code dimension} values (doubles). When some row is sparse, the sparse
     * form: {@value #SPARSE_FORMAT}, then the same four ints, then per row its label, a layout byte
     * (0 dense, 1 sparse) and either its {@code dimension} values or its nonzero count (int) and
     * that many (column int, value double) pairs, columns increasing.
     */
    public void writeTo(DataOutput out) throws IOException {
        boolean sparse = false;
        for (int i = 0; i < size; i++) {
            sparse |= rows[i].isSparse();
        }
        if (sparse) {
            out.writeInt(SPARSE_FORMAT);
        }
        out.writeInt(labels.length);
        out.writeInt(dimension);
        out.writeInt(size);
        out.writeInt(next);
        for (int i = 0; i < size; i++) {
            out.writeDouble(labels[i]);
            FeatureVector row = rows[i];
            if (!sparse) {
                for (double v : row.denseValues()) {
                    out.writeDouble(v);
                }
            } else if (!row.isSparse()) {
                out.writeByte(DENSE_ROW);
                for (double v : row.denseValues()) {
                    out.writeDouble(v);
                }
            } else {
                out.writeByte(SPARSE_ROW);
                int[] indices = row.indices();
                double[] values = row.values();
                out.writeInt(row.nonZeros());
                for (int k = 0; k < row.nonZeros(); k++) {
                    out.writeInt(indices[k]);
                    out.writeDouble(values[k]);
                }
            }
        }
    }

    /**
     * Reads what {@link #writeTo} wrote, in either form. The same capacity restores the exact state;
     * another keeps the most recent records that fit.
     */
    public void readFrom(DataInput in) throws IOException {
        int first = in.readInt();
        boolean sparseForm = first == SPARSE_FORMAT;
        int storedCapacity = sparseForm ? in.readInt() : first;
        int storedDimension = in.readInt();
        int storedSize = in.readInt();
        int storedNext = in.readInt();
        if (storedDimension != dimension) {
            throw new IOException("reservoir has dimension " + storedDimension + ", pipeline " + dimension);
        }
        if (storedCapacity < 1 || storedSize < 0 || storedSize > storedCapacity
                || storedNext < 0 || storedNext >= storedCapacity) {
            throw new IOException("corrupt reservoir: size " + storedSize + ", next " + storedNext
                    + " of " + storedCapacity);
        }
        if (storedCapacity == labels.length) {
            for (int i = 0; i < storedSize; i++) {
                readRow(in, i, sparseForm);
            }
            size = storedSize;
            next = storedNext;
            return;
        }
        RecentRecords stored = new RecentRecords(storedCapacity, dimension);
        for (int i = 0; i < storedSize; i++) {
            stored.readRow(in, i, sparseForm);
        }
        size = 0;
        next = 0;
        int start = storedSize == storedCapacity ? storedNext : 0;
        for (int i = 0; i < storedSize; i++) {
            int j = (start + i) % storedCapacity;
            add(stored.rows[j], stored.labels[j]);
        }
    }

    private void readRow(DataInput in, int i, boolean sparseForm) throws IOException {
        labels[i] = in.readDouble();
        byte layout = sparseForm ? in.readByte() : DENSE_ROW;
        if (layout == DENSE_ROW) {
            if (rows[i] == null || rows[i].isSparse()) {
                rows[i] = FeatureVector.dense(new double[dimension]);
            }
            double[] row = rows[i].denseValues();
            for (int j = 0; j < dimension; j++) {
                row[j] = in.readDouble();
            }
            return;
        }
        if (layout != SPARSE_ROW) {
            throw new IOException("corrupt reservoir: row layout " + layout);
        }
        int nnz = in.readInt();
        if (nnz < 0 || nnz > dimension) {
            throw new IOException("corrupt reservoir: " + nnz + " nonzeros in a row of " + dimension);
        }
        if (rows[i] == null || !rows[i].isSparse()) {
            rows[i] = FeatureVector.sparse(dimension, nnz);
        }
        FeatureVector row = rows[i];
        row.clear();
        int previous = -1;
        for (int k = 0; k < nnz; k++) {
            int column = in.readInt();
            double value = in.readDouble();
            if (column <= previous || column >= dimension || !Double.isFinite(value)) {
                throw new IOException("corrupt reservoir: entry (" + column + ", " + value + ") after column "
                        + previous + " in a row of " + dimension);
            }
            row.add(column, value);
            previous = column;
        }
        row.finish();
    }
}
