package io.streamlearn.learn;

import io.streamlearn.vector.FeatureVector;
import java.io.DataOutput;
import java.io.IOException;

/**
 * A model that learns one labelled example at a time.
 *
 * <p>Life cycle: built from its options (and a seed, where it is random), then any number of
 * {@link #predict} and {@link #train} calls, interleaved; its whole state, optimizer and random
 * state included, is written by {@link #writeTo} and read back by {@link ModelCodec}.
 *
 * <p>Outputs: a regressor has one output, the predicted value. A classifier over K classes has K
 * outputs, the class probabilities (K = 2 included). A class label is passed to {@link #train} as
 * its index, as a double.
 *
 * <p>Inputs: a {@link FeatureVector} of width {@link #inputDimension()}, dense (a record's values)
 * or sparse (its nonzero columns: one-hot, hashed). A model predicts a sparse vector as its dense
 * copy, and a linear model trains on it as on its dense copy (it steps only the weights of its
 * nonzero columns and catches the others up lazily). The MLP multiplies only the nonzero columns
 * into its first layer, and trains a batch of sparse vectors with a lazy first layer, which is not
 * the dense step ({@link Mlp}: SparseAdam's moments, AdamW's decay exact).
 *
 * <p>Implementations are not thread-safe.
 */
public interface OnlineModel {

    /** Number of input features. */
    int inputDimension();

    /** Number of outputs: 1 for a regressor, K for a classifier over K classes. */
    int outputDimension();

    /**
     * Predicts for {@code x}, writing {@link #outputDimension()} values into {@code out}. Does not
     * change the model; training-only transformations (dropout, noise) are off.
     */
    void predict(FeatureVector x, double[] out);

    /**
     * Predicts for each of {@code rows[0..n)}, writing row i's outputs into {@code out[i]}: the same
     * values, bit for bit, as {@code n} calls of {@link #predict(FeatureVector, double[])}, which a
     * model may compute faster together (the linear optimizers and the MLP's batch workspace, on dense
     * rows). This is how a reservoir of recent records is scored.
     */
    default void predict(FeatureVector[] rows, int n, double[][] out) {
        for (int i = 0; i < n; i++) {
            predict(rows[i], out[i]);
        }
    }

    /**
     * Trains on one example. {@code x} is not retained: the model copies what it keeps. A mini-batch
     * model buffers the example and steps when its batch is full.
     *
     * @param label the target value, or the class index for a classifier
     * @return what happened; never null
     */
    TrainResult train(FeatureVector x, double label);

    /** Optimizer steps taken so far (for a mini-batch model, batches). */
    long updates();

    /** Sum of |w| over the weights (biases and intercepts excluded). */
    double weightsL1();

    /** Euclidean norm of the weights (biases and intercepts excluded). */
    double weightsL2();

    /** Number of weights that are not exactly zero (biases and intercepts excluded). */
    long nonZeroWeights();

    /** Number of weights (biases and intercepts excluded). */
    long weightCount();

    /** Total gradient norm before clipping at the last step; NaN when none was taken or tracked. */
    double lastGradientNorm();

    /** Steps whose gradient was clipped. */
    long clippedSteps();

    /**
     * Hands the model's whole mutable state to {@code visitor}, always in the same order, for
     * {@link ParameterMixing}; when the visitor {@link StateVisitor#writes() writes}, the model
     * takes the new values (and recomputes what derives from them).
     *
     * @throws UnsupportedOperationException for a model that cannot be mixed
     */
    default void visitState(StateVisitor visitor) {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " cannot be mixed across replicas");
    }

    /** Type tag written first in a snapshot; see {@link ModelCodec}. */
    byte typeTag();

    /** Writes the state after the type tag, in the model's current payload format. */
    void writeTo(DataOutput out) throws IOException;
}
