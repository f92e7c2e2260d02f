package io.streamlearn.app;

import io.streamlearn.record.RecordLimits;
import io.streamlearn.record.RejectReason;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.function.ToIntFunction;

/**
 * Bad feature records of many kinds, each with the reason it must be dead-lettered for, and a
 * seeded mix of them into a valid stream. Every record is generated from (kind, n, seed), so a
 * test can regenerate a record instead of keeping megabytes of huge arrays in memory.
 */
final class HostileCorpus {

    /** A kind of bad record and the dead-letter reason it must get. */
    enum Kind {
        NOT_JSON(RejectReason.NOT_JSON),
        TRUNCATED(RejectReason.NOT_JSON),
        WRONG_TYPES(RejectReason.INVALID_RECORD),
        WRONG_DIMENSION(RejectReason.WRONG_DIMENSION),
        NAN_AND_INFINITY(RejectReason.NON_FINITE),
        /** Finite, but its square overflows a double: 1e308. */
        OVERFLOWING(RejectReason.TOO_LARGE),
        HUGE_ARRAY(RejectReason.TOO_LARGE),
        DEEP_NESTING(RejectReason.INVALID_RECORD),
        UNKNOWN_CLASS(RejectReason.UNKNOWN_CLASS),
        EMPTY(RejectReason.NOT_JSON),
        BINARY_GARBAGE(RejectReason.NOT_JSON),
        INVALID_UTF8(RejectReason.NOT_JSON),
        MISSING_FEATURES(RejectReason.INVALID_RECORD),
        LONG_ID(RejectReason.TOO_LARGE);

        final RejectReason reason;

        Kind(RejectReason reason) {
            this.reason = reason;
        }

        /** UNKNOWN_CLASS only means something to a classification pipeline. */
        boolean appliesTo(boolean classification) {
            return this != UNKNOWN_CLASS || classification;
        }
    }

    /** One position of a mixed stream: a valid record's index, or a bad record (kind and number). */
    record Slot(int valid, Kind kind, int n) {
        boolean bad() {
            return kind != null;
        }
    }

    private final int dimension;
    private final long seed;

    /** Bad records for a pipeline of {@code dimension} features. */
    HostileCorpus(int dimension, long seed) {
        this.dimension = dimension;
        this.seed = seed;
    }

    /**
     * {@code valid} valid records in their order with {@code perKind} bad records of every kind that
     * applies, spread at seeded random positions.
     */
    List<Slot> mix(int valid, int perKind, boolean classification) {
        return mix(valid, k -> k.appliesTo(classification) ? perKind : 0);
    }

    /** {@code valid} valid records in their order with {@code count(kind)} bad records of each kind, spread at seeded random positions. */
    List<Slot> mix(int valid, ToIntFunction<Kind> count) {
        List<Slot> bad = new ArrayList<>();
        for (Kind k : Kind.values()) {
            for (int n = 0; n < count.applyAsInt(k); n++) {
                bad.add(new Slot(-1, k, n));
            }
        }
        Collections.shuffle(bad, new Random(seed));
        // a random interleaving that keeps both orders: a shuffled sequence of "valid" / "bad" marks
        List<Boolean> marks = new ArrayList<>(Collections.nCopies(valid, Boolean.TRUE));
        marks.addAll(Collections.nCopies(bad.size(), Boolean.FALSE));
        Collections.shuffle(marks, new Random(seed + 1));
        List<Slot> slots = new ArrayList<>(marks.size());
        int v = 0;
        int b = 0;
        for (boolean isValid : marks) {
            slots.add(isValid ? new Slot(v++, null, -1) : bad.get(b++));
        }
        return slots;
    }

    /** The n-th bad record of a kind; null only for the tombstone variant of EMPTY. */
    byte[] record(Kind kind, int n) {
        Random r = new Random(seed * 1_000_003L + kind.ordinal() * 100_003L + n);
        String id = "\"id\": \"bad-" + kind.name().toLowerCase(Locale.ROOT) + "-" + n + "\"";
        switch (kind) {
            case NOT_JSON: {
                String[] texts = {"this is not json " + n, "id=" + n + ",features=1;2;3", "{id: " + n + "}",
                        "{\"id\": 'single-quoted-" + n + "'}", "<record id=\"" + n + "\"/>", "{\"features\": [1, 2,, 3]}",
                        "{\"a\": 1} {\"b\": 2}"};
                return utf8(texts[n % texts.length]);
            }
            case TRUNCATED: {
                // label 1 is valid for regression and as a class index, so only the cut is wrong
                byte[] whole = utf8(valid(id, features(r), "1"));
                return java.util.Arrays.copyOf(whole, 1 + r.nextInt(whole.length - 1));
            }
            case WRONG_TYPES: {
                String[] texts = {
                    "{" + id + ", \"features\": \"" + join(features(r)) + "\"}",
                    "{" + id + ", \"features\": [\"1\"" + ", 2".repeat(dimension - 1) + "], \"label\": 1}",
                    "{" + id + ", \"features\": [" + join(features(r)) + "], \"label\": true}",
                    "{\"id\": {\"nested\": " + n + "}, \"features\": [" + join(features(r)) + "]}",
                    "{" + id + ", \"features\": [" + join(features(r)) + "], \"timestamp\": \"yesterday\"}",
                    "[" + join(features(r)) + "]",
                    Integer.toString(n),
                    "{" + id + ", \"features\": [" + join(features(r)) + "], \"features\": [" + join(features(r)) + "]}",
                };
                return utf8(texts[n % texts.length]);
            }
            case WRONG_DIMENSION: {
                int d = n % 2 == 0 ? dimension - 1 : dimension + 1 + r.nextInt(5);
                double[] x = new double[d];
                for (int j = 0; j < d; j++) {
                    x[j] = r.nextDouble();
                }
                return utf8(valid(id, x, "1.0"));
            }
            case NAN_AND_INFINITY: {
                String[] bad = {"NaN", "Infinity", "-Infinity", "1e999", "-1e999"};
                return withOneValue(id, r, bad[n % bad.length], n % 3 == 0);
            }
            case OVERFLOWING: {
                String[] big = {"1e308", "-1e308", "1.7976931348623157e308", "1e200", "1e16"};
                return withOneValue(id, r, big[n % big.length], n % 3 == 0);
            }
            case HUGE_ARRAY: {
                StringBuilder s = new StringBuilder(2 * RecordLimits.DEFAULT_MAX_FEATURES + 64).append('{').append(id)
                        .append(", \"features\": [0");
                for (int j = 0; j < RecordLimits.DEFAULT_MAX_FEATURES + 1 + n % 7; j++) {
                    s.append(",1");
                }
                return utf8(s.append("], \"label\": 1}").toString());
            }
            case DEEP_NESTING: {
                int depth = 17 + r.nextInt(5000);
                return utf8(n % 2 == 0
                        ? "{" + id + ", \"features\": " + "[".repeat(depth) + "1" + "]".repeat(depth) + "}"
                        : "{" + id + ", \"features\": [" + join(features(r)) + "], \"extra\": "
                                + "{\"a\": ".repeat(depth) + "1" + "}".repeat(depth) + "}");
            }
            case UNKNOWN_CLASS:
                return utf8(valid(id, features(r), n % 2 == 0 ? "\"zebra-" + n + "\"" : Integer.toString(2 + n % 50)));
            case EMPTY: {
                String[] texts = {"", " ", "\n\t ", null};
                String t = texts[n % texts.length];
                return t == null ? null : utf8(t);
            }
            case BINARY_GARBAGE: {
                byte[] b = new byte[1 + r.nextInt(300)];
                r.nextBytes(b);
                // never a byte that starts valid JSON: a control character or a byte >= 0x80
                int lead = r.nextInt(9 + 128);
                b[0] = (byte) (lead < 9 ? lead : 0x80 + (lead - 9));
                return b;
            }
            case INVALID_UTF8: {
                byte[][] broken = {{(byte) 0xc3, 0x28}, {(byte) 0xff}, {(byte) 0x80}, {(byte) 0xe2, 0x28, (byte) 0xa1},
                    {(byte) 0xf0, 0x28, (byte) 0x8c, 0x28}};
                byte[] b = broken[n % broken.length];
                String text = n % 2 == 0
                        ? "{\"id\": \"bad-utf8-" + n + "-@\", \"features\": [" + join(features(r)) + "], \"label\": 1}"
                        : "{" + id + ", \"features\": [" + join(features(r)) + "], \"label\": 1, \"note\": \"@\"}";
                byte[] plain = utf8(text);
                int at = text.indexOf('@');
                byte[] out = new byte[plain.length - 1 + b.length];
                System.arraycopy(plain, 0, out, 0, at);
                System.arraycopy(b, 0, out, at, b.length);
                System.arraycopy(plain, at + 1, out, at + b.length, plain.length - at - 1);
                return out;
            }
            case MISSING_FEATURES: {
                String[] texts = {"{" + id + ", \"label\": 1}", "{" + id + ", \"features\": null, \"label\": 1}", "{}",
                    "{\"feature\": [" + join(features(r)) + "]}"};
                return utf8(texts[n % texts.length]);
            }
            case LONG_ID:
                return utf8(valid("\"id\": \"" + "x".repeat(RecordLimits.DEFAULT_MAX_ID_LENGTH + 1 + n) + "\"", features(r), "1"));
            default:
                throw new IllegalArgumentException(kind.toString());
        }
    }

    /** A record with every value ordinary but one: a feature, or the label. */
    private byte[] withOneValue(String id, Random r, String value, boolean inLabel) {
        if (inLabel) {
            return utf8("{" + id + ", \"features\": [" + join(features(r)) + "], \"label\": " + value + "}");
        }
        String[] x = new String[dimension];
        for (int j = 0; j < dimension; j++) {
            x[j] = Double.toString(r.nextDouble());
        }
        x[r.nextInt(dimension)] = value;
        return utf8("{" + id + ", \"features\": [" + String.join(", ", x) + "], \"label\": 1}");
    }

    private double[] features(Random r) {
        double[] x = new double[dimension];
        for (int j = 0; j < dimension; j++) {
            x[j] = r.nextDouble();
        }
        return x;
    }

    private static String valid(String id, double[] x, String label) {
        return "{" + id + ", \"features\": [" + join(x) + "], \"label\": " + label + "}";
    }

    private static String join(double[] x) {
        StringBuilder s = new StringBuilder();
        for (int j = 0; j < x.length; j++) {
            s.append(j == 0 ? "" : ", ").append(x[j]);
        }
        return s.toString();
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
