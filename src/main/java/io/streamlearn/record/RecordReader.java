package io.streamlearn.record;

import io.streamlearn.record.JsonTokens.Token;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * Reads and validates a JSON feature record (docs/DESIGN.md, "Records") in one pass over its bytes,
 * with {@link JsonTokens}: {@link #fromJson} into a new {@link FeatureRecord}, {@link #read(byte[], ParsedRecord)}
 * into reused buffers (the processor's path: nothing allocated per record — features, label,
 * timestamp and the id's chars land in the {@link ParsedRecord}'s buffers, names are matched as bytes).
 *
 * <p>Accepted:
 * <ul>
 *   <li>{@code features}: required; a dense array of {@code dimension} numbers, or an object of
 *       named values (only when the schema has feature names; missing names are 0, an unknown name is
 *       {@link RejectReason#UNKNOWN_FEATURE}, a repeated one invalid);
 *   <li>{@code label}: absent or null means unlabeled. Regression: a number. Classification: a class
 *       name (string), or a number, read by {@link RecordSchema#classIndexOf}: matched to the class
 *       names by its integer text when some class name is an integer, else an integral class index in
 *       [0, K);
 *   <li>{@code id}: a string (or an integer, taken as its text), at most {@code maxIdLength} chars,
 *       not empty; absent or null means {@code defaultId};
 *   <li>{@code timestamp}: an integer (epoch milliseconds) or null;
 *   <li>any other field is ignored (producers may add their own), but must still be valid JSON.
 * </ul>
 * NaN and Infinity literals are parsed so that they can be rejected as
 * {@link RejectReason#NON_FINITE}, as are numbers that overflow a double (1e999); a finite number
 * beyond {@link RecordLimits#maxAbsValue()} (such as 1e308) is {@link RejectReason#TOO_LARGE}.
 *
 * <p>Thread-safe: the reader holds only the schema; a call's state is in its {@link ParsedRecord}
 * (which is not).
 */
public final class RecordReader {

    private final RecordSchema schema;
    private final RecordLimits limits;
    private final NameIndex featureNames;
    private final NameIndex classNames;

    public RecordReader(RecordSchema schema) {
        this.schema = schema;
        this.limits = schema.limits();
        this.featureNames = new NameIndex(schema.featureNames());
        this.classNames = new NameIndex(schema.classes());
    }

    public RecordSchema schema() {
        return schema;
    }

    /**
     * Parses and validates one record value.
     *
     * @param value the record's bytes, UTF-8 JSON
     * @param defaultId the id when the record has none (the stream uses {@code <topic>-<partition>-<offset>})
     * @throws RecordRejectedException with the reason and a message saying what is wrong and where
     */
    public FeatureRecord fromJson(byte[] value, String defaultId) throws RecordRejectedException {
        ParsedRecord r = new ParsedRecord(schema.dimension());
        parse(value, r, false);
        return new FeatureRecord(r.id() == null ? defaultId : r.id().toString(), r.features, r.label,
                r.hasTimestamp ? r.timestamp : null);
    }

    /**
     * Parses and validates one record value into {@code into}'s buffers (its id null when the record
     * has none; its features a sparse vector of their nonzeros when the schema
     * {@link RecordSchema#sparseFeatures() says so}); on a rejection, {@code into} holds nothing of use.
     *
     * @throws RecordRejectedException as {@link #fromJson}
     */
    public void read(byte[] value, ParsedRecord into) throws RecordRejectedException {
        if (into.features.length != schema.dimension()) {
            throw new IllegalArgumentException("buffer of dimension " + into.features.length + " for a schema of "
                    + schema.dimension());
        }
        parse(value, into, false);
        if (schema.sparseFeatures()) {
            into.gatherNonZeros();
        }
    }

    /**
     * Parses and validates a label record {@code {"id": "r-17", "label": 151.0}} (a class name or
     * index for classification; {@code timestamp} optional, other fields ignored, {@code features}
     * too): both {@code id} and a non-null {@code label} are required.
     *
     * @throws RecordRejectedException with the reason and a message saying what is wrong
     */
    public LabelRecord labelFromJson(byte[] value) throws RecordRejectedException {
        ParsedRecord r = new ParsedRecord(schema.dimension());
        parse(value, r, true);
        if (r.id() == null) {
            throw invalid("a label record needs an 'id'");
        }
        if (!r.labeled()) {
            throw invalid("a label record needs a 'label'");
        }
        return new LabelRecord(r.id().toString(), r.label, r.hasTimestamp ? r.timestamp : null);
    }

    /**
     * @param labelOnly a label record: {@code features} is skipped and not required
     */
    private void parse(byte[] value, ParsedRecord into, boolean labelOnly)
            throws RecordRejectedException {
        limits.checkValue(value);
        into.clear();
        JsonTokens p = into.tokens;
        p.reset(value, limits.maxDepth());
        read(p, into, labelOnly);
    }

    private void read(JsonTokens p, ParsedRecord into, boolean labelOnly) throws RecordRejectedException {
        Token t = p.next();
        if (t != Token.START_OBJECT) {
            throw invalid("a record is a JSON object, got " + t.description());
        }
        int seen = 0;
        while ((t = p.next()) == Token.FIELD_NAME) {
            int bit = fieldBit(p);
            if (bit != 0) {
                if ((seen & bit) != 0) {
                    throw invalid("field '" + p.text() + "' appears twice");
                }
                seen |= bit;
            }
            t = p.next();
            switch (bit) {
                case ID:
                    readId(p, t, into);
                    break;
                case FEATURES:
                    if (labelOnly) {
                        p.skipValue(t);
                    } else if (t == Token.START_OBJECT) {
                        readNamedFeatures(p, into.features);
                    } else {
                        readDenseFeatures(p, t, into.features);
                    }
                    break;
                case LABEL:
                    if (t != Token.NULL) {
                        into.label = readLabel(p, t);
                    }
                    break;
                case TIMESTAMP:
                    readTimestamp(p, t, into);
                    break;
                default:
                    p.skipValue(t);
                    break;
            }
        }
        p.next(); // Token.END: the tokenizer refuses anything after the root value
        if ((seen & FEATURES) == 0 && !labelOnly) {
            throw invalid("no 'features'");
        }
    }

    private static final int ID = 1;
    private static final int FEATURES = 2;
    private static final int LABEL = 4;
    private static final int TIMESTAMP = 8;

    /** The current field name's bit, 0 for a field that is not a record's. */
    private static int fieldBit(JsonTokens p) {
        if (p.textIs("id")) {
            return ID;
        }
        if (p.textIs("features")) {
            return FEATURES;
        }
        if (p.textIs("label")) {
            return LABEL;
        }
        return p.textIs("timestamp") ? TIMESTAMP : 0;
    }

    private void readId(JsonTokens p, Token t, ParsedRecord into) throws RecordRejectedException {
        if (t == Token.NULL) {
            return;
        }
        if (t != Token.STRING && t != Token.NUMBER_INT) {
            throw invalid("'id' must be a string, got " + t.description());
        }
        int length = t == Token.STRING ? p.textLength() : p.end() - p.start();
        if (length > limits.maxIdLength()) {
            throw new RecordRejectedException(RejectReason.TOO_LARGE, "id of " + length
                    + " chars is over the limit of " + limits.maxIdLength());
        }
        if (length == 0) {
            throw invalid("'id' is empty");
        }
        char[] chars = into.id.reserve(length);
        if (t == Token.STRING) {
            p.textTo(chars);
        } else {
            for (int i = 0; i < length; i++) {
                chars[i] = (char) p.input()[p.start() + i];
            }
        }
    }

    private void readDenseFeatures(JsonTokens p, Token t, double[] features) throws RecordRejectedException {
        if (t != Token.START_ARRAY) {
            throw invalid("'features' must be an array of numbers or an object of named numbers, got "
                    + t.description());
        }
        int dimension = schema.dimension();
        int n = 0;
        while ((t = p.next()) != Token.END_ARRAY) {
            if (n >= limits.maxFeatures()) {
                throw new RecordRejectedException(RejectReason.TOO_LARGE, "more than " + limits.maxFeatures()
                        + " features");
            }
            double v = readNumber(p, t, "features", n);
            if (n < dimension) {
                features[n] = v;
            }
            n++;
        }
        if (n != dimension) {
            throw new RecordRejectedException(RejectReason.WRONG_DIMENSION, "'features' has " + n
                    + " values, expected " + dimension);
        }
    }

    private void readNamedFeatures(JsonTokens p, double[] features) throws RecordRejectedException {
        if (schema.featureNames().isEmpty()) {
            throw invalid("'features' given by name, but the pipeline's features have no names: send an array of "
                    + schema.dimension() + " numbers");
        }
        // NaN marks "not given yet": a given value is finite, so a second one for the same name shows
        Arrays.fill(features, Double.NaN);
        while (p.next() == Token.FIELD_NAME) {
            int j = featureNames.indexOf(p);
            if (j < 0) {
                throw new RecordRejectedException(RejectReason.UNKNOWN_FEATURE, "unknown feature '"
                        + JsonTokens.clip(p.text()) + "'");
            }
            double v = readNumber(p, p.next(), "features." + schema.featureNames().get(j), -1);
            if (!Double.isNaN(features[j])) {
                throw invalid("feature '" + schema.featureNames().get(j) + "' given twice");
            }
            features[j] = v;
        }
        for (int j = 0; j < features.length; j++) {
            if (Double.isNaN(features[j])) {
                features[j] = 0.0;
            }
        }
    }

    /**
     * Reads a finite number within the limits. The place, {@code field} or {@code field[index]} when
     * {@code index >= 0}, is put together only for a message: a dense record reads every feature here.
     */
    private double readNumber(JsonTokens p, Token t, String field, int index) throws RecordRejectedException {
        if (t != Token.NUMBER_FLOAT && t != Token.NUMBER_INT) {
            throw invalid(where(field, index) + " must be a number, got " + t.description());
        }
        double v = p.doubleValue();
        if (!Double.isFinite(v)) {
            throw new RecordRejectedException(RejectReason.NON_FINITE, where(field, index) + " is " + p.text());
        }
        if (Math.abs(v) > limits.maxAbsValue()) {
            throw new RecordRejectedException(RejectReason.TOO_LARGE, where(field, index) + " = " + JsonTokens.clip(p.text())
                    + " is beyond the largest accepted magnitude " + limits.maxAbsValue());
        }
        return v;
    }

    private static String where(String field, int index) {
        return index < 0 ? field : field + "[" + index + "]";
    }

    /** The label as a number: the value (regression) or the class index (classification). */
    private double readLabel(JsonTokens p, Token t) throws RecordRejectedException {
        if (!schema.classification()) {
            if (t == Token.STRING) {
                throw invalid("'label' must be a number for regression, got a string");
            }
            return readNumber(p, t, "label", -1);
        }
        if (t == Token.STRING) {
            int k = classNames.indexOf(p);
            if (k < 0) {
                throw new RecordRejectedException(RejectReason.UNKNOWN_CLASS, "unknown class '" + JsonTokens.clip(p.text())
                        + "'; classes are " + schema.classes());
            }
            return k;
        }
        double v = readNumber(p, t, "label", -1);
        int k = schema.classIndexOf(v);
        if (k < 0) {
            throw new RecordRejectedException(RejectReason.UNKNOWN_CLASS, "label " + p.text()
                    + " is neither a class name nor a class index; classes are " + schema.classes());
        }
        return k;
    }

    private static void readTimestamp(JsonTokens p, Token t, ParsedRecord into) throws RecordRejectedException {
        if (t == Token.NULL) {
            return;
        }
        if (t != Token.NUMBER_INT) {
            throw invalid("'timestamp' must be an integer (epoch milliseconds), got " + t.description());
        }
        if (!p.fitsLong()) {
            throw invalid("'timestamp' " + p.text() + " is out of range");
        }
        into.timestamp = p.longValue();
        into.hasTimestamp = true;
    }


    private static RecordRejectedException invalid(String message) {
        return new RecordRejectedException(RejectReason.INVALID_RECORD, message);
    }



    /**
     * Names (features, classes) looked up by the UTF-8 bytes of the current string, without making
     * a String of it: open addressing over a power-of-two table. A name written with escapes is
     * decoded and looked up by its text (the rare case).
     */
    private static final class NameIndex {
        private final List<String> names;
        private final byte[][] bytes;
        private final int[] slots; // index + 1, 0 = empty
        private final int mask;

        NameIndex(List<String> names) {
            this.names = List.copyOf(names);
            this.bytes = new byte[names.size()][];
            this.mask = Integer.highestOneBit(Math.max(1, names.size()) * 4 - 1) * 2 - 1;
            this.slots = new int[mask + 1];
            for (int i = 0; i < names.size(); i++) {
                bytes[i] = names.get(i).getBytes(StandardCharsets.UTF_8);
                int s = hash(bytes[i], 0, bytes[i].length) & mask;
                while (slots[s] != 0) {
                    s = (s + 1) & mask;
                }
                slots[s] = i + 1;
            }
        }

        /** The index of the current string among the names, or -1. */
        int indexOf(JsonTokens p) {
            if (p.escaped()) {
                return names.indexOf(p.text());
            }
            byte[] in = p.input();
            int from = p.start();
            int length = p.end() - from;
            for (int s = hash(in, from, length) & mask; slots[s] != 0; s = (s + 1) & mask) {
                byte[] name = bytes[slots[s] - 1];
                if (Arrays.equals(name, 0, name.length, in, from, from + length)) {
                    return slots[s] - 1;
                }
            }
            return -1;
        }

        private static int hash(byte[] b, int from, int length) {
            int h = 0;
            for (int i = from; i < from + length; i++) {
                h = 31 * h + b[i];
            }
            return h ^ (h >>> 16);
        }
    }
}
