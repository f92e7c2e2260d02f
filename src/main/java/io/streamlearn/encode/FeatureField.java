package io.streamlearn.encode;

/**
 * How one field of a raw event becomes features (docs/DESIGN.md, "Raw events"); each takes a fixed
 * number of {@link #columns()} of the model's input, so the width is known before any event.
 */
public sealed interface FeatureField {

    /** One-hot vocabulary size when the spec gives none. */
    int DEFAULT_MAX_CATEGORIES = 1_000;
    /** Hashed columns of a text field or an interaction when the spec gives none: 2^18. */
    int DEFAULT_HASH = 1 << 18;

    /** Columns this feature takes. */
    int columns();

    /** What a numeric field's value goes through before imputation. */
    enum Transform {
        NONE,
        /** sign(v) · log(1 + |v|). */
        LOG1P
    }

    /** What a missing (null or absent) numeric value becomes. */
    enum Missing {
        /** The running mean of the (transformed) values seen so far; 0 before the first. */
        MEAN,
        ZERO
    }

    /** A number: columns {@code <field>} and {@code <field>:missing} (1 when null or absent). */
    record Numeric(FieldPath field, Transform transform, Missing missing) implements FeatureField {
        @Override
        public int columns() {
            return 2;
        }
    }

    /**
     * A category {@code <field>=<value>}: one-hot over an online vocabulary of at most
     * {@code maxCategories} values in first-seen order, then {@code <field>=<other>} and
     * {@code <field>=<missing>} ({@code maxCategories + 2} columns); or, with {@code hash > 0},
     * hashed into {@code hash} columns.
     */
    record Categorical(FieldPath field, int maxCategories, int hash) implements FeatureField {

        public boolean hashed() {
            return hash > 0;
        }

        @Override
        public int columns() {
            return hashed() ? hash : maxCategories + 2;
        }
    }

    /** Lower-cased runs of letters and digits, each {@code <field>=<token>} hashed into {@code hash} columns, counted. */
    record Text(FieldPath field, int hash) implements FeatureField {
        @Override
        public int columns() {
            return hash;
        }
    }

    /**
     * A cross of two numeric or categorical fields, {@code <a>=<x>^<b>=<y>}, hashed into {@code hash}
     * columns; a numeric member contributes its name and multiplies the feature's value by its own.
     */
    record Interaction(FieldPath a, FieldPath b, int hash) implements FeatureField {
        @Override
        public int columns() {
            return hash;
        }
    }
}
