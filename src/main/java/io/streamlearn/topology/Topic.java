package io.streamlearn.topology;

import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;

/**
 * A topic's name with the serdes of its keys and values, so that a topic is never read or written
 * with the wrong ones.
 */
public record Topic<K, V>(String name, Serde<K> keySerde, Serde<V> valueSerde) {

    /**
     * Feature records, predictions and dead letters travel as raw bytes: the processor parses
     * values itself, so a record that is not JSON is dead-lettered instead of failing a serde, and
     * keys pass through unchanged.
     */
    public static Topic<byte[], byte[]> ofBytes(String name) {
        return new Topic<>(name, Serdes.ByteArray(), Serdes.ByteArray());
    }

    public Consumed<K, V> consumed() {
        return Consumed.with(keySerde, valueSerde);
    }

    public Produced<K, V> produced() {
        return Produced.with(keySerde, valueSerde);
    }
}
