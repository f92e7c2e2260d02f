package io.streamlearn.record;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The fields a {@link RawEventReader} extracted from one raw event, in the order of its
 * {@link RawField}s, in buffers reused from one event to the next (valid until the next read).
 * Every scalar also has its text as UTF-8 bytes in {@link #textBytes()}: a string's decoded
 * content, a number as JSON wrote it ({@code 42}, {@code 1.5}, {@code 1e3}), {@code true} or
 * {@code false}. Not thread-safe.
 */
public final class RawEvent {

    /** What the event held at a field. */
    public enum Kind {
        /** Not in the event (or under a value that is not an object or array). */
        ABSENT,
        NULL,
        NUMBER,
        STRING,
        BOOLEAN
    }

    private static final Kind[] KINDS = Kind.values();

    final JsonTokens tokens = new JsonTokens();
    final byte[] kinds;
    final double[] numbers;
    final int[] textStart;
    final int[] textLength;
    byte[] text = new byte[256];
    int textEnd;
    /** Object members read so far in the event (the {@code maxFeatures} limit). */
    int members;
    /** Scratch for a string with escapes, decoded to chars before it is encoded to UTF-8. */
    char[] chars = new char[64];

    /** @param fields how many fields the reader extracts */
    public RawEvent(int fields) {
        kinds = new byte[fields];
        numbers = new double[fields];
        textStart = new int[fields];
        textLength = new int[fields];
    }

    void clear() {
        Arrays.fill(kinds, (byte) Kind.ABSENT.ordinal());
        textEnd = 0;
    }

    public int fieldCount() {
        return kinds.length;
    }

    public Kind kind(int field) {
        return KINDS[kinds[field]];
    }

    /** Null or absent. */
    public boolean missing(int field) {
        return kinds[field] <= Kind.NULL.ordinal();
    }

    /** A number field's value. */
    public double number(int field) {
        return numbers[field];
    }

    /** The UTF-8 text of every scalar field; a field's is {@code [textStart, textStart + textLength)}. */
    public byte[] textBytes() {
        return text;
    }

    public int textStart(int field) {
        return textStart[field];
    }

    public int textLength(int field) {
        return textLength[field];
    }

    /** A scalar field's text as a String (allocates: for ids, messages and tests); null when missing. */
    public String text(int field) {
        return missing(field) ? null : new String(text, textStart[field], textLength[field], StandardCharsets.UTF_8);
    }

    void set(int field, Kind kind, double number) {
        kinds[field] = (byte) kind.ordinal();
        numbers[field] = number;
        textStart[field] = textEnd;
        textLength[field] = 0;
    }

    /** Appends bytes to the current field's text (the field last {@link #set}). */
    void appendText(int field, byte[] bytes, int from, int length) {
        reserve(length);
        System.arraycopy(bytes, from, text, textEnd, length);
        textEnd += length;
        textLength[field] += length;
    }

    /** Appends chars, encoded as UTF-8 (a decoded string with escapes; lone surrogates become '?'). */
    void appendChars(int field, char[] cs, int length) {
        reserve(3 * length);
        int out = textEnd;
        for (int i = 0; i < length; i++) {
            int c = cs[i];
            if (c < 0x80) {
                text[out++] = (byte) c;
            } else if (c < 0x800) {
                text[out++] = (byte) (0xc0 | c >>> 6);
                text[out++] = (byte) (0x80 | c & 0x3f);
            } else if (Character.isHighSurrogate((char) c) && i + 1 < length && Character.isLowSurrogate(cs[i + 1])) {
                int cp = Character.toCodePoint((char) c, cs[++i]);
                text[out++] = (byte) (0xf0 | cp >>> 18);
                text[out++] = (byte) (0x80 | cp >>> 12 & 0x3f);
                text[out++] = (byte) (0x80 | cp >>> 6 & 0x3f);
                text[out++] = (byte) (0x80 | cp & 0x3f);
            } else if (Character.isSurrogate((char) c)) {
                text[out++] = '?';
            } else {
                text[out++] = (byte) (0xe0 | c >>> 12);
                text[out++] = (byte) (0x80 | c >>> 6 & 0x3f);
                text[out++] = (byte) (0x80 | c & 0x3f);
            }
        }
        textLength[field] += out - textEnd;
        textEnd = out;
    }

    private void reserve(int more) {
        if (textEnd + more > text.length) {
            text = Arrays.copyOf(text, Math.max(textEnd + more, 2 * text.length));
        }
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder("RawEvent[");
        for (int i = 0; i < kinds.length; i++) {
            b.append(i == 0 ? "" : ", ").append(kind(i));
            if (!missing(i)) {
                b.append(' ').append(text(i));
            }
        }
        return b.append(']').toString();
    }
}
