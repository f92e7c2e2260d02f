package io.streamlearn.spec;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Parses and validates a topology spec (docs/DESIGN.md, "Topology spec"). Every error is collected with
 * its path — unknown keys, wrong types, missing required fields, values out of range, duplicate
 * learner names, options that do not fit the learner or task — and a spec with any error is
 * refused as a whole by {@link SpecException}: never half-valid.
 *
 * <p>Also (docs/DESIGN.md): {@code evaluation.window} (prequential window, default 1000), and
 * {@code optimizer: NAME} as shorthand for that optimizer with its defaults. A YAML null counts as
 * absent. {@code standardize} defaults to false.
 */
public final class SpecParser {

    /** Pipeline and learner names: metric labels and state key parts. */
    static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,99}");
    /** Kafka's legal topic names. */
    static final Pattern TOPIC = Pattern.compile("[A-Za-z0-9._-]{1,249}");
    static final int MAX_DIMENSION = 100_000;
    static final int MAX_RESERVOIR = 1_000_000;
    /** Two reservoirs of reservoir x dimension doubles each: 10^7 values is 160 MB in all. */
    static final long MAX_RESERVOIR_VALUES = 10_000_000;
    /** Pending feature records or early labels of a pipeline with delayed labels. */
    static final int MAX_PENDING = 100_000_000;

    private static final YAMLMapper YAML = new YAMLMapper(YAMLFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
            .build());

    private SpecParser() {}

    public static TopologySpec parse(Path file) throws IOException, SpecException {
        return parse(Files.readString(file, StandardCharsets.UTF_8), file.toString());
    }

    /** @param source where the text came from, for messages */
    public static TopologySpec parse(String yaml, String source) throws SpecException {
        JsonNode root;
        try {
            root = YAML.readTree(yaml);
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? ""
                    : "line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ": ";
            throw new SpecException(source, List.of("(yaml): " + where + e.getOriginalMessage()));
        }
        if (root == null || root.isMissingNode() || root.isNull()) {
            throw new SpecException(source, List.of("(root): the spec is empty"));
        }
        if (!root.isObject()) {
            throw new SpecException(source, List.of("(root): a spec is a mapping, got " + SpecNode.describe(root)));
        }
        List<String> errors = new ArrayList<>();
        TopologySpec spec = parseRoot(new SpecNode(root, "", errors));
        if (!errors.isEmpty()) {
            throw new SpecException(source, errors);
        }
        return spec.withText(yaml);
    }

    private static TopologySpec parseRoot(SpecNode n) {
        n.rejectUnknownKeys(SpecKeys.names(SpecKeys.Section.ROOT), Map.of());
        String name = n.string("name", true);
        if (name != null && !NAME.matcher(name).matches()) {
            n.error("name", "must match " + NAME.pattern() + " (it is a metric label and a state key prefix), got '"
                    + name + "'");
        }
        String input = topic(n, "input", true);
        String output = topic(n, "output", true);
        String deadLetter = topic(n, "deadLetter", false);
        if (deadLetter == null && input != null) {
            deadLetter = input + ".dlq";
        }
        distinctTopics(n, input, output, deadLetter);
        Task task = task(n);
        EventSpec[] events = new EventSpec[1];
        FeaturesSpec features = features(n, events);
        EvaluationSpec evaluation = evaluation(n);
        List<String> classes = classes(n, task);
        List<LearnerSpec> learners = learners(n, task);
        ScopeSpec scope = ScopeParser.parse(n);
        LabelsSpec labels = labels(n, scope, input, output, deadLetter);
        ParallelSpec parallel = ParallelParser.parse(n, scope, learners);
        if (labels != null && parallel.enabled()) {
            n.error("labels", "not supported with parallel (labels are joined on the pipeline's one task; "
                    + "drop parallel or labels)");
        }
        // the reservoirs of raw events hold sparse vectors: their size is the wiring's (issue 26)
        if (features != null && events[0] == null && (long) evaluation.reservoir() * features.dimension() > MAX_RESERVOIR_VALUES) {
            n.error("evaluation.reservoir", evaluation.reservoir() + " records x " + features.dimension()
                    + " features is over " + MAX_RESERVOIR_VALUES + " values per reservoir; keep fewer records");
        }
        if (!n.errors().isEmpty()) {
            return null;
        }
        return new TopologySpec(name, input, output, deadLetter, task, features, evaluation, classes, learners, scope,
                labels, parallel, events[0], null);
    }

    /** {@code labels:}: delayed labels on their own topic; null when absent. */
    private static LabelsSpec labels(SpecNode root, ScopeSpec scope, String input, String output, String deadLetter) {
        SpecNode n = root.mapping("labels", false);
        if (n == null) {
            return null;
        }
        n.rejectUnknownKeys(SpecKeys.names(SpecKeys.Section.LABELS), Map.of());
        String topic = topic(n, "topic", true);
        if (topic != null && (topic.equals(input) || topic.equals(output) || topic.equals(deadLetter))) {
            n.error("topic", "must differ from input, output and deadLetter, got '" + topic + "'");
        }
        if (scope.perKey()) {
            root.error("labels", "not supported with scope: key (labels are joined on the pipeline's one task; "
                    + "use scope: global)");
        }
        Duration timeout = n.has("timeout") ? ScopeParser.duration(n, "timeout") : LabelsSpec.DEFAULT_TIMEOUT;
        Duration earlyWait = n.has("earlyWait") ? ScopeParser.duration(n, "earlyWait") : LabelsSpec.DEFAULT_EARLY_WAIT;
        int maxPending = n.integer("maxPending", LabelsSpec.DEFAULT_MAX_PENDING, 1, MAX_PENDING);
        int maxEarly = n.integer("maxEarly", LabelsSpec.DEFAULT_MAX_EARLY, 1, MAX_PENDING);
        if (topic == null || timeout.isZero()) {
            return null;
        }
        return new LabelsSpec(topic, timeout, maxPending, earlyWait, maxEarly);
    }

    private static String topic(SpecNode n, String key, boolean required) {
        String t = n.string(key, required);
        if (t != null && (!TOPIC.matcher(t).matches() || t.equals(".") || t.equals(".."))) {
            n.error(key, "not a legal Kafka topic name (letters, digits, '.', '_', '-'; at most 249): '" + t + "'");
        }
        return t;
    }

    private static void distinctTopics(SpecNode n, String input, String output, String deadLetter) {
        if (input != null && input.equals(output)) {
            n.error("output", "must differ from input '" + input + "'");
        }
        if (deadLetter != null && (deadLetter.equals(input) || deadLetter.equals(output))) {
            n.error("deadLetter", "must differ from input and output, got '" + deadLetter + "'");
        }
    }

    private static Task task(SpecNode n) {
        String t = n.string("task", false);
        if (t == null) {
            return Task.REGRESSION;
        }
        for (Task task : Task.values()) {
            if (task.label().equals(t)) {
                return task;
            }
        }
        n.error("task", "must be regression or classification, got '" + t + "'");
        return Task.REGRESSION;
    }

    /**
     * {@code features}: names or dimension (feature records), or the raw-event form
     * ({@link EventSpecParser}), one or the other; the raw-event form's {@link EventSpec} goes to
     * {@code events[0]}, and its dimension is its layout's width.
     */
    private static FeaturesSpec features(SpecNode root, EventSpec[] events) {
        SpecNode n = root.mapping("features", true);
        if (n == null) {
            return null;
        }
        n.rejectUnknownKeys(SpecKeys.names(SpecKeys.Section.FEATURES, SpecKeys.Section.EVENT_FEATURES), Map.of());
        boolean standardize = n.bool("standardize", false);
        boolean records = n.has("names") || n.has("dimension");
        if (EventSpecParser.usedBy(n)) {
            if (records) {
                root.error("features", "names or dimension (feature records) and numeric, categorical, text or "
                        + "interactions (raw events) are two forms of features; give one");
                return null;
            }
            events[0] = EventSpecParser.parse(root, n, standardize);
            return events[0] == null ? null : new FeaturesSpec(List.of(), events[0].layout().width(), standardize);
        }
        if (root.has("fields")) {
            root.error("fields", "only with raw-event features (features.numeric, categorical, text, interactions)");
        }
        List<String> names = List.of();
        JsonNode seq = n.sequence("names", false);
        if (seq != null) {
            names = distinctScalars(n, "names", seq, false);
            if (names.isEmpty() && seq.isEmpty()) {
                n.error("names", "must list at least one feature");
            }
        }
        int dimension = n.integer("dimension", 0, 1, MAX_DIMENSION);
        if (!records) {
            root.error("features", "give names or dimension (feature records), or numeric, categorical, text "
                    + "(raw events)");
        } else if (n.has("dimension") && seq != null && dimension != 0 && dimension != seq.size()) {
            n.error("dimension", dimension + " does not match the " + seq.size() + " names");
        } else if (seq != null && seq.size() > MAX_DIMENSION) {
            n.error("names", "at most " + MAX_DIMENSION + " features, got " + seq.size());
        }
        return new FeaturesSpec(names, names.isEmpty() ? dimension : names.size(), standardize);
    }

    private static EvaluationSpec evaluation(SpecNode root) {
        SpecNode n = root.mapping("evaluation", false);
        if (n == null) {
            return EvaluationSpec.DEFAULT;
        }
        EvaluationSpec d = EvaluationSpec.DEFAULT;
        n.rejectUnknownKeys(SpecKeys.names(SpecKeys.Section.EVALUATION), Map.of());
        return new EvaluationSpec(
                n.number("holdoutFraction", d.holdoutFraction(), 0, true, 1, false),
                n.integer("reservoir", d.reservoir(), 1, MAX_RESERVOIR),
                n.integer("every", d.every(), 1, Integer.MAX_VALUE),
                n.integer("window", d.window(), 1, MAX_RESERVOIR));
    }

    private static List<String> classes(SpecNode n, Task task) {
        if (task != Task.CLASSIFICATION) {
            if (n.has("classes")) {
                n.error("classes", "only for task classification");
            }
            return List.of();
        }
        JsonNode seq = n.sequence("classes", true);
        if (seq == null) {
            return List.of();
        }
        List<String> classes = distinctScalars(n, "classes", seq, true);
        if (seq.size() < 2) {
            n.error("classes", "classification needs at least 2 classes, got " + seq.size());
        }
        return classes;
    }

    /** The items as text; numbers (and booleans, for classes) allowed when {@code anyScalar}. */
    private static List<String> distinctScalars(SpecNode n, String key, JsonNode seq, boolean anyScalar) {
        List<String> values = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < seq.size(); i++) {
            JsonNode v = seq.get(i);
            String item = key + "[" + i + "]";
            boolean ok = anyScalar ? v.isValueNode() && !v.isNull() : v.isTextual();
            if (!ok || v.asText().isEmpty()) {
                n.error(item, "must be a non-empty " + (anyScalar ? "scalar" : "string") + ", got "
                        + SpecNode.describe(v));
            } else if (!seen.add(v.asText())) {
                n.error(item, "duplicate '" + v.asText() + "'");
            } else {
                values.add(v.asText());
            }
        }
        return values;
    }

    private static List<LearnerSpec> learners(SpecNode root, Task task) {
        JsonNode seq = root.sequence("learners", true);
        List<LearnerSpec> learners = new ArrayList<>();
        if (seq == null) {
            return learners;
        }
        if (seq.isEmpty()) {
            root.error("learners", "must list at least one learner");
        }
        Map<String, Integer> firstIndex = new HashMap<>();
        for (int i = 0; i < seq.size(); i++) {
            String path = "learners[" + i + "]";
            JsonNode item = seq.get(i);
            if (!item.isObject()) {
                root.errors().add(path + ": must be a mapping, got " + SpecNode.describe(item));
                continue;
            }
            SpecNode n = new SpecNode(item, path, root.errors());
            String name = n.raw("name") != null && n.raw("name").isTextual() ? n.raw("name").asText() : null;
            if (name != null) {
                Integer first = firstIndex.putIfAbsent(name, i);
                if (first != null) {
                    n.error("name", "duplicate learner name '" + name + "' (also learners[" + first + "])");
                }
            }
            LearnerSpec learner = LearnerParser.parse(n, task);
            if (learner != null) {
                learners.add(learner);
            }
        }
        return learners;
    }
}
