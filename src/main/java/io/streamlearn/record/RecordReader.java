package io.streamlearn.record;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import java.io.IOException;
import java.util.Arrays;

/**
 * Reads and validates a JSON feature record (docs/DESIGN.md, "Records") with Jackson's streaming parser:
 * no tree, one pass; {@link #fromJson} into a new {@link FeatureRecord}, {@link #read(byte[], ParsedRecord)}
 * into reused buffers (the processor's path: no feature array, label text or boxed timestamp per
 * record; Jackson's parser, whose buffers its recycler pool reuses, and the id's string remain).
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
 * <p>Thread-safe: the factory is shared, each call has its own parser (a {@link ParsedRecord} is not).
 */
public final class RecordReader {

    private final RecordSchema schema;
    private final RecordLimits limits;
    private final JsonFactory factory;

    public RecordReader(RecordSchema schema) {
        this.schema = schema;
        this.limits = schema.limits();
        this.factory = JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(limits.maxDepth())
                        .maxDocumentLength(limits.maxValueBytes())
                        .build())
                .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
                .enable(StreamReadFeature.USE_FAST_DOUBLE_PARSER)
                .build();
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
        return new FeatureRecord(r.id == null ? defaultId : r.id, r.features, r.label,
                r.hasTimestamp ? r.timestamp : null);
    }

    /**
     * Parses and validates one record value into {@code into}'s buffers (its id null when the record
     * has none); on a rejection, {@code into} holds nothing of use.
     *
     * @throws RecordRejectedException as {@link #fromJson}
     */
    public void read(byte[] value, ParsedRecord into) throws RecordRejectedException {
        if (into.features.length != schema.dimension()) {
            throw new IllegalArgumentException("buffer of dimension " + into.features.length + " for a schema of "
                    + schema.dimension());
        }
        parse(value, into, false);
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
        if (r.id == null) {
            throw invalid("a label record needs an 'id'");
        }
        if (!r.labeled()) {
            throw invalid("a label record needs a 'label'");
        }
        return new LabelRecord(r.id, r.label, r.hasTimestamp ? r.timestamp : null);
    }

    /**
     * @param labelOnly a label record: {@code features} is skipped and not required
     */
    private void parse(byte[] value, ParsedRecord into, boolean labelOnly)
            throws RecordRejectedException {
        if (value == null || value.length == 0) {
            throw new RecordRejectedException(RejectReason.NOT_JSON, "empty value");
        }
        if (value.length > limits.maxValueBytes()) {
            throw new RecordRejectedException(RejectReason.TOO_LARGE, "value of " + value.length
                    + " bytes is over the limit of " + limits.maxValueBytes());
        }
        // Jackson would sniff UTF-16/32 from zero bytes; records are UTF-8 only.
        if (value[0] == 0 || (value.length > 1 && value[1] == 0)) {
            throw new RecordRejectedException(RejectReason.NOT_JSON, "not UTF-8 text (zero byte at the start)");
        }
        into.clear();
        try (JsonParser p = factory.createParser(value)) {
            read(p, into, labelOnly);
        } catch (StreamConstraintsException e) {
            String m = e.getOriginalMessage();
            if (m != null && m.contains("nesting depth")) {
                throw new RecordRejectedException(RejectReason.INVALID_RECORD,
                        "JSON nested deeper than " + limits.maxDepth() + " levels");
            }
            throw new RecordRejectedException(RejectReason.TOO_LARGE, m);
        } catch (JsonProcessingException e) {
            throw new RecordRejectedException(RejectReason.NOT_JSON, e.getOriginalMessage()
                    + (e.getLocation() == null ? "" : " at byte " + e.getLocation().getByteOffset()));
        } catch (IOException e) {
            throw new RecordRejectedException(RejectReason.NOT_JSON, String.valueOf(e.getMessage()));
        }
    }

    private void read(JsonParser p, ParsedRecord into, boolean labelOnly)
            throws IOException, RecordRejectedException {
        JsonToken t = p.nextToken();
        if (t == null) {
            throw new RecordRejectedException(RejectReason.NOT_JSON, "no JSON value");
        }
        if (t != JsonToken.START_OBJECT) {
            throw invalid("a record is a JSON object, got " + describe(t));
        }
        int seen = 0;
        while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            t = p.nextToken();
            int bit = fieldBit(field);
            if (bit != 0) {
                if ((seen & bit) != 0) {
                    throw invalid("field '" + field + "' appears twice");
                }
                seen |= bit;
            }
            switch (field) {
                case "id":
                    into.id = readId(p, t);
                    break;
                case "features":
                    if (labelOnly) {
                        skipValue(p, t);
                    } else if (t == JsonToken.START_OBJECT) {
                        readNamedFeatures(p, into.features);
                    } else {
                        readDenseFeatures(p, t, into.features);
                    }
                    break;
                case "label":
                    if (t != JsonToken.VALUE_NULL) {
                        into.label = readLabel(p, t);
                    }
                    break;
                case "timestamp":
                    readTimestamp(p, t, into);
                    break;
                default:
                    skipValue(p, t);
                    break;
            }
        }
        t = p.nextToken();
        if (t != null) {
            throw new RecordRejectedException(RejectReason.NOT_JSON, "more than one JSON value");
        }
        if ((seen & 2) == 0 && !labelOnly) {
            throw invalid("no 'features'");
        }
    }

    private static int fieldBit(String field) {
        switch (field) {
            case "id":
                return 1;
            case "features":
                return 2;
            case "label":
                return 4;
            case "timestamp":
                return 8;
            default:
                return 0;
        }
    }

    private String readId(JsonParser p, JsonToken t) throws IOException, RecordRejectedException {
        if (t == JsonToken.VALUE_NULL) {
            return null;
        }
        if (t != JsonToken.VALUE_STRING && t != JsonToken.VALUE_NUMBER_INT) {
            throw invalid("'id' must be a string, got " + describe(t));
        }
        if (p.getTextLength() > limits.maxIdLength()) {
            throw new RecordRejectedException(RejectReason.TOO_LARGE, "id of " + p.getTextLength()
                    + " chars is over the limit of " + limits.maxIdLength());
        }
        String id = p.getText();
        if (id.isEmpty()) {
            throw invalid("'id' is empty");
        }
        return id;
    }

    private void readDenseFeatures(JsonParser p, JsonToken t, double[] features)
            throws IOException, RecordRejectedException {
        if (t != JsonToken.START_ARRAY) {
            throw invalid("'features' must be an array of numbers or an object of named numbers, got "
                    + describe(t));
        }
        int dimension = schema.dimension();
        int n = 0;
        while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
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

    private void readNamedFeatures(JsonParser p, double[] features) throws IOException, RecordRejectedException {
        if (schema.featureNames().isEmpty()) {
            throw invalid("'features' given by name, but the pipeline's features have no names: send an array of "
                    + schema.dimension() + " numbers");
        }
        // NaN marks "not given yet": a given value is finite, so a second one for the same name shows
        Arrays.fill(features, Double.NaN);
        JsonToken t;
        while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            int j = schema.featureIndex(name);
            if (j < 0) {
                throw new RecordRejectedException(RejectReason.UNKNOWN_FEATURE, "unknown feature '"
                        + clip(name) + "'");
            }
            double v = readNumber(p, p.nextToken(), "features." + name, -1);
            if (!Double.isNaN(features[j])) {
                throw invalid("feature '" + name + "' given twice");
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
    private double readNumber(JsonParser p, JsonToken t, String field, int index)
            throws IOException, RecordRejectedException {
        if (t != JsonToken.VALUE_NUMBER_FLOAT && t != JsonToken.VALUE_NUMBER_INT) {
            throw invalid(where(field, index) + " must be a number, got " + describe(t));
        }
        double v = p.getDoubleValue();
        if (!Double.isFinite(v)) {
            throw new RecordRejectedException(RejectReason.NON_FINITE, where(field, index) + " is " + p.getText());
        }
        if (Math.abs(v) > limits.maxAbsValue()) {
            throw new RecordRejectedException(RejectReason.TOO_LARGE, where(field, index) + " = " + clip(p.getText())
                    + " is beyond the largest accepted magnitude " + limits.maxAbsValue());
        }
        return v;
    }

    private static String where(String field, int index) {
        return index < 0 ? field : field + "[" + index + "]";
    }

    /** The label as a number: the value (regression) or the class index (classification). */
    private double readLabel(JsonParser p, JsonToken t) throws IOException, RecordRejectedException {
        if (!schema.classification()) {
            if (t == JsonToken.VALUE_STRING) {
                throw invalid("'label' must be a number for regression, got a string");
            }
            return readNumber(p, t, "label", -1);
        }
        if (t == JsonToken.VALUE_STRING) {
            String name = p.getText();
            int k = schema.classIndex(name);
            if (k < 0) {
                throw new RecordRejectedException(RejectReason.UNKNOWN_CLASS, "unknown class '" + clip(name)
                        + "'; classes are " + schema.classes());
            }
            return k;
        }
        double v = readNumber(p, t, "label", -1);
        int k = schema.classIndexOf(v);
        if (k < 0) {
            throw new RecordRejectedException(RejectReason.UNKNOWN_CLASS, "label " + p.getText()
                    + " is neither a class name nor a class index; classes are " + schema.classes());
        }
        return k;
    }

    private static void readTimestamp(JsonParser p, JsonToken t, ParsedRecord into)
            throws IOException, RecordRejectedException {
        if (t == JsonToken.VALUE_NULL) {
            return;
        }
        if (t != JsonToken.VALUE_NUMBER_INT) {
            throw invalid("'timestamp' must be an integer (epoch milliseconds), got " + describe(t));
        }
        JsonParser.NumberType type = p.getNumberType();
        if (type != JsonParser.NumberType.INT && type != JsonParser.NumberType.LONG) {
            throw invalid("'timestamp' " + p.getText() + " is out of range");
        }
        into.timestamp = p.getLongValue();
        into.hasTimestamp = true;
    }

    /** Skips an ignored value, decoding its strings so that invalid UTF-8 anywhere is caught. */
    private static void skipValue(JsonParser p, JsonToken t) throws IOException {
        int depth = 0;
        do {
            if (t == null) {
                return;
            }
            if (t.isStructStart()) {
                depth++;
            } else if (t.isStructEnd()) {
                depth--;
            } else if (t == JsonToken.VALUE_STRING) {
                p.getTextCharacters();
            }
        } while (depth > 0 && (t = p.nextToken()) != null);
    }

    private static RecordRejectedException invalid(String message) {
        return new RecordRejectedException(RejectReason.INVALID_RECORD, message);
    }

    private static String describe(JsonToken t) {
        if (t == null) {
            return "nothing";
        }
        switch (t) {
            case START_OBJECT:
                return "an object";
            case START_ARRAY:
                return "an array";
            case VALUE_STRING:
                return "a string";
            case VALUE_NUMBER_INT:
            case VALUE_NUMBER_FLOAT:
                return "a number";
            case VALUE_TRUE:
            case VALUE_FALSE:
                return "a boolean";
            case VALUE_NULL:
                return "null";
            default:
                return t.asString() == null ? t.name() : t.asString();
        }
    }

    private static String clip(String s) {
        return s.length() <= 64 ? s : s.substring(0, 64) + "...";
    }
}
