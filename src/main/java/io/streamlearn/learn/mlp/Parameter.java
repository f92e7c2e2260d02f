package io.streamlearn.learn.mlp;

import org.ejml.data.DMatrixRMaj;

/**
 * One trainable tensor of a network and its gradient, both row-major matrices of the same shape.
 * The gradient is overwritten by every backward pass (not accumulated across batches).
 */
public final class Parameter {

    private final String name;
    private final DMatrixRMaj value;
    private final DMatrixRMaj grad;
    private final boolean weight;

    /**
     * @param weight true for a weight matrix (counted in the weight norms), false for a bias or a
     *     normalization gain/shift
     */
    public Parameter(String name, int rows, int cols, boolean weight) {
        this.name = name;
        this.value = new DMatrixRMaj(rows, cols);
        this.grad = new DMatrixRMaj(rows, cols);
        this.weight = weight;
    }

    public String name() {
        return name;
    }

    public DMatrixRMaj value() {
        return value;
    }

    public DMatrixRMaj grad() {
        return grad;
    }

    public boolean isWeight() {
        return weight;
    }

    public int size() {
        return value.getNumElements();
    }
}
