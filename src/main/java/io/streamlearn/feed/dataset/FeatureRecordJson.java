package io.streamlearn.feed.dataset;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.streamlearn.record.DoubleText;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * Encodes a dataset row as the input record JSON of docs/DESIGN.md: {"id", "features": [...], "label"},
 * or with feature names {"id", "features": {"x1": ..., ...}, "label"}, which a pipeline matches to its
 * own feature names whatever their order; a row whose label is NaN (unlabeled) has no label field. Numbers are written as predictions are,
 * by {@link DoubleText}: the shortest text that reads back as the same double.
 */
public final class FeatureRecordJson {

    private static final JsonFactory JSON = new JsonFactory();

    private FeatureRecordJson() {}

    /** The row as UTF-8 JSON with its features as an array; {@code timestamp} is written when not null. */
    public static byte[] encode(DatasetRow row, Long timestamp) {
        return encode(row, null, timestamp);
    }

    /**
     * The row as UTF-8 JSON; its features as an object of named values when {@code featureNames} is
     * not null (one name per feature, in the row's order), else as an array; {@code timestamp} is
     * written when not null.
     */
    public static byte[] encode(DatasetRow row, List<String> featureNames, Long timestamp) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(32 + 24 * row.features().length);
        char[] digits = new char[DoubleText.MAX_CHARS];
        try (JsonGenerator g = JSON.createGenerator(bytes)) {
            g.writeStartObject();
            g.writeStringField("id", row.id());
            if (featureNames == null) {
                g.writeArrayFieldStart("features");
                for (double v : row.features()) {
                    writeNumber(g, v, digits);
                }
                g.writeEndArray();
            } else {
                g.writeObjectFieldStart("features");
                for (int i = 0; i < row.features().length; i++) {
                    g.writeFieldName(featureNames.get(i));
                    writeNumber(g, row.features()[i], digits);
                }
                g.writeEndObject();
            }
            if (!Double.isNaN(row.label())) {
                // an unlabeled row has no label field (JSON has no NaN; a record without label is predicted only)
                g.writeFieldName("label");
                writeNumber(g, row.label(), digits);
            }
            if (timestamp != null) {
                g.writeNumberField("timestamp", timestamp);
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** A non-finite value (a CSV's, say) is written as Jackson writes it, for the reader to refuse. */
    private static void writeNumber(JsonGenerator g, double v, char[] digits) throws IOException {
        if (Double.isFinite(v)) {
            g.writeNumber(digits, 0, DoubleText.write(v, digits, 0));
        } else {
            g.writeNumber(v);
        }
    }
}
