package io.streamlearn.topology;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.utils.Bytes;

/**
 * Keys of a pipeline's state store: {@code <pipeline>/<scope>/learner/<name>} for a model and
 * {@code <pipeline>/<scope>/evaluation} for the rest of the pipeline (scaler, splitter, reservoirs,
 * evaluators). The scope is {@code ""} for the one global model set of a pipeline, and
 * {@code key:<record key>} for the model set of one record key ({@code scope: key}), the key
 * percent-encoded byte by byte (letters, digits and {@code -._~:@!$&'()*+,;=} stay as they are),
 * so that it never contains {@code /}. A value split into chunks adds {@code /chunk-0001},
 * {@code /chunk-0002}, ... to its key ({@code store.ChunkedValues}).
 *
 * <p>A per-key scope also has {@code <pipeline>/<scope>/seen} (the stream time of its last record,
 * 8 bytes), an entry {@code <pipeline>/~seen/<time, 16 hex digits>/<scope>} in the pipeline's index
 * of keys by last record (scanned by range to expire idle keys), and the pipeline has
 * {@code <pipeline>/~keys}: the number of keys it holds in the task (8 bytes).
 */
public record StateKeys(String pipeline, String scope) {

    public static final String GLOBAL_SCOPE = "";
    static final String KEY_SCOPE_PREFIX = "key:";
    private static final String SAFE = "-._~:@!$&'()*+,;=";
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    public static StateKeys global(String pipeline) {
        return new StateKeys(pipeline, GLOBAL_SCOPE);
    }

    /** The scope of one record key's model set. */
    public static StateKeys forKey(String pipeline, byte[] recordKey) {
        return new StateKeys(pipeline, keyScope(recordKey));
    }

    /** {@code key:<record key, percent-encoded>}. */
    public static String keyScope(byte[] recordKey) {
        StringBuilder s = new StringBuilder(KEY_SCOPE_PREFIX.length() + recordKey.length);
        s.append(KEY_SCOPE_PREFIX);
        for (byte b : recordKey) {
            char c = (char) (b & 0xff);
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || SAFE.indexOf(c) >= 0) {
                s.append(c);
            } else {
                s.append('%').append(HEX[(b >> 4) & 0xf]).append(HEX[b & 0xf]);
            }
        }
        return s.toString();
    }

    /** The record key of a per-key scope: the inverse of {@link #keyScope}. */
    public static byte[] recordKey(String keyScope) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = KEY_SCOPE_PREFIX.length(); i < keyScope.length(); i++) {
            char c = keyScope.charAt(i);
            if (c == '%') {
                out.write(Integer.parseInt(keyScope.substring(i + 1, i + 3), 16));
                i += 2;
            } else {
                out.write(c);
            }
        }
        return out.toByteArray();
    }

    public Bytes learner(String learner) {
        return key(prefix() + "learner/" + learner);
    }

    public Bytes evaluation() {
        return key(prefix() + "evaluation");
    }

    /** A data-parallel replica's protocol state ({@code pipeline.ParallelReplica}). */
    public Bytes parallel() {
        return key(prefix() + "parallel");
    }

    /** A data-parallel replica's published contribution, while it waits for the merge. */
    public Bytes parallelPublished() {
        return key(prefix() + "parallel-published");
    }

    /** A per-key scope's last record time. */
    public Bytes seen() {
        return key(prefix() + "seen");
    }

    /** This scope's entry in the pipeline's index of keys by last record time. */
    public Bytes seenIndex(long time) {
        return key(seenIndexPrefix(pipeline) + String.format("%016x", Math.max(0, time)) + "/" + scope);
    }

    /** The first possible index key of time {@code time} and later. */
    static Bytes seenIndexFrom(String pipeline, long time) {
        return key(seenIndexPrefix(pipeline) + String.format("%016x", Math.max(0, time)) + "/");
    }

    /** The scope of an index key written by {@link #seenIndex}. */
    static String scopeOfIndex(String pipeline, Bytes indexKey) {
        String text = new String(indexKey.get(), StandardCharsets.UTF_8);
        return text.substring(seenIndexPrefix(pipeline).length() + 17);
    }

    /** The time of an index key written by {@link #seenIndex}. */
    static long timeOfIndex(String pipeline, Bytes indexKey) {
        String text = new String(indexKey.get(), StandardCharsets.UTF_8);
        int from = seenIndexPrefix(pipeline).length();
        return Long.parseLong(text.substring(from, from + 16), 16);
    }

    /** The pipeline's count of keys. */
    static Bytes keyCount(String pipeline) {
        return key(pipeline + "/~keys");
    }

    private static String seenIndexPrefix(String pipeline) {
        return pipeline + "/~seen/";
    }

    private String prefix() {
        return pipeline + "/" + scope + "/";
    }

    private static Bytes key(String text) {
        return Bytes.wrap(text.getBytes(StandardCharsets.UTF_8));
    }
}
