package io.streamlearn.topology;

import io.streamlearn.pipeline.PipelineBlueprint;
import io.streamlearn.query.KeyAggregate;
import io.streamlearn.query.PipelineMonitor;
import io.streamlearn.query.SaveCost;
import io.streamlearn.spec.ScopeSpec;
import io.streamlearn.topology.store.ChunkedValues;
import io.streamlearn.topology.store.WorkingCopy;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.kafka.common.utils.Bytes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The working copy of a {@code scope: key} pipeline in one task: one {@link PipelineState} per
 * record key, of which at most {@code maxKeys} are kept in memory. The store is the truth and memory
 * a cache: a key not in memory is loaded from the store on its next record (or made fresh), and
 * when a new key would make more than {@code maxKeys}, the least recently used one is written to
 * the store and dropped. Keys that took a record since the last commit are written at the commit,
 * as the global working copy is. Store layout: {@link StateKeys}.
 *
 * <p>A commit writes only the keys that took a record since the last one, and of each only what
 * changed ({@link PipelineState#saveChanges}). Without a {@code keyTtl} nothing else: no last-record
 * time and no index entry, which only the TTL reads (a key is known to the store by its evaluation
 * state, written at every commit after a record). A key stored while the TTL was off has no time:
 * once a TTL is set, it counts from that key's next record.
 *
 * <p>With a {@code keyTtl}, a key whose last record is older than the TTL by stream time is
 * deleted: checked when its next record arrives (then it starts afresh), and swept from the store
 * by {@link #expire} through the index of keys by last record time. Either way the outcome is the
 * same, so the models do not depend on when the sweep runs. Stream time is the task's, a function
 * of its partition's records only: per-key models are deterministic whatever the number of
 * threads or instances.
 *
 * <p>Not thread-safe: the stream thread that owns the task uses it.
 */
final class KeyedStates implements WorkingCopy {

    private static final Logger LOG = LoggerFactory.getLogger(KeyedStates.class);
    private static final long NONE = Long.MIN_VALUE;
    /** Index entries read per sweep at most; the rest wait for the next one (records check too). */
    static final int SWEEP_LIMIT = 10_000;

    /** One key's working copy, and when its last record came, in memory and as stored. */
    private static final class Entry {
        final String scope;
        final PipelineState state;
        long lastSeen;
        long storedSeen;
        boolean dirty;
        boolean gone;
        /** What {@link #aggregate} holds of this key; null while it holds nothing. */
        KeyAggregate.KeyReading reading;

        Entry(String scope, PipelineState state, long storedSeen) {
            this.scope = scope;
            this.state = state;
            this.storedSeen = storedSeen;
            this.lastSeen = storedSeen;
        }
    }

    private final PipelineBlueprint blueprint;
    private final String pipeline;
    private final int maxKeys;
    private final long ttlMillis;
    private final ChunkedValues values;
    private final PipelineMonitor monitor;
    /** In insertion order, moved to the end on access: the first entry is the least recently used. */
    private final LinkedHashMap<String, Entry> cache = new LinkedHashMap<>();
    private final List<Entry> dirty = new ArrayList<>();
    private final SaveCost cost = new SaveCost();
    /** The learners summed over the keys in memory, kept by the key that changed. */
    private final KeyAggregate aggregate;
    /** In memory and took a record since {@link #aggregate} last read them. */
    private final Set<Entry> changedSinceAggregate = new LinkedHashSet<>();
    /** Readings added or removed since {@link #aggregate} was last summed afresh. */
    private long aggregateUpdates;
    private long keys;
    private long storedKeys;
    private boolean limitReported;

    private KeyedStates(PipelineBlueprint blueprint, ScopeSpec scope, ChunkedValues values, PipelineMonitor monitor) {
        this.blueprint = blueprint;
        this.pipeline = blueprint.name();
        this.maxKeys = scope.maxKeys();
        this.ttlMillis = scope.keyTtl().toMillis();
        this.values = values;
        this.monitor = monitor;
        this.aggregate = new KeyAggregate(blueprint.learnerNames());
        byte[] count = values.get(StateKeys.keyCount(pipeline));
        this.keys = count == null ? 0 : ByteBuffer.wrap(count).getLong();
        this.storedKeys = keys;
    }

    /** The task's per-key state as stored; no key is read until its first record. */
    static KeyedStates load(PipelineBlueprint blueprint, ScopeSpec scope, ChunkedValues values, PipelineMonitor monitor) {
        return new KeyedStates(blueprint, scope, values, monitor);
    }

    /**
     * The working copy of {@code recordKey}'s model set for a record at stream time {@code now}: from
     * memory, else from the store, else fresh (also when the key had been idle longer than the TTL).
     * Marks the key changed: its state is written at the next commit or when it is evicted.
     */
    PipelineState stateFor(byte[] recordKey, long now) {
        String scope = StateKeys.keyScope(recordKey);
        Entry e = cache.remove(scope);
        if (e != null && expired(e.lastSeen, now)) {
            delete(e);
            e = null;
        }
        if (e == null) {
            e = load(scope, now);
            cache.put(scope, e);
            evictOverLimit();
        } else {
            cache.put(scope, e);
        }
        e.lastSeen = Math.max(e.lastSeen, now);
        changedSinceAggregate.add(e);
        if (!e.dirty) {
            e.dirty = true;
            dirty.add(e);
        }
        return e.state;
    }

    private Entry load(String scope, long now) {
        StateKeys k = new StateKeys(pipeline, scope);
        byte[] seen = values.get(k.seen());
        long storedSeen = seen == null ? NONE : ByteBuffer.wrap(seen).getLong();
        if (storedSeen != NONE && expired(storedSeen, now)) {
            deleteStored(scope, storedSeen);
            storedSeen = NONE;
        }
        PipelineState state = PipelineState.load(blueprint, k, values, cost);
        if (storedSeen == NONE && !state.stored()) {
            keys++;
        }
        return new Entry(scope, state, storedSeen);
    }

    private void evictOverLimit() {
        while (cache.size() > maxKeys) {
            Iterator<Entry> eldest = cache.values().iterator();
            Entry e = eldest.next();
            eldest.remove();
            leaveAggregate(e);
            save(e);
            monitor.keyEvicted();
            if (!limitReported) {
                limitReported = true;
                LOG.warn("pipeline {}: {} keys in memory in this task, its maxKeys; the least recently used keys"
                        + " are written to the store and dropped, and reloaded on their next record (counted in"
                        + " streamlearn_keys_evicted_total). Raise maxKeys if the heap allows.", pipeline, maxKeys);
            }
        }
    }

    private boolean expired(long lastSeen, long now) {
        return ttlMillis > 0 && lastSeen != NONE && now - lastSeen > ttlMillis;
    }

    /** Deletes a cached key: from memory and from the store. */
    private void delete(Entry e) {
        e.gone = true;
        cache.remove(e.scope);
        leaveAggregate(e);
        if (e.storedSeen != NONE || e.state.stored()) {
            deleteStored(e.scope, e.storedSeen);
        } else {
            keys--;
            monitor.keyExpired();
        }
    }

    /** Deletes a stored key's state, its last-seen time and its index entry (none when {@code storedSeen} is {@link #NONE}). */
    private void deleteStored(String scope, long storedSeen) {
        StateKeys k = new StateKeys(pipeline, scope);
        for (String learner : blueprint.learnerNames()) {
            values.delete(k.learner(learner));
        }
        values.delete(k.evaluation());
        values.delete(k.seen());
        if (storedSeen != NONE) {
            values.delete(k.seenIndex(storedSeen));
        }
        keys--;
        monitor.keyExpired();
    }

    /** Writes a key's changes, its last-seen time and index entry. */
    private void save(Entry e) {
        if (!e.dirty || e.gone) {
            return;
        }
        e.state.saveChanges(values);
        if (ttlMillis > 0 && e.lastSeen != e.storedSeen) {
            StateKeys k = new StateKeys(pipeline, e.scope);
            if (e.storedSeen != NONE) {
                values.delete(k.seenIndex(e.storedSeen));
            }
            values.put(k.seen(), ByteBuffer.allocate(8).putLong(e.lastSeen).array());
            values.put(k.seenIndex(e.lastSeen), new byte[0]);
            e.storedSeen = e.lastSeen;
        }
        e.dirty = false;
    }

    @Override
    public void saveChanges(ChunkedValues ignored) {
        for (Entry e : dirty) {
            save(e);
        }
        dirty.clear();
        if (keys != storedKeys) {
            values.put(StateKeys.keyCount(pipeline), ByteBuffer.allocate(8).putLong(keys).array());
            storedKeys = keys;
        }
    }

    /**
     * Deletes the keys idle longer than the TTL at stream time {@code now}, in memory and in the store
     * (at most {@link #SWEEP_LIMIT} per call); returns how many.
     */
    int expire(long now) {
        if (ttlMillis <= 0 || now - ttlMillis <= 0) {
            return 0;
        }
        List<Bytes> idle = values.keys(StateKeys.seenIndexFrom(pipeline, 0),
                StateKeys.seenIndexFrom(pipeline, now - ttlMillis), SWEEP_LIMIT);
        int deleted = 0;
        for (Bytes index : idle) {
            String scope = StateKeys.scopeOfIndex(pipeline, index);
            Entry cached = cache.get(scope);
            if (cached == null) {
                deleteStored(scope, StateKeys.timeOfIndex(pipeline, index));
                deleted++;
            } else if (expired(cached.lastSeen, now)) {
                delete(cached);
                deleted++;
            }
        }
        return deleted;
    }

    /** Keys this task holds, in memory or only in the store. */
    long keys() {
        return keys;
    }

    /** Keys in memory. */
    int cachedKeys() {
        return cache.size();
    }

    /** The key's state if it is in memory, else null; does not count as a use. For tests and inspection. */
    PipelineState cached(byte[] recordKey) {
        Entry e = cache.get(StateKeys.keyScope(recordKey));
        return e == null ? null : e.state;
    }

    /**
     * Every in-memory key's learners summed, as a copy for other threads. Kept incrementally: only
     * the keys that took a record since the last call are read again (their old readings taken out,
     * the new ones added), and a key that leaves memory is taken out when it leaves, so the cost
     * follows the records, not the keys. The sums are added afresh from the kept readings once the
     * updates since the last time outnumber the keys in memory (a constant cost per update), which
     * bounds the rounding that additions and subtractions leave.
     */
    KeyAggregate aggregate() {
        for (Entry e : changedSinceAggregate) {
            if (e.reading != null) {
                aggregate.remove(e.reading);
            }
            e.reading = KeyAggregate.readingOf(e.state.pipeline());
            aggregate.add(e.reading);
            aggregateUpdates++;
        }
        changedSinceAggregate.clear();
        if (aggregateUpdates > cache.size()) {
            aggregate.clear();
            for (Entry e : cache.values()) {
                if (e.reading != null) {
                    aggregate.add(e.reading);
                }
            }
            aggregateUpdates = 0;
        }
        return aggregate.copy();
    }

    private void leaveAggregate(Entry e) {
        changedSinceAggregate.remove(e);
        if (e.reading != null) {
            aggregate.remove(e.reading);
            e.reading = null;
            aggregateUpdates++;
        }
    }

    SaveCost saveCost() {
        return cost;
    }
}
