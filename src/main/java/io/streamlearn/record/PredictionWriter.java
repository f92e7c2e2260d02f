package io.streamlearn.record;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonFactoryBuilder;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * Writes a {@link Prediction} as the output JSON of docs/DESIGN.md, fields in this order:
 * <pre>{"id", "pipeline", "split", "label", "predictions": {learner: ...}, "versions": {learner: n},
 *  "champions": {learner: {"l1": λ}}, "timestamp"}</pre>
 * <ul>
 *   <li>{@code label}: a number for regression, the class name for classification; omitted when the
 *       record is unlabeled;
 *   <li>a prediction: a number for regression; for classification
 *       {@code {"class": name, "probabilities": {name: p, ...}}}, the class the most probable one
 *       (the first on ties);
 *   <li>a non-finite output (a diverged model) is written as {@code null}, since JSON has no NaN;
 *       {@code "class"} is then null too when no probability is finite;
 *   <li>{@code champions}: per regularization-path learner, the penalties of the member whose
 *       prediction is the learner's; omitted when no learner is a path;
 *   <li>{@code timestamp}: omitted when the input record had none.
 * </ul>
 * Thread-safe; {@link #reusing()} gives a writer for one thread that reuses its generator and buffer.
 */
public final class PredictionWriter {

    private final List<String> classes;
    // Schubfach (Jackson's fast writer) instead of the JDK's Double.toString: a third of the cost
    // of a prediction's JSON; the shortest decimal that reads back as the same double
    // no separator between root values: the reusing writer empties its buffer between predictions
    private final JsonFactory factory = new JsonFactoryBuilder()
            .enable(StreamWriteFeature.USE_FAST_DOUBLE_WRITER).rootValueSeparator((String) null).build();

    /** @param classes class names in index order; empty for regression */
    public PredictionWriter(List<String> classes) {
        this.classes = List.copyOf(classes);
    }

    /**
     * A writer for one thread: one Jackson generator over one growing buffer for every prediction,
     * so a prediction allocates only its exact-size result (Kafka keeps each record value's array).
     */
    public Reusing reusing() {
        return new Reusing();
    }

    /** See {@link #reusing()}. Not thread-safe. */
    public final class Reusing {
        private final Buffer bytes = new Buffer();
        private JsonGenerator generator;

        private Reusing() {}

        public byte[] toJson(PredictionFields p) {
            bytes.reset();
            try {
                if (generator == null) {
                    generator = factory.createGenerator(bytes, JsonEncoding.UTF8);
                }
                write(p, generator);
                generator.flush();
            } catch (IOException | RuntimeException e) {
                generator = null; // its state is unknown after a failure: the next call starts a fresh one
                if (e instanceof IOException io) {
                    throw new UncheckedIOException(io);
                }
                throw (RuntimeException) e;
            }
            return bytes.toByteArray();
        }
    }

    /** The generator writes root values one after the other: the buffer is emptied between them. */
    private static final class Buffer extends java.io.ByteArrayOutputStream {
        Buffer() {
            super(512);
        }
    }

    public byte[] toJson(Prediction p) {
        ByteArrayBuilder bytes = new ByteArrayBuilder(256);
        try (JsonGenerator g = factory.createGenerator(bytes, JsonEncoding.UTF8)) {
            write(p, g);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private void write(PredictionFields p, JsonGenerator g) throws IOException {
        g.writeStartObject();
        g.writeFieldName("id");
        if (p.id() instanceof ParsedRecord.Id id) {
            g.writeString(id.chars, 0, id.length);
        } else {
            g.writeString(p.id().toString());
        }
        g.writeStringField("pipeline", p.pipeline());
        g.writeStringField("split", p.split());
        if (p.labeled()) {
            g.writeFieldName("label");
            if (classes.isEmpty()) {
                writeNumber(g, p.label());
            } else {
                g.writeString(classes.get((int) p.label()));
            }
        }
        List<String> learners = p.learners();
        g.writeObjectFieldStart("predictions");
        for (int i = 0; i < learners.size(); i++) {
            g.writeFieldName(learners.get(i));
            double[] out = p.outputView(i);
            if (classes.isEmpty()) {
                writeNumber(g, out[0]);
            } else {
                writeClassification(g, out);
            }
        }
        g.writeEndObject();
        g.writeObjectFieldStart("versions");
        for (int i = 0; i < learners.size(); i++) {
            g.writeNumberField(learners.get(i), p.version(i));
        }
        g.writeEndObject();
        if (!p.champions().isEmpty()) {
            g.writeObjectFieldStart("champions");
            for (var champion : p.champions().entrySet()) {
                g.writeObjectFieldStart(champion.getKey());
                for (var penalty : champion.getValue().entrySet()) {
                    g.writeNumberField(penalty.getKey(), penalty.getValue());
                }
                g.writeEndObject();
            }
            g.writeEndObject();
        }
        if (p.hasTimestamp()) {
            g.writeNumberField("timestamp", p.timestampMillis());
        }
        g.writeEndObject();
    }

    private void writeClassification(JsonGenerator g, double[] probabilities) throws IOException {
        if (probabilities.length != classes.size()) {
            throw new IllegalArgumentException(probabilities.length + " probabilities for " + classes.size()
                    + " classes");
        }
        int best = -1;
        for (int k = 0; k < probabilities.length; k++) {
            if (Double.isFinite(probabilities[k]) && (best < 0 || probabilities[k] > probabilities[best])) {
                best = k;
            }
        }
        g.writeStartObject();
        g.writeFieldName("class");
        if (best < 0) {
            g.writeNull();
        } else {
            g.writeString(classes.get(best));
        }
        g.writeObjectFieldStart("probabilities");
        for (int k = 0; k < probabilities.length; k++) {
            g.writeFieldName(classes.get(k));
            writeNumber(g, probabilities[k]);
        }
        g.writeEndObject();
        g.writeEndObject();
    }

    private static void writeNumber(JsonGenerator g, double v) throws IOException {
        if (Double.isFinite(v)) {
            g.writeNumber(v);
        } else {
            g.writeNull();
        }
    }
}
