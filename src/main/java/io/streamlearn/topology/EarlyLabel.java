package io.streamlearn.topology;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * A label record that came before its feature record, as it was (key, value and timestamp), kept
 * in {@link PendingLabels} until its record comes or {@code earlyWait} passes. Stored form: the
 * timestamp (8 bytes), the key's length (4 bytes, -1 for none), the key, the value.
 */
record EarlyLabel(long timestamp, byte[] key, byte[] value) {

    byte[] toBytes() {
        int keyLength = key == null ? -1 : key.length;
        ByteBuffer b = ByteBuffer.allocate(12 + Math.max(0, keyLength) + value.length);
        b.putLong(timestamp).putInt(keyLength);
        if (key != null) {
            b.put(key);
        }
        return b.put(value).array();
    }

    static EarlyLabel fromBytes(byte[] bytes) {
        ByteBuffer b = ByteBuffer.wrap(bytes);
        long timestamp = b.getLong();
        int keyLength = b.getInt();
        byte[] key = null;
        if (keyLength >= 0) {
            key = new byte[keyLength];
            b.get(key);
        }
        return new EarlyLabel(timestamp, key, Arrays.copyOfRange(bytes, b.position(), bytes.length));
    }
}
