package io.streamlearn.learn;

import io.streamlearn.vector.FeatureVector;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A regularization path: K models of one learner that differ only in their penalty (one per value
 * of a λ grid), trained side by side on the same examples, and predicting with the current
 * <em>champion</em>. Every {@link #train} trains every member on the same (already scaled) x; every
 * statistic ({@link #updates()}, the norms, the nonzero count) is the champion's, so a path reads
 * like the one model it currently is. Who is champion is decided outside ({@link #setChampion}):
 * the pipeline compares the members' losses, which live in its evaluators.
 *
 * <p>What is shared: the input vector (standardized once by the caller, not once per member) and
 * the loop over the records. What is not: the dot products and the optimizer state — after the
 * first step the members' weights differ, and so do their residuals and gradients; FTRL and RDA
 * even keep their weights implicit in per-member accumulators.
 *
 * <p>The snapshot ({@link ModelCodec} tag {@link ModelCodec#TAG_PATH}): format byte, K, the
 * penalty names, the champion's index, then per member its penalty values and its whole snapshot.
 */
public final class ModelPath implements OnlineModel {

    /** Most members of a path (the spec validation's bound, which also bounds the metric series). */
    public static final int MAX_MEMBERS = 16;
    private static final byte FORMAT = 1;

    private final List<String> penaltyNames;
    private final double[][] penalties;
    private final List<String> labels;
    private final List<Map<String, Double>> penaltyMaps;
    private final OnlineModel[] members;
    private int champion;

    /**
     * @param penaltyNames the penalties that vary along the path: {@code [l1]}, {@code [l2]} or {@code [l1, l2]}
     * @param penalties per member, its value of each penalty in {@code penaltyNames} order
     * @param members the members, with the same input and output dimensions
     */
    public ModelPath(List<String> penaltyNames, double[][] penalties, List<? extends OnlineModel> members) {
        this(penaltyNames, penalties, members.toArray(new OnlineModel[0]), 0);
    }

    private ModelPath(List<String> penaltyNames, double[][] penalties, OnlineModel[] members, int champion) {
        if (members.length < 1 || members.length > MAX_MEMBERS || penalties.length != members.length) {
            throw new IllegalArgumentException("a path has 1 to " + MAX_MEMBERS + " members with their penalties, got "
                    + members.length + " members and " + penalties.length + " penalty sets");
        }
        if (penaltyNames.isEmpty()) {
            throw new IllegalArgumentException("a path varies at least one penalty");
        }
        List<String> labels = new ArrayList<>();
        List<Map<String, Double>> maps = new ArrayList<>();
        for (double[] values : penalties) {
            if (values.length != penaltyNames.size()) {
                throw new IllegalArgumentException("each member has a value of each of " + penaltyNames);
            }
            Map<String, Double> m = new LinkedHashMap<>();
            for (int j = 0; j < values.length; j++) {
                m.put(penaltyNames.get(j), values[j]);
            }
            maps.add(Collections.unmodifiableMap(m));
            labels.add(label(m));
        }
        for (OnlineModel m : members) {
            if (m.inputDimension() != members[0].inputDimension() || m.outputDimension() != members[0].outputDimension()) {
                throw new IllegalArgumentException("the members of a path must have the same dimensions");
            }
        }
        if (champion < 0 || champion >= members.length) {
            throw new IllegalArgumentException("champion " + champion + " is not a member");
        }
        this.penaltyNames = List.copyOf(penaltyNames);
        this.penalties = new double[penalties.length][];
        for (int k = 0; k < penalties.length; k++) {
            this.penalties[k] = penalties[k].clone();
        }
        this.labels = List.copyOf(labels);
        this.penaltyMaps = List.copyOf(maps);
        this.members = members;
        this.champion = champion;
    }

    public int size() {
        return members.length;
    }

    public OnlineModel member(int k) {
        return members[k];
    }

    /**
     * Member labels, in member order, as the {@code lambda} metric label and the JSON views show them:
     * the value in plain decimal ({@code 0.01}) when one penalty varies, {@code l1=0.01,l2=0.1} when two.
     */
    public List<String> labels() {
        return labels;
    }

    /** The penalties that vary along the path. */
    public List<String> penaltyNames() {
        return penaltyNames;
    }

    /** Member k's penalties by name (unmodifiable; the same instance on every call). */
    public Map<String, Double> penalties(int k) {
        return penaltyMaps.get(k);
    }

    /** The label of a member with these penalties. */
    public static String label(Map<String, Double> penalties) {
        if (penalties.size() == 1) {
            return plain(penalties.values().iterator().next());
        }
        StringBuilder b = new StringBuilder();
        penalties.forEach((k, v) -> b.append(b.length() == 0 ? "" : ",").append(k).append('=').append(plain(v)));
        return b.toString();
    }

    /** A penalty value in plain decimal, without trailing zeros: 0.0001, 0.5, 1. */
    public static String plain(double v) {
        return BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
    }

    public int champion() {
        return champion;
    }

    public void setChampion(int k) {
        if (k < 0 || k >= members.length) {
            throw new IllegalArgumentException("champion " + k + " is not a member of a path of " + members.length);
        }
        champion = k;
    }

    /** Each member's prediction for x into {@code out[k]}: the same values as K {@code predict} calls. */
    public void predictMembers(FeatureVector x, double[][] out) {
        for (int k = 0; k < members.length; k++) {
            members[k].predict(x, out[k]);
        }
    }

    @Override
    public int inputDimension() {
        return members[0].inputDimension();
    }

    @Override
    public int outputDimension() {
        return members[0].outputDimension();
    }

    @Override
    public void predict(FeatureVector x, double[] out) {
        members[champion].predict(x, out);
    }

    @Override
    public void predict(FeatureVector[] rows, int n, double[][] out) {
        members[champion].predict(rows, n, out);
    }

    /** Trains every member on the example; returns the champion's result (rejected if any member refused). */
    @Override
    public TrainResult train(FeatureVector x, double label) {
        TrainResult championResult = null;
        TrainResult rejected = null;
        for (int k = 0; k < members.length; k++) {
            TrainResult r = members[k].train(x, label);
            if (k == champion) {
                championResult = r;
            }
            if (r.rejected() && rejected == null) {
                rejected = r;
            }
        }
        return rejected != null ? rejected : championResult;
    }

    @Override
    public long updates() {
        return members[champion].updates();
    }

    @Override
    public double weightsL1() {
        return members[champion].weightsL1();
    }

    @Override
    public double weightsL2() {
        return members[champion].weightsL2();
    }

    @Override
    public long nonZeroWeights() {
        return members[champion].nonZeroWeights();
    }

    @Override
    public long weightCount() {
        return members[champion].weightCount();
    }

    @Override
    public double lastGradientNorm() {
        return members[champion].lastGradientNorm();
    }

    @Override
    public long clippedSteps() {
        return members[champion].clippedSteps();
    }

    @Override
    public byte typeTag() {
        return ModelCodec.TAG_PATH;
    }

    @Override
    public void writeTo(DataOutput out) throws IOException {
        out.writeByte(FORMAT);
        out.writeInt(members.length);
        out.writeInt(penaltyNames.size());
        for (String name : penaltyNames) {
            out.writeUTF(name);
        }
        out.writeInt(champion);
        for (int k = 0; k < members.length; k++) {
            for (double v : penalties[k]) {
                out.writeDouble(v);
            }
            ModelCodec.write(members[k], out);
        }
    }

    static ModelPath readFrom(DataInput in) throws IOException {
        byte format = in.readByte();
        if (format != FORMAT) {
            throw new IOException("unsupported path format " + format);
        }
        int n = in.readInt();
        if (n < 1 || n > MAX_MEMBERS) {
            throw new IOException("a path of " + n + " members");
        }
        int names = in.readInt();
        if (names < 1 || names > 2) {
            throw new IOException("a path over " + names + " penalties");
        }
        List<String> penaltyNames = new ArrayList<>(names);
        for (int j = 0; j < names; j++) {
            penaltyNames.add(in.readUTF());
        }
        int champion = in.readInt();
        double[][] penalties = new double[n][names];
        OnlineModel[] members = new OnlineModel[n];
        for (int k = 0; k < n; k++) {
            for (int j = 0; j < names; j++) {
                penalties[k][j] = in.readDouble();
            }
            members[k] = ModelCodec.read(in);
        }
        try {
            return new ModelPath(penaltyNames, penalties, members, champion);
        } catch (IllegalArgumentException e) {
            throw new IOException(e.getMessage(), e);
        }
    }
}
