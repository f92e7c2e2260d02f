package io.streamlearn.topology;

import io.streamlearn.pipeline.GenerationMerge;
import io.streamlearn.pipeline.ModelSetSnapshot;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The merge task of a data-parallel pipeline (one task: its parameter topic has one partition).
 * Keeps each partition's newest contribution per generation in its store
 * ({@code g/<generation, 20 digits>/<partition>}) and the last merged generation ({@code merged});
 * when all partitions' contributions to a generation are in, merges them ({@link GenerationMerge}),
 * stores and forwards the merged generation (to every partition of the merged topic) and deletes
 * every stored contribution up to it: an incomplete older generation is dropped, so the store holds
 * at most the generations newer than the last merge. A contribution to a generation already merged
 * is dropped. Everything happens in the task's transaction, so a restart resumes from the last commit.
 */
final class ParallelMergeProcessor implements Processor<byte[], byte[], byte[], byte[]> {

    private static final Logger LOG = LoggerFactory.getLogger(ParallelMergeProcessor.class);
    static final String MERGED_KEY = "merged";

    private final PipelineDefinition definition;
    private final int partitions;
    private ProcessorContext<byte[], byte[]> context;
    private KeyValueStore<String, byte[]> store;

    ParallelMergeProcessor(PipelineDefinition definition, int partitions) {
        this.definition = definition;
        this.partitions = partitions;
    }

    @Override
    public void init(ProcessorContext<byte[], byte[]> context) {
        this.context = context;
        this.store = context.getStateStore(definition.mergeStoreName());
    }

    static String contributionKey(long generation, int partition) {
        return String.format(Locale.ROOT, "g/%020d/%06d", generation, partition);
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
        ModelSetSnapshot contribution;
        try {
            contribution = ModelSetSnapshot.fromBytes(record.value());
        } catch (IllegalArgumentException e) {
            LOG.warn("pipeline {}: unreadable contribution dropped: {}", definition.name(), e.getMessage());
            return;
        }
        byte[] stored = store.get(MERGED_KEY);
        ModelSetSnapshot base = stored == null ? null : ModelSetSnapshot.fromBytes(stored);
        long g = contribution.generation();
        if ((base != null && g <= base.generation()) || contribution.partition() < 0
                || contribution.partition() >= partitions) {
            LOG.warn("pipeline {}: contribution of partition {} to generation {} dropped (merged up to {})",
                    definition.name(), contribution.partition(), g, base == null ? 0 : base.generation());
            return;
        }
        store.put(contributionKey(g, contribution.partition()), record.value());
        List<ModelSetSnapshot> all = new ArrayList<>(partitions);
        for (int p = 0; p < partitions; p++) {
            byte[] c = store.get(contributionKey(g, p));
            if (c == null) {
                return;
            }
            all.add(p == contribution.partition() ? contribution : ModelSetSnapshot.fromBytes(c));
        }
        byte[] merged = GenerationMerge.merge(base, all).toBytes();
        store.put(MERGED_KEY, merged);
        List<String> done = new ArrayList<>();
        try (KeyValueIterator<String, byte[]> it = store.range(contributionKey(0, 0), contributionKey(g, partitions))) {
            while (it.hasNext()) {
                KeyValue<String, byte[]> kv = it.next();
                done.add(kv.key);
            }
        }
        done.forEach(store::delete);
        context.forward(record.withValue(merged));
    }
}
