package io.streamlearn.topology;

import io.streamlearn.pipeline.PendingRecord;
import io.streamlearn.spec.LabelsSpec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;
import org.apache.kafka.common.serialization.BytesSerializer;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The label store of a pipeline with delayed labels (a changelogged RocksDB key-value store, one per
 * pipeline, on the pipeline's one task): records awaiting their label and labels awaiting their
 * record, each with a time index so that expiry and eviction take the oldest first and cost one
 * iterator step per expired entry. Keys (one byte of prefix, then):
 * <ul>
 *   <li>{@code p<id>}: a {@link PendingRecord} (pending, or the mark of a joined id);
 *   <li>{@code t<time><id>}: empty, the index of {@code p} by the feature record's timestamp;
 *   <li>{@code e<id>}: an {@link EarlyLabel};
 *   <li>{@code u<time><id>}: empty, the index of {@code e} by the label's timestamp;
 *   <li>{@code #p}, {@code #e}: the number of {@code p} and {@code e} entries (8 bytes).
 * </ul>
 * {@code <time>} is 8 bytes big-endian with the sign bit flipped, so that byte order is time order.
 * What it holds is only in the store (the next expiry time and each index's floor are caches,
 * recomputed after a restore), so a restart from the changelog continues exactly.
 *
 * <p>Each index is a queue: added at its tail (mostly), removed at its head. RocksDB keeps a removed
 * key as a tombstone until a compaction drops it, and a seek from the start of the prefix walks over
 * every one of them; so the oldest entry is looked up from the index's floor, a key at or below every
 * live key of the index (the head found last, lowered when an older key is added). Looked up from the
 * prefix, each eviction at {@code maxPending} cost a walk over all earlier ones: bench/soak.sh at
 * 5,000 records/s fell to about 80 records/s once the store held {@code maxPending} entries.
 */
final class PendingLabels {

    private static final byte PENDING = 'p';
    private static final byte PENDING_BY_TIME = 't';
    private static final byte EARLY = 'e';
    private static final byte EARLY_BY_TIME = 'u';
    private static final Bytes PENDING_COUNT = Bytes.wrap(new byte[] {'#', 'p'});
    private static final Bytes EARLY_COUNT = Bytes.wrap(new byte[] {'#', 'e'});
    /** The next expiry time is not known: look. */
    private static final long UNKNOWN = Long.MIN_VALUE;

    private final KeyValueStore<Bytes, byte[]> store;
    private final LabelsSpec spec;
    private long nextPendingExpiry = UNKNOWN;
    private long nextEarlyExpiry = UNKNOWN;
    /** At or below every live key of {@code t} (of {@code u}); null: not known, look from the prefix. */
    private Bytes pendingFloor;
    private Bytes earlyFloor;

    PendingLabels(KeyValueStore<Bytes, byte[]> store, LabelsSpec spec) {
        this.store = store;
        this.spec = spec;
    }

    /** The record of that id: pending, or the mark of a joined label; null when none. */
    PendingRecord pending(String id) {
        byte[] v = store.get(key(PENDING, id));
        return v == null ? null : PendingRecord.fromBytes(v);
    }

    /**
     * Keeps a predicted record until its label; over {@code maxPending} the oldest entry is dropped
     * ({@code expired} is told of it when it was still pending).
     */
    void addPending(String id, PendingRecord record, Runnable expired) {
        store.put(key(PENDING, id), record.toBytes());
        Bytes indexKey = indexKey(PENDING_BY_TIME, record.timestamp(), id);
        store.put(indexKey, new byte[0]);
        if (pendingFloor != null && indexKey.compareTo(pendingFloor) < 0) {
            pendingFloor = indexKey;
        }
        if (nextPendingExpiry != UNKNOWN) {
            nextPendingExpiry = Math.min(nextPendingExpiry, deadline(record.timestamp(), spec.timeout().toMillis()));
        }
        long n = count(PENDING_COUNT) + 1;
        while (n > spec.maxPending() && removeOldestPending(expired) == 1) {
            n--;
        }
        setCount(PENDING_COUNT, n);
    }

    /** Replaces the pending record by the mark of its joined label (kept, to refuse a duplicate, until it expires). */
    void markLabeled(String id, long timestamp) {
        store.put(key(PENDING, id), PendingRecord.labeled(timestamp).toBytes());
    }

    /** A joined label for a record that was never stored pending (its label came first). */
    void addLabeled(String id, long timestamp, Runnable expired) {
        addPending(id, PendingRecord.labeled(timestamp), expired);
    }

    /** The early label of that id, or null. */
    EarlyLabel early(String id) {
        byte[] v = store.get(key(EARLY, id));
        return v == null ? null : EarlyLabel.fromBytes(v);
    }

    /** Removes and returns the early label of that id; null when none. */
    EarlyLabel takeEarly(String id) {
        EarlyLabel e = early(id);
        if (e != null) {
            store.delete(key(EARLY, id));
            store.delete(indexKey(EARLY_BY_TIME, e.timestamp(), id));
            setCount(EARLY_COUNT, count(EARLY_COUNT) - 1);
        }
        return e;
    }

    /** Keeps a label that came before its record; over {@code maxEarly} the oldest is given to {@code unknown}. */
    void addEarly(String id, EarlyLabel label, Consumer<EarlyLabel> unknown) {
        store.put(key(EARLY, id), label.toBytes());
        Bytes indexKey = indexKey(EARLY_BY_TIME, label.timestamp(), id);
        store.put(indexKey, new byte[0]);
        if (earlyFloor != null && indexKey.compareTo(earlyFloor) < 0) {
            earlyFloor = indexKey;
        }
        if (nextEarlyExpiry != UNKNOWN) {
            nextEarlyExpiry = Math.min(nextEarlyExpiry, deadline(label.timestamp(), spec.earlyWait().toMillis()));
        }
        setCount(EARLY_COUNT, count(EARLY_COUNT) + 1);
        while (count(EARLY_COUNT) > spec.maxEarly() && removeOldestEarly(unknown) == 1) {
            // removeOldestEarly counts the removal
        }
    }

    /**
     * Drops what is older than its bound at stream time {@code now}: records pending for longer than
     * {@code timeout} ({@code expired} is told of each still pending) and early labels that waited
     * longer than {@code earlyWait} ({@code unknown}).
     */
    void expire(long now, Runnable expired, Consumer<EarlyLabel> unknown) {
        if (nextPendingExpiry == UNKNOWN || now > nextPendingExpiry) {
            nextPendingExpiry = sweep(PENDING_BY_TIME, now, spec.timeout().toMillis(), (id, time) -> {
                removePending(id, time, expired);
                setCount(PENDING_COUNT, count(PENDING_COUNT) - 1);
            });
        }
        if (nextEarlyExpiry == UNKNOWN || now > nextEarlyExpiry) {
            nextEarlyExpiry = sweep(EARLY_BY_TIME, now, spec.earlyWait().toMillis(), (id, time) -> {
                store.delete(indexKey(EARLY_BY_TIME, time, id));
                EarlyLabel e = takeEarly(id);
                if (e != null) {
                    unknown.accept(e);
                }
            });
        }
    }

    /** Entries pending (or marked joined) now. */
    long pendingCount() {
        return count(PENDING_COUNT);
    }

    /** Early labels waiting now. */
    long earlyCount() {
        return count(EARLY_COUNT);
    }

    private interface Removal {
        void remove(String id, long time);
    }

    /** Removes the entries of the index older than {@code wait} at {@code now}; returns the next expiry time. */
    private long sweep(byte index, long now, long wait, Removal removal) {
        while (true) {
            KeyValue<Bytes, byte[]> first = first(index);
            if (first == null) {
                return Long.MAX_VALUE;
            }
            long time = timeOf(first.key);
            long deadline = deadline(time, wait);
            if (now <= deadline) {
                return deadline;
            }
            removal.remove(idOf(first.key), time);
        }
    }

    /** Removes the oldest pending entry; returns 1, or 0 when there was none. */
    private int removeOldestPending(Runnable expired) {
        KeyValue<Bytes, byte[]> first = first(PENDING_BY_TIME);
        if (first == null) {
            return 0;
        }
        removePending(idOf(first.key), timeOf(first.key), expired);
        return 1;
    }

    /** Removes the oldest early label and gives it to {@code unknown}; returns 1, or 0 when there was none. */
    private int removeOldestEarly(Consumer<EarlyLabel> unknown) {
        KeyValue<Bytes, byte[]> first = first(EARLY_BY_TIME);
        if (first == null) {
            return 0;
        }
        store.delete(first.key);
        EarlyLabel e = takeEarly(idOf(first.key));
        if (e == null) {
            return 0;
        }
        unknown.accept(e);
        return 1;
    }

    private void removePending(String id, long time, Runnable expired) {
        store.delete(indexKey(PENDING_BY_TIME, time, id));
        byte[] v = store.delete(key(PENDING, id));
        if (v != null && !PendingRecord.fromBytes(v).isLabeled()) {
            expired.run();
        }
    }

    /** The oldest entry of the index, looked up from its floor (which then becomes that entry's key). */
    private KeyValue<Bytes, byte[]> first(byte index) {
        Bytes floor = index == PENDING_BY_TIME ? pendingFloor : earlyFloor;
        KeyValue<Bytes, byte[]> first;
        try (KeyValueIterator<Bytes, byte[]> it = floor == null
                ? store.prefixScan(Bytes.wrap(new byte[] {index}), new BytesSerializer())
                : store.range(floor, Bytes.wrap(new byte[] {(byte) (index + 1)}))) {
            first = it.hasNext() ? it.next() : null;
        }
        if (first == null || first.key.get()[0] != index) {
            return null;
        }
        if (index == PENDING_BY_TIME) {
            pendingFloor = first.key;
        } else {
            earlyFloor = first.key;
        }
        return first;
    }

    private long count(Bytes key) {
        byte[] v = store.get(key);
        return v == null ? 0 : ByteBuffer.wrap(v).getLong();
    }

    private void setCount(Bytes key, long n) {
        store.put(key, ByteBuffer.allocate(8).putLong(n).array());
    }

    private static long deadline(long time, long wait) {
        long d = time + wait;
        return ((time ^ d) & (wait ^ d)) < 0 ? Long.MAX_VALUE : d;
    }

    private static Bytes key(byte prefix, String id) {
        byte[] utf8 = id.getBytes(StandardCharsets.UTF_8);
        byte[] k = new byte[1 + utf8.length];
        k[0] = prefix;
        System.arraycopy(utf8, 0, k, 1, utf8.length);
        return Bytes.wrap(k);
    }

    private static Bytes indexKey(byte prefix, long time, String id) {
        byte[] utf8 = id.getBytes(StandardCharsets.UTF_8);
        return Bytes.wrap(ByteBuffer.allocate(9 + utf8.length).put(prefix).putLong(time ^ Long.MIN_VALUE).put(utf8)
                .array());
    }

    private static long timeOf(Bytes indexKey) {
        return ByteBuffer.wrap(indexKey.get(), 1, 8).getLong() ^ Long.MIN_VALUE;
    }

    private static String idOf(Bytes indexKey) {
        byte[] k = indexKey.get();
        return new String(k, 9, k.length - 9, StandardCharsets.UTF_8);
    }
}
