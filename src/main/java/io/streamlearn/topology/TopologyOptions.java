package io.streamlearn.topology;

import io.streamlearn.topology.store.ChunkedValues;
import java.util.Map;

/**
 * How to build the topology beyond the specs.
 *
 * @param inputPartitions partition count of each input topic; a topic not listed counts as one
 * @param chunkSize largest stored value before it is split into chunks (see {@link ChunkedValues})
 * @param maxDeadLetterBytes largest dead-letter value written; a longer original is cut to this
 *     length (see {@link DeadLetters}), so that the producer never refuses it
 * @param applicationId the Streams application id, which names a data-parallel pipeline's merged
 *     topic ({@link PipelineDefinition#mergedTopic})
 */
public record TopologyOptions(Map<String, Integer> inputPartitions, int chunkSize, int maxDeadLetterBytes,
                              String applicationId) {

    /** 1 MiB (the producer's default max.request.size) less room for key, headers and batch overhead. */
    public static final int DEFAULT_MAX_DEAD_LETTER_BYTES = 1_000_000;

    public TopologyOptions {
        inputPartitions = Map.copyOf(inputPartitions);
    }

    public static TopologyOptions defaults() {
        return new TopologyOptions(Map.of(), ChunkedValues.DEFAULT_CHUNK_SIZE, DEFAULT_MAX_DEAD_LETTER_BYTES, "streamlearn");
    }

    public TopologyOptions withInputPartitions(Map<String, Integer> partitions) {
        return new TopologyOptions(partitions, chunkSize, maxDeadLetterBytes, applicationId);
    }

    public TopologyOptions withChunkSize(int bytes) {
        return new TopologyOptions(inputPartitions, bytes, maxDeadLetterBytes, applicationId);
    }

    public TopologyOptions withMaxDeadLetterBytes(int bytes) {
        return new TopologyOptions(inputPartitions, chunkSize, bytes, applicationId);
    }

    public TopologyOptions withApplicationId(String id) {
        return new TopologyOptions(inputPartitions, chunkSize, maxDeadLetterBytes, id);
    }

    int partitions(String topic) {
        return inputPartitions.getOrDefault(topic, 1);
    }
}
