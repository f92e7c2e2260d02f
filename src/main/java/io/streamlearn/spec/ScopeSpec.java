package io.streamlearn.spec;

import java.time.Duration;

/**
 * Whose models a pipeline keeps: one model set for the whole stream ({@code scope: global}, the
 * default) or one per record key ({@code scope: key}), with the limits of the per-key state.
 *
 * @param scope global or key
 * @param maxKeys keys whose state a task keeps in memory at most (least recently used ones are
 *     written to the store and dropped, then reloaded on their next record); 0 in global scope
 * @param keyTtl a key idle for longer than this (by stream time) has its state deleted;
 *     {@link Duration#ZERO}: never
 */
public record ScopeSpec(Scope scope, int maxKeys, Duration keyTtl) {

    /** The default {@code maxKeys}. */
    public static final int DEFAULT_MAX_KEYS = 10_000;
    public static final ScopeSpec GLOBAL = new ScopeSpec(Scope.GLOBAL, 0, Duration.ZERO);

    public enum Scope {
        GLOBAL("global"), KEY("key");

        private final String label;

        Scope(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    public ScopeSpec {
        if (scope == Scope.KEY && maxKeys < 1) {
            throw new IllegalArgumentException("maxKeys must be >= 1: " + maxKeys);
        }
        if (keyTtl.isNegative()) {
            throw new IllegalArgumentException("keyTtl must not be negative: " + keyTtl);
        }
    }

    /** Per-key scope with the given limits. */
    public static ScopeSpec perKey(int maxKeys, Duration keyTtl) {
        return new ScopeSpec(Scope.KEY, maxKeys, keyTtl);
    }

    public boolean perKey() {
        return scope == Scope.KEY;
    }

    /** Whether idle keys expire. */
    public boolean expires() {
        return !keyTtl.isZero();
    }
}
