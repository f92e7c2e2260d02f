package io.streamlearn.spec;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The root keys {@code scope}, {@code maxKeys} and {@code keyTtl} of a spec. */
final class ScopeParser {

    static final int MAX_KEYS_LIMIT = 100_000_000;
    private static final Pattern DURATION = Pattern.compile("([0-9]{1,12})(ms|s|m|h|d)");

    private ScopeParser() {}

    static ScopeSpec parse(SpecNode n) {
        String scope = n.string("scope", false);
        if (scope == null || scope.equals(ScopeSpec.Scope.GLOBAL.label())) {
            for (String key : new String[] {"maxKeys", "keyTtl"}) {
                if (n.has(key)) {
                    n.error(key, "only with scope: key");
                }
            }
            return ScopeSpec.GLOBAL;
        }
        if (!scope.equals(ScopeSpec.Scope.KEY.label())) {
            n.error("scope", "must be global or key, got '" + scope + "'");
            return ScopeSpec.GLOBAL;
        }
        int maxKeys = n.integer("maxKeys", ScopeSpec.DEFAULT_MAX_KEYS, 1, MAX_KEYS_LIMIT);
        Duration ttl = duration(n, "keyTtl");
        return ScopeSpec.perKey(maxKeys, ttl);
    }

    /** A duration written {@code <n><unit>}, unit ms, s, m, h or d; absent: zero. */
    static Duration duration(SpecNode n, String key) {
        if (!n.has(key)) {
            return Duration.ZERO;
        }
        String text = n.raw(key).isTextual() ? n.raw(key).asText() : null;
        Matcher m = text == null ? null : DURATION.matcher(text);
        if (m == null || !m.matches() || Long.parseLong(m.group(1)) == 0) {
            n.error(key, "must be a positive duration with a unit (ms, s, m, h, d), e.g. 30m or 7d, got "
                    + SpecNode.describe(n.raw(key)));
            return Duration.ZERO;
        }
        long amount = Long.parseLong(m.group(1));
        switch (m.group(2)) {
            case "ms":
                return Duration.ofMillis(amount);
            case "s":
                return Duration.ofSeconds(amount);
            case "m":
                return Duration.ofMinutes(amount);
            case "h":
                return Duration.ofHours(amount);
            default:
                return Duration.ofDays(amount);
        }
    }
}
