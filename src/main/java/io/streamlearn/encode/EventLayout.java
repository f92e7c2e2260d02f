package io.streamlearn.encode;

import io.streamlearn.record.RawField;
import java.util.ArrayList;
import java.util.List;

/**
 * Where each feature's columns are in the model's input (docs/DESIGN.md, "Raw events"): one block
 * per feature field, in the given order (the spec's: numeric, categorical, text, interactions),
 * each block {@link FeatureField#columns()} wide, so the width is fixed before any event and nothing
 * moves as a vocabulary grows.
 * <ul>
 *   <li>numeric: {@code +0} the value, {@code +1} its missing indicator;
 *   <li>one-hot categorical: {@code +0 .. +maxCategories-1} the vocabulary in first-seen order,
 *       {@code +maxCategories} {@code <other>}, {@code +maxCategories+1} {@code <missing>};
 *   <li>hashed categorical, text, interaction: {@code +0 .. +hash-1} the hashed columns.
 * </ul>
 * The fields an event must hold are {@link #fields()}: numeric, categorical and text fields, each
 * once, in that order (interactions cross fields of the first two kinds).
 */
public final class EventLayout {

    /** The widest layout: 2^24 columns (a linear model's weights alone are then 128 MiB). */
    public static final int MAX_WIDTH = 1 << 24;

    private final List<FeatureField> features;
    private final List<FieldPath> fields = new ArrayList<>();
    private final List<Boolean> numeric = new ArrayList<>();
    private final int[] offsets;
    private final int width;

    /**
     * @throws IllegalArgumentException for a field given twice, an interaction member that is not a
     *     numeric or categorical field, or a width over {@link #MAX_WIDTH}
     */
    public EventLayout(List<FeatureField> features) {
        this.features = List.copyOf(features);
        this.offsets = new int[features.size()];
        long at = 0;
        for (int i = 0; i < features.size(); i++) {
            FeatureField f = features.get(i);
            offsets[i] = (int) Math.min(at, Integer.MAX_VALUE);
            at += f.columns();
            FieldPath read = f instanceof FeatureField.Numeric n ? n.field()
                    : f instanceof FeatureField.Categorical c ? c.field()
                    : f instanceof FeatureField.Text t ? t.field() : null;
            if (read != null) {
                if (fields.contains(read)) {
                    throw new IllegalArgumentException("field " + read + " is listed twice");
                }
                fields.add(read);
                numeric.add(f instanceof FeatureField.Numeric);
            }
        }
        for (FeatureField f : features) {
            if (f instanceof FeatureField.Interaction x) {
                member(x.a());
                member(x.b());
            }
        }
        if (at > MAX_WIDTH || at < 1) {
            throw new IllegalArgumentException("the features take " + at + " columns; between 1 and " + MAX_WIDTH);
        }
        this.width = (int) at;
    }

    private void member(FieldPath p) {
        FeatureField f = featureOf(p);
        if (!(f instanceof FeatureField.Numeric) && !(f instanceof FeatureField.Categorical)) {
            throw new IllegalArgumentException("interaction member " + p + " is not a numeric or categorical field");
        }
    }

    public List<FeatureField> features() {
        return features;
    }

    /** The model's input dimension. */
    public int width() {
        return width;
    }

    /** The first column of feature {@code i}'s block. */
    public int offset(int i) {
        return offsets[i];
    }

    /** The fields an event must hold, in the order {@link #rawFields()} reads them. */
    public List<FieldPath> fields() {
        return List.copyOf(fields);
    }

    /** Index of a field in {@link #fields()}, or -1. */
    public int fieldIndex(FieldPath p) {
        return fields.indexOf(p);
    }

    /** The numeric or categorical or text feature that reads {@code p}; null when none. */
    public FeatureField featureOf(FieldPath p) {
        for (FeatureField f : features) {
            if (f instanceof FeatureField.Numeric n && n.field().equals(p)
                    || f instanceof FeatureField.Categorical c && c.field().equals(p)
                    || f instanceof FeatureField.Text t && t.field().equals(p)) {
                return f;
            }
        }
        return null;
    }

    /**
     * What a {@code record.RawEventReader} extracts for this layout: {@link #fields()} in order,
     * numeric ones typed as numbers. A reader may extract more fields after these (id, label,
     * timestamp); the encoder reads only the first {@code fields().size()}.
     */
    public List<RawField> rawFields() {
        List<RawField> out = new ArrayList<>();
        for (int i = 0; i < fields.size(); i++) {
            out.add(new RawField(fields.get(i).text(), fields.get(i).tokens(), numeric.get(i)));
        }
        return out;
    }

    /** The columns of numeric values (not their indicators): those a standardizer scales. */
    public int[] numericColumns() {
        return java.util.stream.IntStream.range(0, features.size())
                .filter(i -> features.get(i) instanceof FeatureField.Numeric).map(i -> offsets[i]).toArray();
    }
}
