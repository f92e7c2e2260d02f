package io.streamlearn.topology;

import java.util.Map;

/**
 * How to build the topology beyond the specs.
 *
 * @param inputPartitions partition count of each input topic; a topic not listed counts as one
 * @param chunkSize largest stored value before it is split into chunks (see {@link ChunkedValues})
 */
public record TopologyOptions(Map<String, Integer> inputPartitions, int chunkSize) {

    public TopologyOptions {
        inputPartitions = Map.copyOf(inputPartitions);
    }

    public static TopologyOptions defaults() {
        return new TopologyOptions(Map.of(), ChunkedValues.DEFAULT_CHUNK_SIZE);
    }

    public TopologyOptions withInputPartitions(Map<String, Integer> partitions) {
        return new TopologyOptions(partitions, chunkSize);
    }

    public TopologyOptions withChunkSize(int bytes) {
        return new TopologyOptions(inputPartitions, bytes);
    }

    int partitions(String topic) {
        return inputPartitions.getOrDefault(topic, 1);
    }
}
