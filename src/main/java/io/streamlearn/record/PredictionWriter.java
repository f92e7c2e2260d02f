package io.streamlearn.record;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonFactoryBuilder;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

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
    // numbers are written by DoubleText (the shortest decimal that reads back as the same double, as
    // Jackson's fast writer, but into a reused char[]); no separator between root values: the
    // reusing writer empties its buffer between predictions
    private final JsonFactory factory = new JsonFactoryBuilder().rootValueSeparator((String) null).build();

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
        private final char[] digits = new char[DoubleText.MAX_CHARS];
        private JsonGenerator generator;
        /** The champions last written (by identity: a processor keeps the map until one changes) and their JSON. */
        private Map<String, Map<String, Double>> lastChampions;
        private String lastChampionsJson;

        private Reusing() {}

        public byte[] toJson(PredictionFields p) {
            bytes.reset();
            try {
                if (generator == null) {
                    generator = factory.createGenerator(bytes, JsonEncoding.UTF8);
                }
                write(p, generator, p.champions().isEmpty() ? null : championsJson(p.champions()), digits);
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

        /** The champions' JSON, written again only when the map is another one (iterating it allocates). */
        private String championsJson(Map<String, Map<String, Double>> champions) throws IOException {
            if (champions != lastChampions) {
                ByteArrayBuilder json = new ByteArrayBuilder(64);
                try (JsonGenerator g = factory.createGenerator(json, JsonEncoding.UTF8)) {
                    writeChampions(champions, g, digits);
                }
                lastChampionsJson = new String(json.toByteArray(), StandardCharsets.UTF_8);
                lastChampions = champions;
            }
            return lastChampionsJson;
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
            write(p, g, null, new char[DoubleText.MAX_CHARS]);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /**
     * @param championsJson the champions' JSON when the caller keeps it; null: written from the map
     * @param digits room for one number's text ({@link DoubleText#MAX_CHARS})
     */
    private void write(PredictionFields p, JsonGenerator g, String championsJson, char[] digits) throws IOException {
        g.writeStartObject();
        g.writeFieldName("id");
        CharSequence id = p.id();
        if (id instanceof ParsedRecord.Id reused) {
            g.writeString(reused.chars, 0, reused.length);
        } else {
            g.writeString(id.toString());
        }
        g.writeStringField("pipeline", p.pipeline());
        g.writeStringField("split", p.split());
        if (p.labeled()) {
            g.writeFieldName("label");
            if (classes.isEmpty()) {
                writeNumber(g, p.label(), digits);
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
                writeNumber(g, out[0], digits);
            } else {
                writeClassification(g, out, digits);
            }
        }
        g.writeEndObject();
        g.writeObjectFieldStart("versions");
        for (int i = 0; i < learners.size(); i++) {
            g.writeNumberField(learners.get(i), p.version(i));
        }
        g.writeEndObject();
        if (!p.champions().isEmpty()) {
            g.writeFieldName("champions");
            if (championsJson == null) {
                writeChampions(p.champions(), g, digits);
            } else {
                g.writeRawValue(championsJson);
            }
        }
        if (p.hasTimestamp()) {
            g.writeNumberField("timestamp", p.timestampMillis());
        }
        g.writeEndObject();
    }

    private static void writeChampions(Map<String, Map<String, Double>> champions, JsonGenerator g, char[] digits)
            throws IOException {
        g.writeStartObject();
        for (var champion : champions.entrySet()) {
            g.writeObjectFieldStart(champion.getKey());
            for (var penalty : champion.getValue().entrySet()) {
                g.writeFieldName(penalty.getKey());
                writeNumber(g, penalty.getValue(), digits);
            }
            g.writeEndObject();
        }
        g.writeEndObject();
    }

    private void writeClassification(JsonGenerator g, double[] probabilities, char[] digits) throws IOException {
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
            writeNumber(g, probabilities[k], digits);
        }
        g.writeEndObject();
        g.writeEndObject();
    }

    private static void writeNumber(JsonGenerator g, double v, char[] digits) throws IOException {
        if (Double.isFinite(v)) {
            g.writeNumber(digits, 0, DoubleText.write(v, digits, 0));
        } else {
            g.writeNull();
        }
    }
}
