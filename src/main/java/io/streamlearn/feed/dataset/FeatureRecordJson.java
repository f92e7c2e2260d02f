package io.streamlearn.feed.dataset;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Encodes a dataset row as the input record JSON of docs/DESIGN.md: {"id", "features": [...], "label"};
 * a row whose label is NaN (unlabeled) has no label field.
 */
public final class FeatureRecordJson {

    private static final JsonFactory JSON = new JsonFactory();

    private FeatureRecordJson() {}

    /** The row as UTF-8 JSON; {@code timestamp} is written when not null. */
    public static byte[] encode(DatasetRow row, Long timestamp) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(32 + 24 * row.features().length);
        try (JsonGenerator g = JSON.createGenerator(bytes)) {
            g.writeStartObject();
            g.writeStringField("id", row.id());
            g.writeArrayFieldStart("features");
            for (double v : row.features()) {
                g.writeNumber(v);
            }
            g.writeEndArray();
            if (!Double.isNaN(row.label())) {
                // an unlabeled row has no label field (JSON has no NaN; a record without label is predicted only)
                g.writeNumberField("label", row.label());
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
}
