package io.streamlearn.spec;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A YAML mapping being validated: typed reads with defaults and ranges, each problem added to the
 * shared error list under its path ({@code learners[2].dropout}), so that parsing goes on and every
 * error is reported. A YAML null counts as absent.
 */
final class SpecNode {

    private final JsonNode node;
    private final String path;
    private final List<String> errors;

    SpecNode(JsonNode node, String path, List<String> errors) {
        this.node = node;
        this.path = path;
        this.errors = errors;
    }

    String path() {
        return path;
    }

    String path(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    List<String> errors() {
        return errors;
    }

    void error(String key, String message) {
        errors.add(path(key) + ": " + message);
    }

    boolean has(String key) {
        JsonNode v = node.get(key);
        return v != null && !v.isNull();
    }

    /** The raw value, or null when absent. */
    JsonNode raw(String key) {
        JsonNode v = node.get(key);
        return v == null || v.isNull() ? null : v;
    }

    /** A string; null when absent (an error when required) or of another type. */
    String string(String key, boolean required) {
        JsonNode v = raw(key);
        if (v == null) {
            if (required) {
                error(key, "required");
            }
            return null;
        }
        if (!v.isTextual()) {
            error(key, "must be a string, got " + describe(v));
            return null;
        }
        return v.asText();
    }

    /** A finite number in [min, max] (bounds inclusive unless said), else {@code dflt} and an error. */
    double number(String key, double dflt, double min, boolean minInclusive, double max, boolean maxInclusive) {
        JsonNode v = raw(key);
        if (v == null) {
            return dflt;
        }
        if (!v.isNumber()) {
            error(key, "must be a number, got " + describe(v));
            return dflt;
        }
        double x = v.asDouble();
        boolean aboveMin = minInclusive ? x >= min : x > min;
        boolean belowMax = maxInclusive ? x <= max : x < max;
        if (!Double.isFinite(x) || !aboveMin || !belowMax) {
            error(key, "must be " + range(min, minInclusive, max, maxInclusive) + ", got " + v.asText());
            return dflt;
        }
        return x;
    }

    /** An integer in [min, max], else {@code dflt} and an error. */
    int integer(String key, int dflt, int min, int max) {
        JsonNode v = raw(key);
        if (v == null) {
            return dflt;
        }
        if (!v.isIntegralNumber()) {
            error(key, "must be an integer, got " + describe(v));
            return dflt;
        }
        if (!v.canConvertToInt() || v.asInt() < min || v.asInt() > max) {
            error(key, "must be " + range(min, true, max, true) + ", got " + v.asText());
            return dflt;
        }
        return v.asInt();
    }

    /** Any 64-bit integer. */
    long longInteger(String key, long dflt) {
        JsonNode v = raw(key);
        if (v == null) {
            return dflt;
        }
        if (!v.isIntegralNumber() || !v.canConvertToLong()) {
            error(key, "must be a 64-bit integer, got " + describe(v));
            return dflt;
        }
        return v.asLong();
    }

    boolean bool(String key, boolean dflt) {
        JsonNode v = raw(key);
        if (v == null) {
            return dflt;
        }
        if (!v.isBoolean()) {
            error(key, "must be true or false, got " + describe(v));
            return dflt;
        }
        return v.asBoolean();
    }

    /** A nested mapping; null when absent (an error when required) or not a mapping. */
    SpecNode mapping(String key, boolean required) {
        JsonNode v = raw(key);
        if (v == null) {
            if (required) {
                error(key, "required");
            }
            return null;
        }
        if (!v.isObject()) {
            error(key, "must be a mapping, got " + describe(v));
            return null;
        }
        return new SpecNode(v, path(key), errors);
    }

    /** A sequence; null when absent (an error when required) or not a sequence. */
    JsonNode sequence(String key, boolean required) {
        JsonNode v = raw(key);
        if (v == null) {
            if (required) {
                error(key, "required");
            }
            return null;
        }
        if (!v.isArray()) {
            error(key, "must be a list, got " + describe(v));
            return null;
        }
        return v;
    }

    /**
     * Reports every key not in {@code allowed}: a key of {@code elsewhere} with the reason it does
     * not belong here, any other as unknown.
     */
    void rejectUnknownKeys(Collection<String> allowed, Map<String, String> elsewhere) {
        Set<String> ok = new HashSet<>(allowed);
        List<String> keys = new ArrayList<>();
        node.fieldNames().forEachRemaining(keys::add);
        for (String k : keys) {
            if (ok.contains(k)) {
                continue;
            }
            String why = elsewhere.get(k);
            error(k, why != null ? why : "unknown key (expected one of " + String.join(", ", allowed) + ")");
        }
    }

    static String describe(JsonNode v) {
        if (v.isTextual()) {
            return "the string '" + v.asText() + "'";
        }
        if (v.isNumber()) {
            return "the number " + v.asText();
        }
        if (v.isBoolean()) {
            return v.asText();
        }
        if (v.isArray()) {
            return "a list";
        }
        if (v.isObject()) {
            return "a mapping";
        }
        return v.getNodeType().toString().toLowerCase(Locale.ROOT);
    }

    static String range(double min, boolean minInclusive, double max, boolean maxInclusive) {
        if (max == Double.POSITIVE_INFINITY || max == Integer.MAX_VALUE) {
            return (minInclusive ? ">= " : "> ") + format(min);
        }
        return "in " + (minInclusive ? "[" : "(") + format(min) + ", " + format(max) + (maxInclusive ? "]" : ")");
    }

    private static String format(double x) {
        return x == Math.rint(x) && Math.abs(x) < 1e15 ? Long.toString((long) x) : Double.toString(x);
    }
}
