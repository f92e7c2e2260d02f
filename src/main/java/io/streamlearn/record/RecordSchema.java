package io.streamlearn.record;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a pipeline's records look like: the number of features, their names (empty when features
 * are positional only), the class names (empty for regression), the size limits, and whether the
 * features reach the models dense or sparse ({@link #sparseFeatures()}). Immutable.
 */
public final class RecordSchema {

    private final int dimension;
    private final List<String> featureNames;
    private final List<String> classes;
    private final RecordLimits limits;
    private final Map<String, Integer> featureIndex;
    private final Map<String, Integer> classIndex;
    /** True when some class name reads as an integer, so a numeric label is matched by name only. */
    private final boolean numericClassNames;
    private final boolean sparseFeatures;

    private RecordSchema(int dimension, List<String> featureNames, List<String> classes, RecordLimits limits) {
        this(dimension, featureNames, classes, limits, false);
    }

    private RecordSchema(int dimension, List<String> featureNames, List<String> classes, RecordLimits limits,
                         boolean sparseFeatures) {
        if (dimension < 1) {
            throw new IllegalArgumentException("dimension must be >= 1: " + dimension);
        }
        // a sparse record's width is the model's (raw events: up to 2^24 columns); the number of its
        // fields is what maxFeatures bounds, as it is read
        if (dimension > limits.maxFeatures() && !sparseFeatures) {
            throw new IllegalArgumentException("dimension " + dimension + " is over the limit of "
                    + limits.maxFeatures() + " features");
        }
        if (!featureNames.isEmpty() && featureNames.size() != dimension) {
            throw new IllegalArgumentException(featureNames.size() + " feature names for dimension " + dimension);
        }
        if (classes.size() == 1) {
            throw new IllegalArgumentException("classification needs at least 2 classes: " + classes);
        }
        this.dimension = dimension;
        this.featureNames = List.copyOf(featureNames);
        this.classes = List.copyOf(classes);
        this.limits = limits;
        this.featureIndex = index(this.featureNames, "feature");
        this.classIndex = index(this.classes, "class");
        boolean numeric = false;
        for (String c : this.classes) {
            numeric |= c.matches("[+-]?\\d+");
        }
        this.numericClassNames = numeric;
        this.sparseFeatures = sparseFeatures;
    }

    /** Positional features, regression. */
    public static RecordSchema regression(int dimension) {
        return new RecordSchema(dimension, List.of(), List.of(), RecordLimits.DEFAULT);
    }

    /** Named features, regression. */
    public static RecordSchema regression(List<String> featureNames) {
        return new RecordSchema(featureNames.size(), featureNames, List.of(), RecordLimits.DEFAULT);
    }

    /**
     * The general form.
     *
     * @param featureNames empty for positional features, else {@code dimension} distinct names
     * @param classes empty for regression, else at least 2 distinct class names
     */
    public static RecordSchema of(int dimension, List<String> featureNames, List<String> classes) {
        return new RecordSchema(dimension, featureNames, classes, RecordLimits.DEFAULT);
    }

    /**
     * The schema of raw events encoded into {@code width} sparse columns ({@code EventLayout.width()},
     * which may exceed {@code maxFeatures}: that limit bounds an event's fields as it is read).
     */
    public static RecordSchema events(int width, List<String> classes) {
        return new RecordSchema(width, List.of(), classes, RecordLimits.DEFAULT, true);
    }

    public RecordSchema withLimits(RecordLimits newLimits) {
        return new RecordSchema(dimension, featureNames, classes, newLimits, sparseFeatures);
    }

    /**
     * The same schema, its records' features handed to the models as sparse vectors of their
     * nonzero columns ({@link RecordReader#read(byte[], ParsedRecord)}). No spec key selects it yet:
     * the raw events of issue 25 (one-hot and hashed columns) will; until then the tests use it to
     * drive the sparse path from a record to the models.
     */
    public RecordSchema withSparseFeatures() {
        return new RecordSchema(dimension, featureNames, classes, limits, true);
    }

    /** Whether {@link RecordReader#read(byte[], ParsedRecord)} gives the features as a sparse vector. */
    public boolean sparseFeatures() {
        return sparseFeatures;
    }

    public int dimension() {
        return dimension;
    }

    /** Feature names in order; empty when features are positional only. */
    public List<String> featureNames() {
        return featureNames;
    }

    /** Class names in index order; empty for regression. */
    public List<String> classes() {
        return classes;
    }

    public boolean classification() {
        return !classes.isEmpty();
    }

    public RecordLimits limits() {
        return limits;
    }

    /** Index of a named feature, or -1. */
    public int featureIndex(String name) {
        Integer i = featureIndex.get(name);
        return i == null ? -1 : i;
    }

    /** Index of a class name, or -1. */
    public int classIndex(String name) {
        Integer i = classIndex.get(name);
        return i == null ? -1 : i;
    }

    /**
     * The class index of a numeric label, or -1 when there is none. The number's integer text is
     * first matched against the class names (so {@code classes: [0, 1]} or {@code [1, 2]} work with
     * numeric labels); when no class name reads as an integer, an integral value in [0, K) is taken
     * as the class index. A fractional or non-finite number is never a class.
     */
    public int classIndexOf(double label) {
        if (!(label == Math.rint(label)) || Math.abs(label) > 1e15) {
            return -1;
        }
        long v = (long) label;
        if (numericClassNames) {
            return classIndex(Long.toString(v));
        }
        return v >= 0 && v < classes.size() ? (int) v : -1;
    }

    private static Map<String, Integer> index(List<String> names, String what) {
        Map<String, Integer> index = new HashMap<>();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < names.size(); i++) {
            String n = names.get(i);
            if (n == null || n.isEmpty() || !seen.add(n)) {
                throw new IllegalArgumentException("empty or duplicate " + what + " name: " + n);
            }
            index.put(n, i);
        }
        return index;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RecordSchema s && dimension == s.dimension && featureNames.equals(s.featureNames)
                && classes.equals(s.classes) && limits.equals(s.limits) && sparseFeatures == s.sparseFeatures;
    }

    @Override
    public int hashCode() {
        return (dimension * 31 + featureNames.hashCode()) * 31 + classes.hashCode();
    }

    @Override
    public String toString() {
        return "RecordSchema[dimension=" + dimension + ", featureNames=" + featureNames + ", classes=" + classes
                + ", limits=" + limits + (sparseFeatures ? ", sparseFeatures" : "") + "]";
    }
}
