package io.streamlearn.topology.store;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.utils.Bytes;

/**
 * A stored value failed its check ({@link ChunkedValues}: its CRC-32C, its chunks' CRC-32, or its
 * format byte): the bytes under the key are not the bytes that were written, and nothing is decoded
 * from them. Names the store and the key, so that an operator knows which task's state is damaged.
 */
public final class DamagedValueException extends RuntimeException {

    private final String store;
    private final String key;

    DamagedValueException(String store, Bytes key, String problem) {
        super("store " + store + ", key " + new String(key.get(), StandardCharsets.UTF_8) + ": " + problem);
        this.store = store;
        this.key = new String(key.get(), StandardCharsets.UTF_8);
    }

    public String store() {
        return store;
    }

    public String key() {
        return key;
    }
}
