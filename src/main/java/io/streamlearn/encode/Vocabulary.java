package io.streamlearn.encode;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One categorical field's online vocabulary: values (UTF-8 bytes) numbered in first-seen order, up
 * to {@code max}; looked up by bytes in an open-addressing table, so a value already seen costs no
 * allocation. A value's number is its one-hot column within the field's block.
 */
final class Vocabulary {

    /** {@link #indexOf}: the value is not in the vocabulary, which is full: {@code <other>}. */
    static final int OTHER = -1;
    /** {@link #indexOf} without learning: a new value the vocabulary has room for: no column yet. */
    static final int UNSEEN = -2;

    private final int max;
    private final List<byte[]> values = new ArrayList<>();
    /** Value index + 1; 0 is an empty slot. */
    private int[] slots = new int[16];
    /** Events whose value was beyond the vocabulary ({@code <other>}); state, for the metrics. */
    long other;

    Vocabulary(int max) {
        this.max = max;
    }

    int size() {
        return values.size();
    }

    int max() {
        return max;
    }

    byte[] value(int i) {
        return values.get(i);
    }

    String text(int i) {
        return new String(values.get(i), StandardCharsets.UTF_8);
    }

    /**
     * The value's index; a new value is added when {@code learn} and there is room. Else
     * {@link #OTHER} when full, {@link #UNSEEN} when not learning.
     */
    int indexOf(byte[] b, int from, int length, boolean learn) {
        int mask = slots.length - 1;
        int s = hash(b, from, length) & mask;
        for (; slots[s] != 0; s = (s + 1) & mask) {
            byte[] v = values.get(slots[s] - 1);
            if (Arrays.equals(v, 0, v.length, b, from, from + length)) {
                return slots[s] - 1;
            }
        }
        if (values.size() == max) {
            if (learn) {
                other++;
            }
            return OTHER;
        }
        if (!learn) {
            return UNSEEN;
        }
        add(Arrays.copyOfRange(b, from, from + length));
        return values.size() - 1;
    }

    /** Appends a value known to be new (a restore). */
    void add(byte[] value) {
        values.add(value);
        if (2 * values.size() > slots.length) {
            slots = new int[2 * slots.length];
            for (int i = 0; i < values.size(); i++) {
                place(i);
            }
        } else {
            place(values.size() - 1);
        }
    }

    private void place(int i) {
        byte[] v = values.get(i);
        int mask = slots.length - 1;
        int s = hash(v, 0, v.length) & mask;
        while (slots[s] != 0) {
            s = (s + 1) & mask;
        }
        slots[s] = i + 1;
    }

    private static int hash(byte[] b, int from, int length) {
        int h = MurmurHash3.hash32(b, from, length, 0x5f3759df);
        return h ^ (h >>> 16);
    }
}
