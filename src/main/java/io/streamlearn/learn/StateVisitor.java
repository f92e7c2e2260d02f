package io.streamlearn.learn;

/**
 * A walk over the mutable state of a model that {@link ParameterMixing} combines across replicas:
 * a model hands each of its state arrays and counters, always in the same order, to
 * {@link #doubles} and {@link #counter}. A reading visitor copies them; a writing visitor
 * overwrites the arrays in place and returns the counters' new values, which the model stores.
 */
public interface StateVisitor {

    /** How a piece of state combines over replicas. */
    enum Kind {
        /** A parameter or optimizer moment: replicas are averaged (weighted by records). */
        AVERAGED,
        /** As {@link #AVERAGED}, and never negative (a sum of squares, a second moment). */
        AVERAGED_NON_NEGATIVE,
        /** A sum over records (a scaler's count and power sums): the replicas' increments add up. */
        SUMMED,
        /** Local to a replica (random state, a partial mini-batch): kept from the replica. */
        LOCAL
    }

    /** Visits {@code values}; a writing visitor overwrites them. */
    void doubles(double[] values, Kind kind);

    /** Visits a counter; returns the value the model keeps (the same, for a reading visitor). */
    long counter(long value, Kind kind);

    /** Whether this visitor overwrites the state, so that the model must recompute what derives from it. */
    boolean writes();
}
