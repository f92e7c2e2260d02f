package io.streamlearn.topology.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamlearn.topology.StateKeys;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ChunkedValuesTest {

    private static final int CHUNK = 1000;

    private KeyValueStore<Bytes, byte[]> store;
    private ChunkedValues values;
    private final Bytes key = StateKeys.global("p").learner("mlp");

    @BeforeEach
    void openStore() {
        store = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore("s"), Serdes.Bytes(), Serdes.ByteArray())
                .withLoggingDisabled().build();
        store.init(new MockProcessorContext<>().getStateStoreContext(), store);
        values = new ChunkedValues(store, CHUNK);
    }

    @Test
    void smallValueIsStoredInlineUnderItsKey() {
        byte[] value = randomBytes(CHUNK, 1);
        values.put(key, value);
        assertThat(values.get(key)).isEqualTo(value);
        assertThat(keys()).containsExactly("p//learner/mlp");
    }

    @Test
    void largeValueIsSplitIntoChunksNoneOverTheChunkSize() {
        byte[] value = randomBytes(2 * CHUNK + 1, 2);
        values.put(key, value);
        assertThat(values.get(key)).isEqualTo(value);
        assertThat(keys()).containsExactly(
                "p//learner/mlp", "p//learner/mlp/chunk-0001", "p//learner/mlp/chunk-0002", "p//learner/mlp/chunk-0003");
        assertThat(store.get(ChunkedValues.chunk(key, 3))).hasSize(1);
        assertThat(store.get(ChunkedValues.chunk(key, 1))).hasSize(CHUNK);
    }

    @Test
    void shrinkingValueDeletesTheChunksItNoLongerUses() {
        values.put(key, randomBytes(5 * CHUNK, 3));
        byte[] smaller = randomBytes(CHUNK + 10, 4);
        values.put(key, smaller);
        assertThat(values.get(key)).isEqualTo(smaller);
        assertThat(keys()).containsExactly("p//learner/mlp", "p//learner/mlp/chunk-0001", "p//learner/mlp/chunk-0002");
        values.put(key, new byte[] {7});
        assertThat(keys()).containsExactly("p//learner/mlp");
        assertThat(values.get(key)).containsExactly(7);
    }

    @Test
    void corruptedChunkIsDetected() {
        values.put(key, randomBytes(3 * CHUNK, 5));
        byte[] chunk = store.get(ChunkedValues.chunk(key, 2));
        chunk[17] ^= 1;
        store.put(ChunkedValues.chunk(key, 2), chunk);
        assertThatThrownBy(() -> values.get(key)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void missingKeyReadsAsNull() {
        assertThat(values.get(key)).isNull();
    }

    private List<String> keys() {
        List<String> keys = new ArrayList<>();
        try (KeyValueIterator<Bytes, byte[]> it = store.all()) {
            while (it.hasNext()) {
                KeyValue<Bytes, byte[]> kv = it.next();
                keys.add(new String(kv.key.get(), StandardCharsets.UTF_8));
            }
        }
        return keys;
    }

    private static byte[] randomBytes(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }
}
