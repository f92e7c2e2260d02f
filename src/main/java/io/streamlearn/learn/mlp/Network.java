package io.streamlearn.learn.mlp;

import io.streamlearn.learn.SeededRandom;
import java.util.ArrayList;
import java.util.List;
import org.ejml.data.DMatrixRMaj;

/**
 * A stack of dense layers: for each hidden layer l, a_{l+1} = dropout(relu(norm(a_l W_l^T + b_l)))
 * (norm is LayerNorm when enabled, else the identity), and a linear output layer. Forward and
 * backward passes run on a {@link Workspace} holding every intermediate matrix of one batch size,
 * so that they allocate nothing.
 */
public final class Network {

    private final int[] sizes;
    private final DenseLayer[] dense;
    private final LayerNorm[] norms;
    private final Dropout dropout;
    private final List<Parameter> parameters;

    /**
     * @param sizes layer widths: inputs, hidden widths..., outputs
     * @param layerNorm LayerNorm before each hidden ReLU
     * @param weightNorm weight normalization of every dense layer
     * @param dropoutP dropout probability after each hidden ReLU
     */
    public Network(int[] sizes, boolean layerNorm, boolean weightNorm, double dropoutP) {
        if (sizes.length < 2) {
            throw new IllegalArgumentException("a network needs an input and an output width");
        }
        for (int s : sizes) {
            if (s < 1) {
                throw new IllegalArgumentException("layer widths must be >= 1");
            }
        }
        this.sizes = sizes.clone();
        int layers = sizes.length - 1;
        this.dense = new DenseLayer[layers];
        this.norms = new LayerNorm[layers - 1];
        this.dropout = new Dropout(dropoutP);
        List<Parameter> params = new ArrayList<>();
        for (int l = 0; l < layers; l++) {
            dense[l] = new DenseLayer("layers." + l, sizes[l], sizes[l + 1], weightNorm);
            params.addAll(dense[l].parameters());
            if (layerNorm && l < layers - 1) {
                norms[l] = new LayerNorm("norms." + l, sizes[l + 1]);
                params.add(norms[l].gamma());
                params.add(norms[l].beta());
            }
        }
        this.parameters = List.copyOf(params);
    }

    /** Initializes every dense layer as PyTorch's {@code nn.Linear}, in layer order. */
    public void initialize(SeededRandom rng) {
        for (DenseLayer layer : dense) {
            layer.initialize(rng);
        }
    }

    /** Layer widths: inputs, hidden widths..., outputs (a copy). */
    public int[] sizes() {
        return sizes.clone();
    }

    public int outputs() {
        return sizes[sizes.length - 1];
    }

    public DenseLayer layer(int l) {
        return dense[l];
    }

    public int layerCount() {
        return dense.length;
    }

    /**
     * All trainable parameters in order: per layer the dense layer's ({@link DenseLayer#parameters()}),
     * then the LayerNorm gain and shift if any.
     */
    public List<Parameter> parameters() {
        return parameters;
    }

    /** Recomputes derived weights (weight normalization) after the parameters changed. */
    public void refreshWeights() {
        for (DenseLayer layer : dense) {
            layer.refreshWeight();
        }
    }

    /**
     * Sum of |w| over the (effective) weight matrices, biases and normalization parameters excluded;
     * the first layer's W[j][k] taken times {@code firstLayerScale[k]} when that is not null (the
     * decay a lazily stepped column still owes).
     */
    public double weightsL1(double[] firstLayerScale) {
        double sum = 0.0;
        for (int l = 0; l < dense.length; l++) {
            double[] w = dense[l].weight().value().data;
            double[] scale = l == 0 ? firstLayerScale : null;
            for (int i = 0; i < w.length; i++) {
                sum += Math.abs(effective(w, scale, i));
            }
        }
        return sum;
    }

    /** sqrt(sum of w^2) over the (effective) weight matrices, the first layer's scaled as in {@link #weightsL1}. */
    public double weightsL2(double[] firstLayerScale) {
        double sum = 0.0;
        for (int l = 0; l < dense.length; l++) {
            double[] w = dense[l].weight().value().data;
            double[] scale = l == 0 ? firstLayerScale : null;
            for (int i = 0; i < w.length; i++) {
                double v = effective(w, scale, i);
                sum += v * v;
            }
        }
        return Math.sqrt(sum);
    }

    /** Entries of the weight matrices that are not exactly zero, the first layer's scaled as in {@link #weightsL1}. */
    public long nonZeroWeights(double[] firstLayerScale) {
        long count = 0;
        for (int l = 0; l < dense.length; l++) {
            double[] w = dense[l].weight().value().data;
            double[] scale = l == 0 ? firstLayerScale : null;
            for (int i = 0; i < w.length; i++) {
                count += effective(w, scale, i) != 0.0 ? 1 : 0;
            }
        }
        return count;
    }

    /** w[i], times the scale of its column (i mod inputs) when {@code scale} is not null. */
    private double effective(double[] w, double[] scale, int i) {
        return scale == null ? w[i] : w[i] * scale[i % sizes[0]];
    }

    /** Entries of the weight matrices. */
    public long weightCount() {
        long count = 0;
        for (DenseLayer layer : dense) {
            count += layer.weight().size();
        }
        return count;
    }

    /** Trainable values over all parameters. */
    public long parameterCount() {
        long count = 0;
        for (Parameter p : parameters) {
            count += p.size();
        }
        return count;
    }

    public Workspace workspace(int rows) {
        return new Workspace(rows);
    }

    /**
     * Forward pass of {@code ws.input()}; returns the output matrix (rows x outputs, owned by the
     * workspace). In training, dropout masks are drawn from {@code rng}; otherwise dropout is off.
     */
    public DMatrixRMaj forward(Workspace ws, boolean training, SeededRandom rng) {
        dense[0].forward(ws.a[0], ws.z[0]); // z = a W^T + b
        return forwardFromFirst(ws, training, rng);
    }

    /**
     * Forward pass, dropout off, of one example given by its nonzero columns (strictly increasing
     * {@code indices}, their {@code values}, the owed-decay factor of each column in {@code scale},
     * or null when none is owed) on a one-row workspace: the first layer multiplies only those
     * columns ({@link DenseLayer#forwardSparse}: nnz x hidden instead of inputs x hidden), the rest as
     * {@link #forward}. With {@code scale} null, the outputs of {@link #forward} on the dense copy,
     * bit for bit.
     */
    public DMatrixRMaj forwardSparse(Workspace ws, int[] indices, double[] values, double[] scale, int nnz) {
        if (ws.rows != 1) {
            throw new IllegalArgumentException("a sparse forward pass takes a one-row workspace, not " + ws.rows);
        }
        dense[0].forwardSparse(indices, values, scale, 0, nnz, ws.z[0], 0);
        return forwardFromFirst(ws, false, null);
    }

    /**
     * Forward pass of a full batch of sparse rows ({@link BatchBuffer#allSparse}), the first layer
     * on their entries only, {@code scale[e]} the owed-decay factor of entry e's column; then as
     * {@link #forward}. The workspace's dense input is not read; {@link #backwardSparse} follows.
     */
    public DMatrixRMaj forwardSparse(Workspace ws, BatchBuffer batch, double[] scale, boolean training, SeededRandom rng) {
        if (batch.size() != ws.rows || !batch.allSparse()) {
            throw new IllegalArgumentException("a sparse batch pass takes " + ws.rows + " sparse rows");
        }
        for (int r = 0; r < ws.rows; r++) {
            dense[0].forwardSparse(batch.indices(), batch.values(), scale, batch.rowStart(r), batch.rowStart(r + 1),
                    ws.z[0], r);
        }
        return forwardFromFirst(ws, training, rng);
    }

    /** The rest of a forward pass once the first dense layer's output {@code z[0]} is written. */
    private DMatrixRMaj forwardFromFirst(Workspace ws, boolean training, SeededRandom rng) {
        int last = dense.length - 1;
        for (int l = 0; l <= last; l++) {
            if (l > 0) {
                dense[l].forward(ws.a[l], ws.z[l]); // z = a W^T + b
            }
            if (l < last) {
                DMatrixRMaj pre = ws.z[l];
                if (norms[l] != null) {
                    norms[l].forward(ws.z[l], ws.xhat[l], ws.rstd[l], ws.normed[l]);
                    pre = ws.normed[l];
                }
                Relu.forward(pre, ws.a[l + 1]); // a = relu(z)
                if (training) {
                    dropout.forwardTraining(ws.a[l + 1].data, ws.mask[l], ws.a[l + 1].getNumElements(), rng);
                }
            }
        }
        return ws.z[last];
    }

    /**
     * Backward pass after a training {@link #forward} on the same workspace: reads dL/doutput from
     * {@link Workspace#outputGradient()} and sets every parameter's gradient.
     */
    public void backward(Workspace ws) {
        backward(ws, null, null);
    }

    /**
     * Backward pass after a training {@link #forwardSparse(Workspace, BatchBuffer, double[], boolean,
     * SeededRandom)} of {@code batch}: as {@link #backward}, but the first layer's weight gradient
     * goes to {@code touched} for the batch's columns only ({@link DenseLayer#backwardSparse}).
     */
    public void backwardSparse(Workspace ws, BatchBuffer batch, TouchedColumns touched) {
        backward(ws, batch, touched);
    }

    private void backward(Workspace ws, BatchBuffer sparseBatch, TouchedColumns touched) {
        for (int l = dense.length - 1; l >= 0; l--) {
            DMatrixRMaj dInput = l > 0 ? ws.da[l] : null;
            if (l == 0 && sparseBatch != null) {
                dense[0].backwardSparse(sparseBatch, ws.dz[0], touched);
            } else {
                dense[l].backward(ws.a[l], ws.dz[l], dInput);
            }
            if (l > 0) {
                int h = l - 1;
                dropout.backward(dInput.data, ws.mask[h], dInput.getNumElements());
                DMatrixRMaj pre = norms[h] != null ? ws.normed[h] : ws.z[h];
                Relu.backward(pre, dInput, ws.dz[h]);
                if (norms[h] != null) {
                    norms[h].backward(ws.xhat[h], ws.rstd[h], ws.dz[h], ws.dz[h]);
                }
            }
        }
    }

    /** Every intermediate matrix of a forward and backward pass over {@code rows} examples. */
    public final class Workspace {
        private final int rows;
        /** a[l]: input of dense layer l; a[0] is the batch input. */
        private final DMatrixRMaj[] a;
        /** z[l]: output of dense layer l, before normalization and activation. */
        private final DMatrixRMaj[] z;
        private final DMatrixRMaj[] normed;
        private final DMatrixRMaj[] xhat;
        private final double[][] rstd;
        private final double[][] mask;
        /** dz[l]: dL/dz[l]; da[l]: dL/da[l]. */
        private final DMatrixRMaj[] dz;
        private final DMatrixRMaj[] da;

        private Workspace(int rows) {
            this.rows = rows;
            int layers = dense.length;
            a = new DMatrixRMaj[layers];
            z = new DMatrixRMaj[layers];
            dz = new DMatrixRMaj[layers];
            da = new DMatrixRMaj[layers];
            normed = new DMatrixRMaj[layers - 1];
            xhat = new DMatrixRMaj[layers - 1];
            rstd = new double[layers - 1][];
            mask = new double[layers - 1][];
            for (int l = 0; l < layers; l++) {
                a[l] = new DMatrixRMaj(rows, sizes[l]);
                da[l] = new DMatrixRMaj(rows, sizes[l]);
                z[l] = new DMatrixRMaj(rows, sizes[l + 1]);
                dz[l] = new DMatrixRMaj(rows, sizes[l + 1]);
            }
            for (int h = 0; h < layers - 1; h++) {
                mask[h] = new double[rows * sizes[h + 1]];
                if (norms[h] != null) {
                    normed[h] = new DMatrixRMaj(rows, sizes[h + 1]);
                    xhat[h] = new DMatrixRMaj(rows, sizes[h + 1]);
                    rstd[h] = new double[rows];
                }
            }
        }

        public int rows() {
            return rows;
        }

        /** The batch input (rows x inputs), to be filled before {@link #forward}. */
        public DMatrixRMaj input() {
            return a[0];
        }

        /** dL/doutput (rows x outputs), to be filled by the loss before {@link #backward}. */
        public DMatrixRMaj outputGradient() {
            return dz[dz.length - 1];
        }
    }
}
