package io.streamlearn.spec;

import com.fasterxml.jackson.databind.JsonNode;
import io.streamlearn.encode.EventLayout;
import io.streamlearn.encode.FeatureField;
import io.streamlearn.encode.FieldPath;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The raw-event form of a spec: {@code fields:} and {@code features.numeric}, {@code categorical},
 * {@code text}, {@code interactions} (docs/DESIGN.md, "Raw events"), every error by path.
 */
final class EventSpecParser {

    /** The keys of the raw-event form of {@code features}. */
    static final List<String> FEATURE_KEYS = List.of("numeric", "categorical", "text", "interactions");
    static final int MAX_HASH = EventLayout.MAX_WIDTH;
    static final int MAX_CATEGORIES = 1 << 20;

    private final SpecNode features;
    private final List<FeatureField> parsed = new ArrayList<>();
    /** Field text -> the path of the item that lists it. */
    private final Map<String, String> listedAt = new HashMap<>();
    /** Feature name -> the path of the item that lists it (a pointer and a name may share one). */
    private final Map<String, String> namedAt = new HashMap<>();
    /** Field text -> whether it is numeric (interaction members). */
    private final Map<String, FieldPath> crossable = new HashMap<>();

    private EventSpecParser(SpecNode features) {
        this.features = features;
    }

    /** True when the features mapping uses the raw-event form. */
    static boolean usedBy(SpecNode features) {
        return FEATURE_KEYS.stream().anyMatch(features::has);
    }

    /** The raw-event spec; null after adding errors. */
    static EventSpec parse(SpecNode root, SpecNode features, boolean standardize) {
        SpecNode fields = root.mapping("fields", false);
        FieldPath id = null;
        FieldPath label = null;
        FieldPath timestamp = null;
        if (fields != null) {
            fields.rejectUnknownKeys(SpecKeys.names(SpecKeys.Section.FIELDS), Map.of());
        }
        id = field(fields, "id");
        label = field(fields, "label");
        timestamp = field(fields, "timestamp");
        EventSpecParser p = new EventSpecParser(features);
        p.items("numeric", SpecKeys.Section.NUMERIC, p::numeric);
        p.items("categorical", SpecKeys.Section.CATEGORICAL, p::categorical);
        p.items("text", SpecKeys.Section.TEXT, p::text);
        p.items("interactions", SpecKeys.Section.INTERACTION, p::interaction);
        if (label != null && p.listedAt.containsKey(label.text())) {
            features.errors().add(p.listedAt.get(label.text()) + ": '" + label.text()
                    + "' is the label (fields.label); a feature of it would leak the answer");
        }
        if (p.parsed.isEmpty() || id == null || label == null || timestamp == null
                || !features.errors().isEmpty()) {
            return null;
        }
        try {
            return new EventSpec(id, label, timestamp, new EventLayout(p.parsed), standardize);
        } catch (IllegalArgumentException e) {
            features.errors().add(features.path() + ": " + e.getMessage());
            return null;
        }
    }

    /** {@code fields.<key>}, default the key itself. */
    private static FieldPath field(SpecNode fields, String key) {
        String text = fields == null ? key : fields.string(key, false);
        if (text == null) {
            return fields.raw(key) == null ? FieldPath.parse(key) : null;
        }
        try {
            return FieldPath.parse(text);
        } catch (IllegalArgumentException e) {
            fields.error(key, e.getMessage());
            return null;
        }
    }

    @FunctionalInterface
    private interface Item {
        void parse(String path, JsonNode item);
    }

    private void items(String key, SpecKeys.Section section, Item item) {
        JsonNode seq = features.sequence(key, false);
        if (seq == null) {
            return;
        }
        if (seq.isEmpty()) {
            features.error(key, "must list at least one field (or leave " + key + " out)");
        }
        for (int i = 0; i < seq.size(); i++) {
            String path = features.path(key) + "[" + i + "]";
            JsonNode v = seq.get(i);
            if (v.isObject()) {
                new SpecNode(v, path, features.errors()).rejectUnknownKeys(SpecKeys.names(section), Map.of());
            }
            item.parse(path, v);
        }
    }

    /** {@code amount} or {@code {field: ..., transform: log1p, missing: mean | zero}}. */
    private void numeric(String path, JsonNode item) {
        SpecNode n = itemNode(path, item);
        FieldPath field = listedField(path, n, item);
        if (n == null) {
            add(field, new FeatureField.Numeric(field, FeatureField.Transform.NONE, FeatureField.Missing.MEAN), true);
            return;
        }
        FeatureField.Transform transform = choice(n, "transform", FeatureField.Transform.NONE,
                FeatureField.Transform.values());
        FeatureField.Missing missing = choice(n, "missing", FeatureField.Missing.MEAN, FeatureField.Missing.values());
        add(field, new FeatureField.Numeric(field, transform, missing), true);
    }

    /** {@code country}, {@code {field: ..., hash: N}} or {@code {field: ..., maxCategories: M}}. */
    private void categorical(String path, JsonNode item) {
        SpecNode n = itemNode(path, item);
        FieldPath field = listedField(path, n, item);
        int max = FeatureField.DEFAULT_MAX_CATEGORIES;
        int hash = 0;
        if (n != null) {
            if (n.has("hash") && n.has("maxCategories")) {
                n.error("hash", "give hash or maxCategories, not both");
            }
            hash = n.integer("hash", 0, 1, MAX_HASH);
            max = n.integer("maxCategories", max, 1, MAX_CATEGORIES);
        }
        add(field, new FeatureField.Categorical(field, max, hash), false);
    }

    /** {@code description} or {@code {field: ..., hash: N}}. */
    private void text(String path, JsonNode item) {
        SpecNode n = itemNode(path, item);
        FieldPath field = listedField(path, n, item);
        int hash = n == null ? FeatureField.DEFAULT_HASH : n.integer("hash", FeatureField.DEFAULT_HASH, 1, MAX_HASH);
        if (field != null) {
            parsed.add(new FeatureField.Text(field, hash));
        }
    }

    /** {@code [a, b]} or {@code {fields: [a, b], hash: N}}: two numeric or categorical fields listed above. */
    private void interaction(String path, JsonNode item) {
        SpecNode n = item.isObject() ? new SpecNode(item, path, features.errors()) : null;
        JsonNode pair = n == null ? item : n.sequence("fields", true);
        String pairPath = n == null ? path : path + ".fields";
        int hash = n == null ? FeatureField.DEFAULT_HASH : n.integer("hash", FeatureField.DEFAULT_HASH, 1, MAX_HASH);
        if (pair == null) {
            return;
        }
        if (!pair.isArray() || pair.size() != 2) {
            features.errors().add(pairPath + ": an interaction is a pair of fields, [a, b], or {fields: [a, b], "
                    + "hash: N}; got " + SpecNode.describe(pair));
            return;
        }
        FieldPath[] members = new FieldPath[2];
        for (int k = 0; k < 2; k++) {
            JsonNode m = pair.get(k);
            FieldPath p = m.isTextual() ? crossable.get(m.asText()) : null;
            if (p == null) {
                features.errors().add(pairPath + "[" + k + "]: must name a field of features.numeric or "
                        + "features.categorical, got " + SpecNode.describe(m));
                return;
            }
            members[k] = p;
        }
        if (members[0].equals(members[1])) {
            features.errors().add(pairPath + ": crosses '" + members[0] + "' with itself");
            return;
        }
        parsed.add(new FeatureField.Interaction(members[0], members[1], hash));
    }

    private SpecNode itemNode(String path, JsonNode item) {
        return item.isObject() ? new SpecNode(item, path, features.errors()) : null;
    }

    /** The item's field (the item itself or its {@code field}), checked and not listed before; null after an error. */
    private FieldPath listedField(String path, SpecNode n, JsonNode item) {
        String text;
        String at;
        if (n != null) {
            text = n.string("field", true);
            at = path + ".field";
        } else if (item.isTextual()) {
            text = item.asText();
            at = path;
        } else {
            features.errors().add(path + ": must be a field name or a mapping with 'field', got "
                    + SpecNode.describe(item));
            return null;
        }
        if (text == null) {
            return null;
        }
        FieldPath field;
        try {
            field = FieldPath.parse(text);
        } catch (IllegalArgumentException e) {
            features.errors().add(at + ": " + e.getMessage());
            return null;
        }
        String before = listedAt.putIfAbsent(field.text(), path);
        if (before != null) {
            features.errors().add(at + ": '" + text + "' is already listed at " + before + " (a field has one kind)");
            return null;
        }
        String sameName = namedAt.putIfAbsent(field.name(), path);
        if (sameName != null) {
            features.errors().add(at + ": '" + text + "' has the feature name '" + field.name() + "' of "
                    + sameName);
            return null;
        }
        return field;
    }

    private void add(FieldPath field, FeatureField f, boolean numeric) {
        if (field != null) {
            parsed.add(f);
            crossable.put(field.text(), field);
        }
    }

    /** An enum value by its lower-case name. */
    private static <E extends Enum<E>> E choice(SpecNode n, String key, E dflt, E[] values) {
        String s = n.string(key, false);
        if (s == null) {
            return dflt;
        }
        for (E e : values) {
            if (e.name().toLowerCase(java.util.Locale.ROOT).equals(s)) {
                return e;
            }
        }
        List<String> names = new ArrayList<>();
        for (E e : values) {
            names.add(e.name().toLowerCase(java.util.Locale.ROOT));
        }
        n.error(key, "must be one of " + String.join(", ", names) + ", got '" + s + "'");
        return dflt;
    }
}
