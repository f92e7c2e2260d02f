package io.streamlearn.topology.store;

import java.util.List;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.state.QueryableStoreType;
import org.apache.kafka.streams.state.internals.StateStoreProvider;

/**
 * Finds a {@link WorkingCopyStore} in a running Kafka Streams client (interactive queries). Its
 * working copy belongs to the stream thread: read it only while no records flow, as the integration
 * tests do, or through what the thread publishes (the pipeline's monitor).
 *
 * @param <T> the working copy
 */
public final class WorkingCopyStoreType<T extends WorkingCopy> implements QueryableStoreType<WorkingCopyStore<T>> {

    @Override
    public boolean accepts(StateStore store) {
        return store instanceof WorkingCopyStore;
    }

    @Override
    public WorkingCopyStore<T> create(StateStoreProvider provider, String storeName) {
        List<WorkingCopyStore<T>> stores = provider.stores(storeName, this);
        if (stores.size() != 1) {
            throw new IllegalStateException(stores.size() + " instances of store " + storeName + "; one expected");
        }
        return stores.get(0);
    }
}
