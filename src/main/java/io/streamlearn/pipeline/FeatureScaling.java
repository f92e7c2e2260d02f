package io.streamlearn.pipeline;

import io.streamlearn.learn.RunningStandardizer;
import io.streamlearn.vector.FeatureVector;

/**
 * The standardization a pipeline applies to x before its learners see it: the running statistics
 * ({@link RunningStandardizer}, updated by TRAIN records only) and the work buffers of the scaled copy.
 *
 * <p>Without scaled columns (feature records) every column of a dense x is scaled and a sparse x
 * reaches the models as given. With scaled columns (raw events: the numeric value columns) only those
 * are scaled, in a dense or a sparse x alike; every other column (one-hot, hashed) stays as encoded.
 * Nothing is allocated per record. Not thread-safe.
 */
final class FeatureScaling {

    private final int dimension;
    /** Replaced by a restore ({@link PipelineStateCodec}) and a merged generation ({@link ParallelReplica}); null when standardize is off. */
    RunningStandardizer standardizer;
    /** The columns the standardizer scales, increasing; null: every column of a dense vector. */
    private final int[] scaledColumns;
    /** x standardized; unused when standardize is off. */
    private final double[] z;
    /** {@link #z} as the vector the models read. */
    private final FeatureVector zVector;
    /** The scaled columns' raw values, and standardized; unused without {@link #scaledColumns}. */
    private final double[] picked;
    private final double[] pickedZ;
    /** A sparse record with its scaled columns standardized. */
    private final FeatureVector zSparse;

    /**
     * @param scaledColumns the columns {@code standardize} scales, increasing; null scales every
     *     column of a dense record and none of a sparse one
     */
    FeatureScaling(int dimension, boolean standardize, int[] scaledColumns) {
        for (int k = 0; scaledColumns != null && k < scaledColumns.length; k++) {
            if (scaledColumns[k] < 0 || scaledColumns[k] >= dimension || k > 0 && scaledColumns[k] <= scaledColumns[k - 1]) {
                throw new IllegalArgumentException("scaled columns must increase within [0, " + dimension + ")");
            }
        }
        this.dimension = dimension;
        this.scaledColumns = scaledColumns == null ? null : scaledColumns.clone();
        int scaled = scaledColumns == null ? dimension : scaledColumns.length;
        this.standardizer = standardize && scaled > 0 ? new RunningStandardizer(scaled) : null;
        this.picked = new double[scaled];
        this.pickedZ = new double[scaled];
        this.zSparse = FeatureVector.sparse(dimension, 64);
        this.z = new double[dimension];
        this.zVector = FeatureVector.dense(z);
    }

    /** The columns the standardizer scales; null: every column of a dense record. */
    int[] scaledColumns() {
        return scaledColumns;
    }

    /** Updates the statistics with a TRAIN record's x (a sparse x without scaled columns: nothing). */
    void update(FeatureVector x) {
        if (standardizer != null && scaledColumns != null) {
            pick(x);
            standardizer.update(picked);
        } else if (standardizer != null && !x.isSparse()) {
            standardizer.update(x.denseValues());
        }
    }

    /**
     * x standardized with the current statistics into the work buffer, or x itself when standardize
     * is off or x is sparse without scaled columns. Valid until the next call.
     */
    FeatureVector apply(FeatureVector x) {
        if (standardizer != null && scaledColumns != null) {
            return standardizedColumns(x);
        }
        if (standardizer == null || x.isSparse()) {
            return x;
        }
        standardizer.transform(x.denseValues(), z);
        return zVector;
    }

    /** The scaled columns' values of x into {@link #picked}. */
    private void pick(FeatureVector x) {
        for (int k = 0; k < scaledColumns.length; k++) {
            picked[k] = x.get(scaledColumns[k]);
        }
    }

    /**
     * x with its scaled columns standardized: a dense x into {@link #z}; a sparse x merged, in
     * column order, into {@link #zSparse} (every scaled column present, the others as given).
     */
    private FeatureVector standardizedColumns(FeatureVector x) {
        pick(x);
        standardizer.transform(picked, pickedZ);
        if (!x.isSparse()) {
            System.arraycopy(x.denseValues(), 0, z, 0, dimension);
            for (int k = 0; k < scaledColumns.length; k++) {
                z[scaledColumns[k]] = pickedZ[k];
            }
            return zVector;
        }
        zSparse.clear();
        int[] idx = x.indices();
        double[] val = x.values();
        int n = x.nonZeros();
        int k = 0;
        for (int e = 0; e < n; e++) {
            int c = idx[e];
            while (k < scaledColumns.length && scaledColumns[k] < c) {
                zSparse.add(scaledColumns[k], pickedZ[k]);
                k++;
            }
            if (k < scaledColumns.length && scaledColumns[k] == c) {
                zSparse.add(c, pickedZ[k]);
                k++;
            } else {
                zSparse.add(c, val[e]);
            }
        }
        for (; k < scaledColumns.length; k++) {
            zSparse.add(scaledColumns[k], pickedZ[k]);
        }
        zSparse.finish();
        return zSparse;
    }
}
