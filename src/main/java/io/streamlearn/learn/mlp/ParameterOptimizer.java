package io.streamlearn.learn.mlp;

import io.streamlearn.learn.StateVisitor;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * A first-order optimizer of a network's {@link Parameter}s, apart from them: it keeps only its own
 * state (for {@link AdamW}, two moments per parameter value and the step count) and steps the
 * parameters it was built over from their gradients.
 *
 * <p>Life cycle:
 * <ul>
 *   <li>initialise: the implementation's constructor, given the parameters it steps, in the order
 *       of {@code Network.parameters()}; its state is sized to their shapes, zero, with no steps;
 *   <li>step: {@link #step} after each backward pass, all or nothing: a step that would make a
 *       parameter or a state value NaN or infinite changes nothing and returns false;
 *       {@link #stepSparse} after a sparse backward pass, where one parameter (the first layer's
 *       weight) has a gradient on some columns only and is stepped lazily: its other columns owe
 *       updates that {@link #columnScale} accounts for when reading it and {@link #catchUp} applies;
 *   <li>state: the step count ({@link #steps}, {@link #setSteps}) and each parameter's state
 *       ({@link #writeState}, {@link #readState}) and the lazy bookkeeping ({@link #writeLazyState},
 *       {@link #readLazyState}) go where the model's snapshot format puts them,
 *       so that a restored optimizer continues bit-identically; {@link #visitState} hands the same
 *       state to parameter mixing;
 *   <li>finalise: none, the last iterate is the model (no averaged iterate);
 *   <li>reset: none in place; a model that restarts (a drift reset) builds a new optimizer.
 * </ul>
 */
public interface ParameterOptimizer {

    /**
     * One step from the parameters' current gradients. Modifies the parameter values and the state
     * only when every result is finite; returns whether the step was applied.
     */
    boolean step();

    /**
     * One step in which parameter {@code p} (a [rows][cols] matrix) has a zero gradient but on
     * {@code touched}'s columns, whose gradients it holds; p's other columns are not visited. All or
     * nothing, as {@link #step}.
     */
    boolean stepSparse(int p, TouchedColumns touched);

    /**
     * The factor by which the stored column {@code column} of parameter p is multiplied to read its
     * current value (what it owes from skipped steps); 1 when it owes nothing.
     */
    double columnScale(int p, int column);

    /** Whether some column may owe an update ({@link #columnScale} not 1). */
    boolean lazy();

    /** Applies every owed update to the stored parameter values; {@link #lazy} is false after. */
    void catchUp();

    /** Steps applied so far. */
    long steps();

    /** Sets the step count, as read from a snapshot or combined by mixing. */
    void setSteps(long steps);

    /** Writes the state kept for parameter {@code p} (not the parameter's values). */
    void writeState(int p, DataOutput out) throws IOException;

    /** Reads what {@link #writeState} wrote for parameter {@code p}, into this optimizer of the same shapes. */
    void readState(int p, DataInput in) throws IOException;

    /** Writes the lazy bookkeeping (which columns owe what), after the parameters' state. */
    void writeLazyState(DataOutput out) throws IOException;

    /** Reads what {@link #writeLazyState} wrote, after {@link #setSteps}. */
    void readLazyState(DataInput in) throws IOException;

    /** Hands the state kept for parameter {@code p} to {@code visitor}, always in the same order. */
    void visitState(int p, StateVisitor visitor);
}
