package io.streamlearn.topology.store;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32;
import java.util.zip.CRC32C;
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
 * <p>Stored form of the key's value: one format byte, then {@code CHECKED} (0x5C): int CRC-32C of
 * the value, then the value's bytes; or {@code MANIFEST} (2): int chunks, int length, long CRC-32 of
 * the whole value. {@code INLINE} (1), the value's bytes with no checksum, is what stores written
 * before {@code CHECKED} hold: it is still read (a value is rewritten as {@code CHECKED} when it
 * next changes), never written. 0x5C differs from 1 and 2 in five bits each, so no damage of fewer
 * bits to the format byte makes a checked value read as an unchecked one. A value whose checksum,
 * chunks or format byte do not match is never returned: {@link #get} throws {@link DamagedValueException} naming the store and the key. The codecs of
 * the values (models, pipeline state) are untouched by this envelope.
 */
public final class ChunkedValues {

    /** Chunks of 900 KiB leave room for the key and the record overhead under a 1 MB limit. */
    public static final int DEFAULT_CHUNK_SIZE = 900 * 1024;

    private static final byte INLINE = 1;
    private static final byte MANIFEST = 2;
    private static final byte CHECKED = 0x5C;
    private static final int MANIFEST_SIZE = 1 + 4 + 4 + 8;
    private static final int CHECKED_HEADER = 1 + 4;

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
            store.put(key, ByteBuffer.allocate(CHECKED_HEADER + value.length)
                    .put(CHECKED).putInt((int) crc32c(value, 0, value.length)).put(value).array());
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

    /**
     * The value stored under {@code key}, reassembled and checked; null when there is none.
     *
     * @throws DamagedValueException when the stored bytes fail their checksum or are no known format
     */
    public byte[] get(Bytes key) {
        byte[] stored = store.get(key);
        if (stored == null) {
            return null;
        }
        if (stored.length == 0) {
            throw damaged(key, "empty stored value (no format byte)");
        }
        return switch (stored[0]) {
            case CHECKED -> checked(key, stored);
            case INLINE -> Arrays.copyOfRange(stored, 1, stored.length);
            case MANIFEST -> reassembled(key, stored);
            default -> throw damaged(key, "unknown stored value format " + stored[0]);
        };
    }

    private byte[] checked(Bytes key, byte[] stored) {
        if (stored.length < CHECKED_HEADER) {
            throw damaged(key, "stored value of " + stored.length + " bytes is shorter than its header");
        }
        int expected = ByteBuffer.wrap(stored, 1, 4).getInt();
        int actual = (int) crc32c(stored, CHECKED_HEADER, stored.length - CHECKED_HEADER);
        if (actual != expected) {
            throw damaged(key, String.format("stored value fails its CRC-32C (stored %08x, computed %08x over %d bytes)",
                    expected, actual, stored.length - CHECKED_HEADER));
        }
        return Arrays.copyOfRange(stored, CHECKED_HEADER, stored.length);
    }

    private byte[] reassembled(Bytes key, byte[] stored) {
        if (stored.length != MANIFEST_SIZE) {
            throw damaged(key, "chunk manifest of " + stored.length + " bytes, " + MANIFEST_SIZE + " expected");
        }
        ByteBuffer manifest = ByteBuffer.wrap(stored, 1, MANIFEST_SIZE - 1);
        int chunks = manifest.getInt();
        int length = manifest.getInt();
        long expectedCrc = manifest.getLong();
        if (chunks < 1 || length < 0) {
            throw damaged(key, "chunk manifest of " + chunks + " chunks, " + length + " bytes");
        }
        // the chunks first: a damaged length must not size an allocation
        List<byte[]> parts = new ArrayList<>();
        long total = 0;
        for (int i = 1; i <= chunks && total <= length; i++) {
            byte[] chunk = store.get(chunk(key, i));
            if (chunk == null) {
                throw damaged(key, "chunk " + i + " of " + chunks + " missing");
            }
            parts.add(chunk);
            total += chunk.length;
        }
        if (total != length) {
            throw damaged(key, "chunks do not add up to the manifest's " + length + " bytes");
        }
        byte[] value = new byte[length];
        int at = 0;
        for (byte[] chunk : parts) {
            System.arraycopy(chunk, 0, value, at, chunk.length);
            at += chunk.length;
        }
        if (crc(value) != expectedCrc) {
            throw damaged(key, "chunks do not add up to the manifest's CRC-32");
        }
        return value;
    }

    private DamagedValueException damaged(Bytes key, String problem) {
        return new DamagedValueException(store.name(), key, problem);
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

    /**
     * The first stored value that fails its check, in key order, or null when all pass: every value
     * is read and checked (a chunked one reassembled; chunks are checked through their manifest),
     * none decoded. A task's start-up reads its whole store once this way.
     */
    public DamagedValueException firstDamaged() {
        try (KeyValueIterator<Bytes, byte[]> it = store.all()) {
            while (it.hasNext()) {
                Bytes key = it.next().key;
                if (!isChunk(key)) {
                    try {
                        get(key);
                    } catch (DamagedValueException e) {
                        return e;
                    }
                }
            }
        }
        return null;
    }

    /** Whether {@code key} is a chunk's ({@code .../chunk-0001}): keys of values never contain {@code /chunk-}. */
    private static boolean isChunk(Bytes key) {
        String text = new String(key.get(), StandardCharsets.UTF_8);
        int at = text.lastIndexOf("/chunk-");
        return at >= 0 && text.length() == at + "/chunk-".length() + 4;
    }

    /** The chunks a stored value has; 0 for an inline one (and for one too damaged to say). */
    private static int chunkCount(byte[] stored) {
        return stored == null || stored.length != MANIFEST_SIZE || stored[0] != MANIFEST
                ? 0 : Math.max(0, ByteBuffer.wrap(stored, 1, 4).getInt());
    }

    /** CRC-32C (Castagnoli, hardware-accelerated in the JDK), as Kafka's record batches use. */
    private static long crc32c(byte[] bytes, int from, int length) {
        CRC32C crc = new CRC32C();
        crc.update(bytes, from, length);
        return crc.getValue();
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
