package io.streamlearn.topology.store;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Values of any size in a key-value store whose changelog records must stay under the broker's
 * message limit (1 MB by default). A value up to {@code chunkSize} bytes is stored inline under
 * its key; a larger one is cut into chunks stored under {@link #chunk}, and its key holds
 * a manifest: chunk count, total length and CRC-32 of the whole value. Writing a value deletes
 * the chunks that the previous value had beyond the new count.
 *
 * <p>Stored form of the key's value: one format byte, then {@code INLINE}: the value's bytes, or
 * {@code MANIFEST}: int chunks, int length, long crc32.
 */
public final class ChunkedValues {

    /** Chunks of 900 KiB leave room for the key and the record overhead under a 1 MB limit. */
    public static final int DEFAULT_CHUNK_SIZE = 900 * 1024;

    private static final byte INLINE = 1;
    private static final byte MANIFEST = 2;
    private static final int MANIFEST_SIZE = 1 + 4 + 4 + 8;

    private final KeyValueStore<Bytes, byte[]> store;
    private final int chunkSize;

    public ChunkedValues(KeyValueStore<Bytes, byte[]> store, int chunkSize) {
        if (chunkSize < 1) {
            throw new IllegalArgumentException("chunk size must be positive: " + chunkSize);
        }
        this.store = store;
        this.chunkSize = chunkSize;
    }

    /** Stores {@code value} under {@code key}, in chunks when it is larger than the chunk size. */
    public void put(Bytes key, byte[] value) {
        int previousChunks = chunkCount(store.get(key));
        int chunks = 0;
        if (value.length <= chunkSize) {
            byte[] inline = new byte[value.length + 1];
            inline[0] = INLINE;
            System.arraycopy(value, 0, inline, 1, value.length);
            store.put(key, inline);
        } else {
            chunks = (value.length + chunkSize - 1) / chunkSize;
            for (int i = 0; i < chunks; i++) {
                int from = i * chunkSize;
                byte[] chunk = new byte[Math.min(chunkSize, value.length - from)];
                System.arraycopy(value, from, chunk, 0, chunk.length);
                store.put(chunk(key, i + 1), chunk);
            }
            store.put(key, ByteBuffer.allocate(MANIFEST_SIZE)
                    .put(MANIFEST).putInt(chunks).putInt(value.length).putLong(crc(value)).array());
        }
        for (int i = chunks + 1; i <= previousChunks; i++) {
            store.delete(chunk(key, i));
        }
    }

    /** The value stored under {@code key}, reassembled; null when there is none. */
    public byte[] get(Bytes key) {
        byte[] stored = store.get(key);
        if (stored == null) {
            return null;
        }
        if (stored[0] == INLINE) {
            byte[] value = new byte[stored.length - 1];
            System.arraycopy(stored, 1, value, 0, value.length);
            return value;
        }
        ByteBuffer manifest = manifest(key, stored);
        int chunks = manifest.getInt();
        byte[] value = new byte[manifest.getInt()];
        long expectedCrc = manifest.getLong();
        int at = 0;
        for (int i = 1; i <= chunks; i++) {
            byte[] chunk = store.get(chunk(key, i));
            if (chunk == null || at + chunk.length > value.length) {
                throw new IllegalStateException("chunk " + i + " of " + chunks + " missing or too long under " + key);
            }
            System.arraycopy(chunk, 0, value, at, chunk.length);
            at += chunk.length;
        }
        if (at != value.length || crc(value) != expectedCrc) {
            throw new IllegalStateException("chunks of " + key + " do not add up to the manifest");
        }
        return value;
    }

    /** Deletes the value stored under {@code key} and its chunks; a no-op when there is none. */
    public void delete(Bytes key) {
        byte[] stored = store.get(key);
        if (stored == null) {
            return;
        }
        int chunks = chunkCount(stored);
        store.delete(key);
        for (int i = 1; i <= chunks; i++) {
            store.delete(chunk(key, i));
        }
    }

    /**
     * The keys in {@code [from, to]} in byte order, at most {@code limit} of them, values not
     * reassembled: for small index entries that one scans by range.
     */
    public List<Bytes> keys(Bytes from, Bytes to, int limit) {
        List<Bytes> keys = new ArrayList<>();
        try (KeyValueIterator<Bytes, byte[]> it = store.range(from, to)) {
            while (it.hasNext() && keys.size() < limit) {
                keys.add(it.next().key);
            }
        }
        return keys;
    }

    private static int chunkCount(byte[] stored) {
        return stored == null || stored[0] == INLINE ? 0 : ByteBuffer.wrap(stored, 1, 4).getInt();
    }

    private static ByteBuffer manifest(Bytes key, byte[] stored) {
        if (stored[0] != MANIFEST || stored.length != MANIFEST_SIZE) {
            throw new IllegalStateException("unknown stored value format " + stored[0] + " under " + key);
        }
        return ByteBuffer.wrap(stored, 1, MANIFEST_SIZE - 1);
    }

    private static long crc(byte[] value) {
        CRC32 crc = new CRC32();
        crc.update(value);
        return crc.getValue();
    }

    /** The key of chunk {@code index} (from 1) of the value stored under {@code base}: {@code <base>/chunk-0001}, ... */
    public static Bytes chunk(Bytes base, int index) {
        return Bytes.wrap((new String(base.get(), StandardCharsets.UTF_8) + String.format("/chunk-%04d", index))
                .getBytes(StandardCharsets.UTF_8));
    }
}
