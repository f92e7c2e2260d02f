package io.streamlearn.learn;

import java.util.ArrayList;
import java.util.List;

/**
 * Iterative parameter mixing (McDonald, Hall and Mann, "Distributed Training Strategies for the
 * Structured Perceptron", NAACL 2010; Vowpal Wabbit's allreduce averaging) over replicas of one
 * model that all started from the same merged model (the base) and trained on disjoint records.
 *
 * <p>{@link #average}: per piece of state ({@link StateVisitor.Kind}),
 * <ul>
 *   <li>averaged: theta = sum_i c_i theta_i / sum_i c_i, with c_i the records replica i trained since
 *       the base, computed as theta_0 + sum_i (c_i / C) (theta_i - theta_0) so that identical replicas
 *       give that state bit for bit; counters (optimizer steps) the same, rounded;
 *   <li>summed: base + sum_i (theta_i - base), a scaler's records and power sums pooled;
 *   <li>local: replica 0's.
 * </ul>
 * {@link #rebase}: a replica that trained on since it published adopts the merged model plus its own
 * increment since publishing, theta = now + (merged - published) (element by element merged itself
 * where nothing changed since publishing), local state kept.
 *
 * <p>A model takes part through {@link OnlineModel#visitState}; all models passed must have the
 * same shape (the same spec).
 */
public final class ParameterMixing {

    private ParameterMixing() {}

    /**
     * The fresh model each of {@code replicas} replicas starts from, given a fresh model of the spec:
     * linear learners with their optimizer's {@link LinearOptimizerOptions#forReplicas} (an
     * invscaling rate scaled up), the MLP (AdamW) as it is: with 31 Adam steps per generation a larger
     * rate only made it worse (bench/results/parallel-mixing-*.md).
     *
     * @param fresh an untrained model
     * @return {@code fresh} itself or a new model
     */
    public static OnlineModel forReplicas(OnlineModel fresh, int replicas) {
        if (fresh.updates() != 0) {
            throw new IllegalArgumentException("a replica starts from a fresh model, got one with "
                    + fresh.updates() + " updates");
        }
        if (fresh instanceof LinearModel linear) {
            return LinearModel.create(linear.options().forReplicas(replicas));
        }
        if (fresh instanceof TargetStandardizedModel scaled) {
            return new TargetStandardizedModel(forReplicas(scaled.inner(), replicas));
        }
        if (fresh instanceof ModelPath) {
            throw new IllegalArgumentException("a regularization path is not trained data-parallel");
        }
        return fresh;
    }

    /**
     * The records-weighted average of {@code replicas}.
     *
     * @param base the model they all started from (for summed state); null for a fresh model's
     * @param records records each replica trained since the base; each >= 0, their sum > 0
     * @return a new model; the arguments are not modified
     */
    public static OnlineModel average(OnlineModel base, List<OnlineModel> replicas, long[] records) {
        OnlineModel merged = ModelCodec.copy(replicas.get(0));
        averageInto(merged, base, replicas, records);
        return merged;
    }

    /** {@link #average(OnlineModel, List, long[])} of feature scalers (summed state only: pooled). */
    public static RunningStandardizer average(RunningStandardizer base, List<RunningStandardizer> replicas,
                                              long[] records) {
        RunningStandardizer merged = replicas.get(0).copy();
        averageInto(merged::visitState, base == null ? null : base::visitState,
                replicas.stream().<Mixable>map(r -> r::visitState).toList(), records);
        return merged;
    }

    /** {@link #rebase(OnlineModel, OnlineModel, OnlineModel)} of feature scalers. */
    public static RunningStandardizer rebase(RunningStandardizer now, RunningStandardizer published,
                                             RunningStandardizer merged) {
        RunningStandardizer result = now.copy();
        rebaseInto(result::visitState, now::visitState, published::visitState, merged::visitState);
        return result;
    }

    private static void averageInto(OnlineModel merged, OnlineModel base, List<OnlineModel> replicas, long[] records) {
        averageInto(merged::visitState, base == null ? null : base::visitState,
                replicas.stream().<Mixable>map(r -> r::visitState).toList(), records);
    }

    /** What takes part in mixing: something that hands its state to a visitor. */
    @FunctionalInterface
    private interface Mixable {
        void visitState(StateVisitor visitor);
    }

    private static void averageInto(Mixable target, Mixable base, List<Mixable> replicas, long[] records) {
        if (replicas.isEmpty() || replicas.size() != records.length) {
            throw new IllegalArgumentException("need one record count per replica, got "
                    + records.length + " for " + replicas.size());
        }
        double total = 0;
        for (long c : records) {
            if (c < 0) {
                throw new IllegalArgumentException("record counts must be >= 0: " + c);
            }
            total += c;
        }
        if (!(total > 0)) {
            throw new IllegalArgumentException("no records trained: nothing to average");
        }
        double[] shares = new double[records.length];
        for (int i = 0; i < shares.length; i++) {
            shares[i] = records[i] / total;
        }
        List<State> states = new ArrayList<>();
        for (Mixable r : replicas) {
            states.add(State.of(r));
        }
        State baseState = base == null ? null : State.of(base);
        for (State s : states) {
            states.get(0).checkSameShape(s);
        }
        if (baseState != null) {
            states.get(0).checkSameShape(baseState);
        }
        target.visitState(new Writer(states.get(0), (k, at, i) -> {
            State first = states.get(0);
            switch (k) {
                case SUMMED: {
                    double b = baseState == null ? 0.0 : baseState.value(at, i);
                    double sum = b;
                    for (State s : states) {
                        sum += s.value(at, i) - b;
                    }
                    return sum;
                }
                case LOCAL:
                    return first.value(at, i);
                default: {
                    // theta_0 + sum_i (c_i / C)(theta_i - theta_0): exact for identical replicas
                    double v0 = first.value(at, i);
                    double v = v0;
                    for (int r = 1; r < states.size(); r++) {
                        v += shares[r] * (states.get(r).value(at, i) - v0);
                    }
                    return k == StateVisitor.Kind.AVERAGED_NON_NEGATIVE ? Math.max(0.0, v) : v;
                }
            }
        }));
    }

    /**
     * The replica's model after adopting {@code merged}: merged + (now - published) for averaged and
     * summed state, {@code now}'s local state.
     *
     * @param now the replica's current model
     * @param published the replica's model as it published it into the merge (same generation)
     * @return a new model; the arguments are not modified
     */
    public static OnlineModel rebase(OnlineModel now, OnlineModel published, OnlineModel merged) {
        OnlineModel result = ModelCodec.copy(now);
        rebaseInto(result::visitState, now::visitState, published::visitState, merged::visitState);
        return result;
    }

    private static void rebaseInto(Mixable result, Mixable now, Mixable published, Mixable merged) {
        State n = State.of(now);
        State p = State.of(published);
        State m = State.of(merged);
        n.checkSameShape(p);
        n.checkSameShape(m);
        result.visitState(new Writer(n, (k, at, i) -> {
            double nv = n.value(at, i);
            if (k == StateVisitor.Kind.LOCAL) {
                return nv;
            }
            double pv = p.value(at, i);
            if (Double.compare(nv, pv) == 0) {
                return m.value(at, i);
            }
            double v = m.value(at, i) + (nv - pv);
            return k == StateVisitor.Kind.AVERAGED_NON_NEGATIVE ? Math.max(0.0, v) : v;
        }));
    }

    /** The value of element i of visited piece {@code at} (counters are pieces of one element). */
    @FunctionalInterface
    private interface Rule {
        double value(StateVisitor.Kind kind, int at, int i);
    }

    /** A model's visited state, copied: per piece its kind and values. */
    private static final class State implements StateVisitor {
        final List<Kind> kinds = new ArrayList<>();
        final List<double[]> pieces = new ArrayList<>();

        static State of(Mixable model) {
            State s = new State();
            model.visitState(s);
            return s;
        }

        void checkSameShape(State other) {
            boolean same = pieces.size() == other.pieces.size();
            for (int at = 0; same && at < pieces.size(); at++) {
                same = kinds.get(at) == other.kinds.get(at) && pieces.get(at).length == other.pieces.get(at).length;
            }
            if (!same) {
                throw new IllegalArgumentException("the models to mix differ in shape");
            }
        }

        double value(int at, int i) {
            return pieces.get(at)[i];
        }

        @Override
        public void doubles(double[] values, Kind kind) {
            kinds.add(kind);
            pieces.add(values.clone());
        }

        @Override
        public long counter(long value, Kind kind) {
            kinds.add(kind);
            pieces.add(new double[] {value});
            return value;
        }

        @Override
        public boolean writes() {
            return false;
        }
    }

    /** Writes, piece by piece, the rule's value of every element; checks the shape against {@code shape}. */
    private static final class Writer implements StateVisitor {
        private final State shape;
        private final Rule rule;
        private int at;

        Writer(State shape, Rule rule) {
            this.shape = shape;
            this.rule = rule;
        }

        private void check(int length, Kind kind) {
            if (at >= shape.pieces.size() || shape.pieces.get(at).length != length || shape.kinds.get(at) != kind) {
                throw new IllegalArgumentException("the models to mix differ in shape at state piece " + at);
            }
        }

        @Override
        public void doubles(double[] values, Kind kind) {
            check(values.length, kind);
            for (int i = 0; i < values.length; i++) {
                values[i] = rule.value(kind, at, i);
            }
            at++;
        }

        @Override
        public long counter(long value, Kind kind) {
            check(1, kind);
            long v = kind == Kind.LOCAL ? value : Math.round(rule.value(kind, at, 0));
            at++;
            return v;
        }

        @Override
        public boolean writes() {
            return true;
        }
    }
}
