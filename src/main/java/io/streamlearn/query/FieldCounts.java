package io.streamlearn.query;

import io.streamlearn.encode.EventEncoder;
import io.streamlearn.encode.EventLayout;
import io.streamlearn.encode.FeatureField;
import io.streamlearn.pipeline.LearningPipeline;
import io.streamlearn.pipeline.Split;
import java.util.ArrayList;
import java.util.List;

/**
 * What a raw-event pipeline's encoder has learned per field, at a snapshot: for each numeric and
 * categorical field (by its name in features, {@code device/os}) the events where it was null or
 * absent, and for a one-hot field its vocabulary size and the events whose value fell in
 * {@code <other>}; counted over the events the encoder learned from (the TRAIN events,
 * {@link #events()}), stored with its state. For {@code scope: key} the counts of several keys'
 * encoders add up ({@link #plus}).
 */
public final class FieldCounts {

    /** The fields counted, in layout order. */
    private final List<Field> fields;
    private final long[] vocabulary;
    private final long[] missing;
    private final long[] other;
    private long events;

    /** A field of the layout: its name, whether it is one-hot, its vocabulary's bound (0 when not one-hot). */
    public record Field(String name, boolean oneHot, int maxCategories) {}

    private FieldCounts(List<Field> fields) {
        this.fields = fields;
        this.vocabulary = new long[fields.size()];
        this.missing = new long[fields.size()];
        this.other = new long[fields.size()];
    }

    /** Zero counts over the numeric and categorical fields of {@code layout}. */
    public static FieldCounts zero(EventLayout layout) {
        List<Field> fields = new ArrayList<>();
        for (FeatureField f : layout.features()) {
            if (f instanceof FeatureField.Numeric n) {
                fields.add(new Field(n.field().name(), false, 0));
            } else if (f instanceof FeatureField.Categorical c) {
                fields.add(new Field(c.field().name(), !c.hashed(), c.hashed() ? 0 : c.maxCategories()));
            }
        }
        return new FieldCounts(List.copyOf(fields));
    }

    /** The counts of {@code p}'s encoder; call on the thread that owns {@code p}. */
    public static FieldCounts of(LearningPipeline p) {
        EventEncoder encoder = p.events().encoder();
        FieldCounts counts = zero(encoder.layout());
        counts.events = p.recordsSeen(Split.TRAIN);
        List<FeatureField> features = encoder.layout().features();
        int k = 0;
        for (int i = 0; i < features.size(); i++) {
            if (features.get(i) instanceof FeatureField.Numeric || features.get(i) instanceof FeatureField.Categorical) {
                counts.vocabulary[k] = encoder.vocabularySize(i);
                counts.missing[k] = encoder.missingCount(i);
                counts.other[k] = encoder.otherCount(i);
                k++;
            }
        }
        return counts;
    }

    /** The sums of these counts and {@code more}'s (of the same layout). */
    public FieldCounts plus(FieldCounts more) {
        return plus(more, 1);
    }

    /** These counts plus {@code sign} times {@code more}'s: -1 takes out a key's counts added before. */
    public FieldCounts plus(FieldCounts more, int sign) {
        FieldCounts sum = new FieldCounts(fields);
        sum.events = events + sign * more.events;
        for (int k = 0; k < fields.size(); k++) {
            sum.vocabulary[k] = vocabulary[k] + sign * more.vocabulary[k];
            sum.missing[k] = missing[k] + sign * more.missing[k];
            sum.other[k] = other[k] + sign * more.other[k];
        }
        return sum;
    }

    public List<Field> fields() {
        return fields;
    }

    /** The events the encoder learned from (TRAIN events). */
    public long events() {
        return events;
    }

    /** The field's one-hot vocabulary size (0 for other fields, and for an unknown name). */
    public long vocabularySize(String field) {
        int k = indexOf(field);
        return k < 0 ? 0 : vocabulary[k];
    }

    /** Events whose value of the field was null or absent. */
    public long missing(String field) {
        int k = indexOf(field);
        return k < 0 ? 0 : missing[k];
    }

    /** Events whose value of the one-hot field fell in {@code <other>}. */
    public long other(String field) {
        int k = indexOf(field);
        return k < 0 ? 0 : other[k];
    }

    private int indexOf(String field) {
        for (int k = 0; k < fields.size(); k++) {
            if (fields.get(k).name().equals(field)) {
                return k;
            }
        }
        return -1;
    }
}
