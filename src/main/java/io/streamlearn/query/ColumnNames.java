package io.streamlearn.query;

import io.streamlearn.encode.EventEncoder;
import io.streamlearn.pipeline.LearningPipeline;
import java.util.List;

/**
 * How a model's input columns are named in its JSON view ({@link ModelJson}): a feature record's by
 * the spec's {@code features.names} (or none: positional), a raw event's by its encoder
 * ({@code amount}, {@code amount:missing}, {@code country=DE}, {@code country=<other>},
 * {@code country=<missing>}). A hashed column is named by the one feature seen in it
 * ({@code merchant_id=m-77}, {@code country=DE^device/os=ios}), or by its block and index
 * ({@code merchant_id#17}) when several fell in it or none was noted; {@link #hashedFeatures} lists
 * them (at most 8, first seen first: the encoder's hashed-name dictionary, stored in its state).
 *
 * <p>Read on the thread that owns the encoder: a raw-event pipeline's names change as it learns.
 */
public final class ColumnNames {

    private final int width;
    private final List<String> names;
    private final EventEncoder encoder;

    private ColumnNames(int width, List<String> names, EventEncoder encoder) {
        this.width = width;
        this.names = names;
        this.encoder = encoder;
    }

    /** A feature record's columns: {@code names} (empty: positional) of {@code width} columns. */
    public static ColumnNames of(int width, List<String> names) {
        if (!names.isEmpty() && names.size() != width) {
            throw new IllegalArgumentException(names.size() + " names for " + width + " columns");
        }
        return new ColumnNames(width, List.copyOf(names), null);
    }

    /** The columns of {@code p}: its encoder's names for raw events, else {@code featureNames}. */
    public static ColumnNames of(LearningPipeline p, List<String> featureNames) {
        return p.events() == null ? of(p.dimension(), featureNames)
                : new ColumnNames(p.dimension(), List.of(), p.events().encoder());
    }

    public int width() {
        return width;
    }

    /** Whether the columns have no names (a feature record's {@code dimension: N}). */
    public boolean positional() {
        return encoder == null && names.isEmpty();
    }

    /** The name of column c; {@code #c} for a positional column. */
    public String name(int c) {
        if (encoder == null) {
            return names.isEmpty() ? "#" + c : names.get(c);
        }
        List<String> seen = encoder.hashedFeatures(c);
        return seen.size() == 1 ? seen.get(0) : encoder.columnName(c);
    }

    /** The features seen in hashed column c (1 to 8, first seen first); empty for other columns and before any. */
    public List<String> hashedFeatures(int c) {
        return encoder == null ? List.of() : encoder.hashedFeatures(c);
    }

    /**
     * The columns a pipeline's standardizer scales, increasing: a raw event's numeric value columns;
     * null for a feature record (every column).
     */
    public int[] scaledColumns() {
        return encoder == null ? null : encoder.layout().numericColumns();
    }
}
