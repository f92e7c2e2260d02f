package io.streamlearn.topology.store;

import java.util.Map;
import java.util.function.Function;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.state.KeyValueBytesStoreSupplier;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * Builds a {@link WorkingCopyStore} over a key-value store of bytes with a changelog and without
 * Kafka Streams' record cache (the working copy is the cache).
 */
public final class WorkingCopyStoreBuilder<W extends WorkingCopy> implements StoreBuilder<WorkingCopyStore<W>> {

    private final StoreBuilder<KeyValueStore<Bytes, byte[]>> inner;
    private final int chunkSize;
    private final Function<ChunkedValues, W> loader;

    private WorkingCopyStoreBuilder(
            StoreBuilder<KeyValueStore<Bytes, byte[]>> inner, int chunkSize, Function<ChunkedValues, W> loader) {
        this.inner = inner;
        this.chunkSize = chunkSize;
        this.loader = loader;
    }

    /** A RocksDB store with a changelog, values chunked at {@code chunkSize} bytes. */
    public static <W extends WorkingCopy> WorkingCopyStoreBuilder<W> persistent(
            String name, int chunkSize, Function<ChunkedValues, W> loader) {
        return over(Stores.persistentKeyValueStore(name), chunkSize, loader);
    }

    public static <W extends WorkingCopy> WorkingCopyStoreBuilder<W> over(
            KeyValueBytesStoreSupplier supplier, int chunkSize, Function<ChunkedValues, W> loader) {
        return new WorkingCopyStoreBuilder<>(
                Stores.keyValueStoreBuilder(supplier, Serdes.Bytes(), Serdes.ByteArray()).withCachingDisabled(),
                chunkSize, loader);
    }

    @Override
    public WorkingCopyStoreBuilder<W> withCachingEnabled() {
        throw new UnsupportedOperationException("the working copy is the cache");
    }

    @Override
    public WorkingCopyStoreBuilder<W> withCachingDisabled() {
        return this;
    }

    @Override
    public WorkingCopyStoreBuilder<W> withLoggingEnabled(Map<String, String> config) {
        inner.withLoggingEnabled(config);
        return this;
    }

    @Override
    public WorkingCopyStoreBuilder<W> withLoggingDisabled() {
        inner.withLoggingDisabled();
        return this;
    }

    @Override
    public WorkingCopyStore<W> build() {
        return new WorkingCopyStore<>(inner.build(), chunkSize, loader);
    }

    @Override
    public Map<String, String> logConfig() {
        return inner.logConfig();
    }

    @Override
    public boolean loggingEnabled() {
        return inner.loggingEnabled();
    }

    @Override
    public String name() {
        return inner.name();
    }
}
