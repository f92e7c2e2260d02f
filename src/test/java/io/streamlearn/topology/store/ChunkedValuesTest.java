package io.streamlearn.topology.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamlearn.topology.StateKeys;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
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
        assertThatThrownBy(() -> values.get(key)).isInstanceOf(DamagedValueException.class)
                .hasMessage("store s, key p//learner/mlp: chunks do not add up to the manifest's CRC-32");
    }

    /**
     * Every single-bit flip anywhere in a stored inline value (format byte, checksum or payload) is
     * refused, never returned: CRC-32C detects every burst error up to 32 bits.
     */
    @Test
    void everyFlippedBitOfAnInlineValueIsDetected() {
        byte[] value = randomBytes(200, 6);
        values.put(key, value);
        byte[] stored = store.get(key);
        for (int bit = 0; bit < stored.length * 8; bit++) {
            byte[] damaged = stored.clone();
            damaged[bit / 8] ^= (byte) (1 << (bit % 8));
            store.put(key, damaged);
            int flipped = bit;
            assertThatThrownBy(() -> values.get(key)).as("bit %d", flipped).isInstanceOf(DamagedValueException.class)
                    .hasMessageStartingWith("store s, key p//learner/mlp: ");
        }
    }

    @Test
    void randomBytesOverAStoredValueAreRefusedNamingStoreAndKey() {
        values.put(key, randomBytes(500, 7));
        byte[] stored = store.get(key);
        byte[] noise = randomBytes(16, 8);
        System.arraycopy(noise, 0, stored, 100, noise.length);
        store.put(key, stored);
        assertThatThrownBy(() -> values.get(key)).isInstanceOf(DamagedValueException.class)
                .hasMessageStartingWith("store s, key p//learner/mlp: stored value fails its CRC-32C")
                .satisfies(e -> {
                    assertThat(((DamagedValueException) e).store()).isEqualTo("s");
                    assertThat(((DamagedValueException) e).key()).isEqualTo("p//learner/mlp");
                });
        store.put(key, new byte[] {9, 1, 2});
        assertThatThrownBy(() -> values.get(key)).isInstanceOf(DamagedValueException.class)
                .hasMessage("store s, key p//learner/mlp: unknown stored value format 9");
        store.put(key, new byte[] {0x5C, 1});
        assertThatThrownBy(() -> values.get(key)).isInstanceOf(DamagedValueException.class)
                .hasMessage("store s, key p//learner/mlp: stored value of 2 bytes is shorter than its header");
    }

    /**
     * The stored form of format 0x5C (format byte, CRC-32C big-endian, then the value) is pinned by
     * a golden file: {@code stored-value-checked.bin} wraps the golden pipeline state of format 1
     * ({@code pipeline/pipeline-state-v1.bin}), its CRC-32C 0x92d17487 computed when the format was
     * introduced by an independent bitwise implementation (polynomial 0x82F63B78), not by this code.
     */
    @Test
    void goldenCheckedValueIsWrittenAndReadByteForByte() throws IOException {
        byte[] payload = resource("/pipeline/pipeline-state-v1.bin");
        byte[] golden = resource("/topology/store/stored-value-checked.bin");
        assertThat(golden[0]).isEqualTo((byte) 0x5C);
        assertThat(ByteBuffer.wrap(golden, 1, 4).getInt()).isEqualTo(0x92d17487);
        ChunkedValues values = new ChunkedValues(store, ChunkedValues.DEFAULT_CHUNK_SIZE);
        values.put(key, payload);
        assertThat(store.get(key)).isEqualTo(golden);
        store.put(key, golden);
        assertThat(values.get(key)).isEqualTo(payload);
    }

    /**
     * A store or changelog written before the checksum (format byte 1, then the value, no checksum;
     * {@code stored-value-unchecked.bin}) is still read; the value is written back checked.
     */
    @Test
    void valueOfFormatOneWrittenBeforeTheChecksumIsStillRead() throws IOException {
        byte[] payload = resource("/pipeline/pipeline-state-v1.bin");
        byte[] old = resource("/topology/store/stored-value-unchecked.bin");
        assertThat(old[0]).isEqualTo((byte) 1);
        ChunkedValues values = new ChunkedValues(store, ChunkedValues.DEFAULT_CHUNK_SIZE);
        store.put(key, old);
        assertThat(values.get(key)).isEqualTo(payload);
        values.put(key, values.get(key));
        assertThat(store.get(key)).isEqualTo(resource("/topology/store/stored-value-checked.bin"));
    }

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = ChunkedValuesTest.class.getResourceAsStream(name)) {
            assertThat(in).as(name).isNotNull();
            return in.readAllBytes();
        }
    }

    @Test
    void aDamagedManifestIsRefusedBeforeItSizesAnything() {
        values.put(key, randomBytes(3 * CHUNK, 9));
        byte[] manifest = store.get(key);
        manifest[5] = 0x7f; // length: about 2 GB
        store.put(key, manifest);
        assertThatThrownBy(() -> values.get(key)).isInstanceOf(DamagedValueException.class)
                .hasMessageStartingWith("store s, key p//learner/mlp: chunks do not add up to the manifest's ");
        store.delete(ChunkedValues.chunk(key, 2));
        assertThatThrownBy(() -> values.get(key)).isInstanceOf(DamagedValueException.class)
                .hasMessage("store s, key p//learner/mlp: chunk 2 of 3 missing");
    }

    /** The start-up check reads every value, chunked ones through their manifest, and names the first damaged one. */
    @Test
    void theStartUpCheckFindsTheFirstDamagedValue() {
        Bytes other = StateKeys.global("p").evaluation();
        values.put(key, randomBytes(3 * CHUNK, 10));
        values.put(other, randomBytes(100, 11));
        assertThat(values.firstDamaged()).isNull();
        byte[] chunk = store.get(ChunkedValues.chunk(key, 3));
        chunk[0] ^= 4;
        store.put(ChunkedValues.chunk(key, 3), chunk);
        assertThat(values.firstDamaged()).isNotNull().extracting(DamagedValueException::key).isEqualTo("p//learner/mlp");
        values.put(key, randomBytes(10, 12));
        assertThat(values.firstDamaged()).isNull();
        byte[] stored = store.get(other);
        stored[50] ^= 1;
        store.put(other, stored);
        assertThat(values.firstDamaged()).isNotNull().extracting(DamagedValueException::key).isEqualTo("p//evaluation");
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
