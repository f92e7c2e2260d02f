package io.streamlearn.topology.store;

import io.streamlearn.query.PipelineMonitor;
import io.streamlearn.topology.PipelineState;
import java.util.List;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.state.QueryableStoreType;
import org.apache.kafka.streams.state.internals.StateStoreProvider;

/**
 * Finds a pipeline's {@link WorkingCopyStore} in a running Kafka Streams client (interactive
 * queries). Its working copy belongs to the stream thread: read it only while no records flow, as
 * the integration tests do, or through the {@link PipelineMonitor}.
 */
public final class WorkingCopyStoreType implements QueryableStoreType<WorkingCopyStore<PipelineState>> {

    @Override
    public boolean accepts(StateStore store) {
        return store instanceof WorkingCopyStore;
    }

    @Override
    public WorkingCopyStore<PipelineState> create(StateStoreProvider provider, String storeName) {
        List<WorkingCopyStore<PipelineState>> stores = provider.stores(storeName, this);
        if (stores.size() != 1) {
            throw new IllegalStateException(stores.size() + " instances of store " + storeName + "; one expected");
        }
        return stores.get(0);
    }
}
