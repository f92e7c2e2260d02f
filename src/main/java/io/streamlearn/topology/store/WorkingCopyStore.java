package io.streamlearn.topology.store;

import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Function;
import java.util.Set;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.errors.TaskCorruptedException;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.StateStoreContext;
import org.apache.kafka.streams.query.Position;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.internals.CacheFlushListener;
import org.apache.kafka.streams.state.internals.CachedStateStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A persistent, changelogged key-value store of bytes with a working copy in front of it: the
 * processor works on live objects (models, evaluators) and the store writes what changed into the
 * key-value store once per commit, not once per record.
 *
 * <p>Why {@link CachedStateStore}: in Kafka Streams 4.1 a task's commit calls
 * {@code flushCache()} on every registered store that is a {@code CachedStateStore}, then flushes
 * the record collector, then commits the consumed offsets (under exactly-once, in the same
 * transaction as the changelog records). {@link StateStore#flush()} runs only afterwards, at
 * checkpoint time, so writing there would put the state of one commit into the next transaction.
 * This store is the same hook Kafka Streams' own record cache uses; it is an internal interface,
 * so the Kafka version is pinned in pom.xml, and the restart tests check the guarantee end to end.
 *
 * <p>The working copy is loaded lazily, after the changelog restore that follows {@link #init},
 * and dropped when the store is (re)initialised, closed or recycled, so it never outlives the
 * state it was read from.
 */
public final class WorkingCopyStore<W extends WorkingCopy> implements StateStore, CachedStateStore<Bytes, byte[]> {

    private static final Logger LOG = LoggerFactory.getLogger(WorkingCopyStore.class);

    private final KeyValueStore<Bytes, byte[]> inner;
    private final ChunkedValues values;
    private final Function<ChunkedValues, W> loader;
    private W workingCopy;
    /** A commit's writes (write lock) against interactive reads of several values ({@link #readCommitted}). */
    private final ReadWriteLock commit = new ReentrantReadWriteLock();

    WorkingCopyStore(KeyValueStore<Bytes, byte[]> inner, int chunkSize, Function<ChunkedValues, W> loader) {
        this.inner = inner;
        this.values = new ChunkedValues(inner, chunkSize);
        this.loader = loader;
    }

    /** The working copy, read from the store the first time after (re)initialisation. */
    public W workingCopy() {
        if (workingCopy == null) {
            workingCopy = loader.apply(values);
        }
        return workingCopy;
    }

    /** The stored values as of the last commit; for tests and inspection. */
    public ChunkedValues committedValues() {
        return values;
    }

    /**
     * Reads several stored values with no commit writing in between: an interactive query sees the
     * values of one commit, not some of one and some of the next (a model's chunks included). Any
     * thread; keep {@code read} short, the task's commit waits for it.
     */
    public <T> T readCommitted(Function<ChunkedValues, T> read) {
        commit.readLock().lock();
        try {
            return read.apply(values);
        } finally {
            commit.readLock().unlock();
        }
    }

    /** Writes the working copy's changes into the changelogged store; called by the task's commit. */
    @Override
    public void flushCache() {
        if (workingCopy != null) {
            commit.writeLock().lock();
            try {
                workingCopy.saveChanges(values);
            } finally {
                commit.writeLock().unlock();
            }
        }
    }

    @Override
    public void clearCache() {
        workingCopy = null;
    }

    @Override
    public boolean setFlushListener(CacheFlushListener<Bytes, byte[]> listener, boolean sendOldValues) {
        return false;
    }

    @Override
    public String name() {
        return inner.name();
    }

    /**
     * Opens the inner store and checks every stored value ({@link ChunkedValues#firstDamaged}). A
     * damaged one makes the task corrupted ({@link TaskCorruptedException}, one WARN line naming
     * store and key): Kafka Streams then wipes the task's local state and restores it from the
     * changelog, as it does under exactly-once for a task without a checkpoint. Checked here, before
     * the restore, so that what is wiped is the local copy only; a value restored from the changelog
     * that fails later, when the working copy is loaded, stops the application instead.
     */
    @Override
    public void init(StateStoreContext context, StateStore root) {
        workingCopy = null;
        inner.init(context, root);
        DamagedValueException damaged = values.firstDamaged();
        if (damaged != null) {
            inner.close();
            LOG.warn("damaged local state, nothing decoded from it: {}; task {} is wiped and restored from its changelog",
                    damaged.getMessage(), context.taskId());
            throw new TaskCorruptedException(Set.of(context.taskId()));
        }
    }

    @Override
    public void flush() {
        flushCache();
        inner.flush();
    }

    @Override
    public void close() {
        workingCopy = null;
        inner.close();
    }

    @Override
    public boolean persistent() {
        return inner.persistent();
    }

    @Override
    public boolean isOpen() {
        return inner.isOpen();
    }

    @Override
    public Position getPosition() {
        return inner.getPosition();
    }
}
