package io.streamlearn.testing;

import io.streamlearn.topology.PipelineDefinition;
import io.streamlearn.topology.StateKeys;
import io.streamlearn.topology.store.ChunkedValues;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;

/**
 * What a streamlearn application has committed, read straight from the broker with read_committed
 * consumers: a topic read to its end, and a pipeline's learning state as its changelog holds it.
 * This is what a restart on an empty state directory would restore, with no hook in the
 * application.
 */
public final class CommittedState {

    private CommittedState() {}

    /** Every committed record of {@code topic}, from the beginning to the last stable offset of each partition. */
    public static void readToEnd(Properties client, String topic, Consumer<ConsumerRecord<byte[], byte[]>> each) {
        Properties p = new Properties();
        p.putAll(client);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000");
        p.remove(ConsumerConfig.GROUP_ID_CONFIG);
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (PartitionInfo info : consumer.partitionsFor(topic, Duration.ofSeconds(30))) {
                partitions.add(new TopicPartition(topic, info.partition()));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            // under read_committed the end offsets are the last stable offsets
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(30));
            long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
            while (!reached(consumer, end)) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("could not read " + topic + " to its end " + end);
                }
                consumer.poll(Duration.ofMillis(200)).forEach(each);
            }
        }
    }

    private static boolean reached(KafkaConsumer<byte[], byte[]> consumer, Map<TopicPartition, Long> end) {
        for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
            if (consumer.position(e.getKey()) < e.getValue()) {
                return false;
            }
        }
        return true;
    }

    /**
     * The committed content of the pipeline's changelog ({@code <applicationId>-<store>-changelog},
     * all partitions), the latest value per key.
     */
    public static ChunkedValues changelog(Properties client, String applicationId, PipelineDefinition pipeline) {
        KeyValueStore<Bytes, byte[]> store = Stores.keyValueStoreBuilder(
                Stores.inMemoryKeyValueStore("changelog"), Serdes.Bytes(), Serdes.ByteArray()).withLoggingDisabled().build();
        store.init(new MockProcessorContext<>().getStateStoreContext(), store);
        readToEnd(client, applicationId + "-" + pipeline.storeName() + "-changelog", r -> {
            if (r.value() == null) {
                store.delete(Bytes.wrap(r.key()));
            } else {
                store.put(Bytes.wrap(r.key()), r.value());
            }
        });
        return new ChunkedValues(store, ChunkedValues.DEFAULT_CHUNK_SIZE);
    }

    /**
     * The pipeline's committed state in its changelog: every learner's model bytes in learner order,
     * then the evaluation state.
     */
    public static List<byte[]> pipeline(Properties client, String applicationId, PipelineDefinition pipeline) {
        ChunkedValues values = changelog(client, applicationId, pipeline);
        StateKeys keys = StateKeys.global(pipeline.name());
        List<byte[]> s = new ArrayList<>();
        for (String learner : pipeline.learnerNames()) {
            s.add(values.get(keys.learner(learner)));
        }
        s.add(values.get(keys.evaluation()));
        return s;
    }
}
