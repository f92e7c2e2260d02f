package io.streamlearn.query;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The last {@value #CAPACITY} predictions and the last {@value #CAPACITY} dead letters one pipeline
 * emitted on this instance, for the console's "recent" panel. In memory only: empty after a restart,
 * and an instance shows only what its own tasks emitted. Under exactly-once, an emitted record
 * whose transaction aborted (and is emitted again after the retry) may show twice.
 *
 * <p>A prediction costs the stream thread a counter increment and one array store: the output value
 * it already made is kept by reference (it is never written to again), nothing is copied or
 * allocated; it is parsed only when read. Stream threads of several tasks may write at once, so the ring is approximate: a reader
 * may miss a prediction being written. Dead letters are rare: each keeps its reason, message and
 * the first {@value #PREVIEW_BYTES} bytes of the original value.
 */
public final class RecentOutputs {

    public static final int CAPACITY = 20;
    /** How much of a dead letter's original value is kept, in bytes. */
    static final int PREVIEW_BYTES = 256;
    /** How much of a dead letter's message is kept, in characters. */
    static final int MESSAGE_CHARS = 1000;

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * One dead letter.
     *
     * @param timestamp the record's timestamp (epoch ms)
     * @param reason the reason code, as the {@code streamlearn.error} header starts
     * @param message the rest of the header's text
     * @param value the original value's first {@value #PREVIEW_BYTES} bytes as UTF-8 text; null for none
     * @param valueBytes the original value's length in bytes
     */
    public record DeadLetter(long timestamp, String reason, String message, String value, int valueBytes) {}

    private final AtomicReferenceArray<byte[]> predictions = new AtomicReferenceArray<>(CAPACITY);
    private final AtomicLong predicted = new AtomicLong();
    private final ArrayDeque<DeadLetter> deadLetters = new ArrayDeque<>(CAPACITY);
    private long deadLettered;

    /** The pipeline emitted this prediction (its output value, UTF-8 JSON); kept by reference. */
    public void predicted(byte[] outputValue) {
        long n = predicted.getAndIncrement();
        predictions.lazySet((int) (n % CAPACITY), outputValue); // no fence: a reader may see it a moment later
    }

    /**
     * The pipeline emitted a dead letter.
     *
     * @param error the {@code streamlearn.error} header's text, {@code <reason>: <message>}
     * @param original the record's original value; null for none
     */
    public void deadLettered(long timestamp, String error, byte[] original) {
        int colon = error.indexOf(": ");
        String reason = colon < 0 ? error : error.substring(0, colon);
        String message = colon < 0 ? "" : error.substring(colon + 2);
        if (message.length() > MESSAGE_CHARS) {
            message = message.substring(0, MESSAGE_CHARS) + "\u2026";
        }
        String value = original == null ? null
                : new String(original, 0, Math.min(original.length, PREVIEW_BYTES), StandardCharsets.UTF_8);
        DeadLetter letter = new DeadLetter(timestamp, reason, message, value, original == null ? 0 : original.length);
        synchronized (deadLetters) {
            if (deadLetters.size() == CAPACITY) {
                deadLetters.removeLast();
            }
            deadLetters.addFirst(letter);
            deadLettered++;
        }
    }

    /** The kept predictions' output values, newest first. */
    public List<byte[]> predictions() {
        long n = predicted.get();
        List<byte[]> newestFirst = new ArrayList<>(CAPACITY);
        for (long i = n - 1; i >= Math.max(0, n - CAPACITY); i--) {
            byte[] value = predictions.get((int) (i % CAPACITY));
            if (value != null) {
                newestFirst.add(value);
            }
        }
        return newestFirst;
    }

    /** The kept dead letters, newest first. */
    public List<DeadLetter> deadLetters() {
        synchronized (deadLetters) {
            return List.copyOf(deadLetters);
        }
    }

    /**
     * {@code {"capacity": 20, "predicted": N, "deadLettered": M, "predictions": [...], "deadLetters": [...]}}:
     * N and M count since this process started; each prediction is its output JSON; each dead letter
     * {@code {"timestamp", "reason", "message", "value", "valueBytes"}}; both newest first.
     */
    public ObjectNode toJson() {
        ObjectNode node = JSON.createObjectNode();
        List<DeadLetter> letters;
        long lettered;
        synchronized (deadLetters) {
            letters = List.copyOf(deadLetters);
            lettered = deadLettered;
        }
        node.put("capacity", CAPACITY).put("predicted", predicted.get()).put("deadLettered", lettered);
        ArrayNode out = node.putArray("predictions");
        for (byte[] value : predictions()) {
            out.add(parse(value));
        }
        ArrayNode dead = node.putArray("deadLetters");
        for (DeadLetter d : letters) {
            dead.addObject().put("timestamp", d.timestamp()).put("reason", d.reason()).put("message", d.message())
                    .put("value", d.value()).put("valueBytes", d.valueBytes());
        }
        return node;
    }

    private static JsonNode parse(byte[] outputValue) {
        try {
            return JSON.readTree(outputValue);
        } catch (IOException e) {
            // the writer makes JSON: this is a bug, shown rather than hidden
            return JSON.getNodeFactory().textNode(new String(outputValue, StandardCharsets.UTF_8));
        }
    }
}
