package io.streamlearn.vector;

/** Test helpers: sparse vectors from column and value arrays. */
public final class SparseVectors {

    private SparseVectors() {}

    /** A sparse vector of {@code width} with the first {@code nnz} (column, value) pairs. */
    public static FeatureVector of(int width, int[] indices, double[] values, int nnz) {
        FeatureVector v = FeatureVector.sparse(width, nnz);
        fill(v, indices, values, nnz);
        return v;
    }

    /** Refills {@code v} (a reused sparse vector) with the first {@code nnz} (column, value) pairs. */
    public static void fill(FeatureVector v, int[] indices, double[] values, int nnz) {
        v.clear();
        for (int i = 0; i < nnz; i++) {
            v.add(indices[i], values[i]);
        }
        v.finish();
    }

    /** Each row wrapped as a dense vector (no copy). */
    public static FeatureVector[] dense(double[][] rows) {
        FeatureVector[] out = new FeatureVector[rows.length];
        for (int i = 0; i < rows.length; i++) {
            out[i] = FeatureVector.dense(rows[i]);
        }
        return out;
    }

    /** The nonzero columns of {@code dense}, as a sparse vector. */
    public static FeatureVector nonZerosOf(double[] dense) {
        FeatureVector v = FeatureVector.sparse(dense.length, 4);
        for (int j = 0; j < dense.length; j++) {
            if (dense[j] != 0.0) {
                v.add(j, dense[j]);
            }
        }
        v.finish();
        return v;
    }
}
