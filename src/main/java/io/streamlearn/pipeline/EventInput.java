package io.streamlearn.pipeline;

import io.streamlearn.encode.EventEncoder;
import io.streamlearn.encode.FieldPath;
import io.streamlearn.record.RawEvent;
import io.streamlearn.record.RawEventReader;
import io.streamlearn.record.RawField;
import io.streamlearn.record.RecordLimits;
import io.streamlearn.record.RecordRejectedException;
import io.streamlearn.record.RecordSchema;
import io.streamlearn.record.RejectReason;
import io.streamlearn.spec.EventSpec;
import io.streamlearn.vector.FeatureVector;
import java.util.ArrayList;
import java.util.List;

/**
 * The raw-event input of a {@link LearningPipeline} (docs/DESIGN.md, "Raw events"), shared by
 * {@code replay} and the stream processor: one event's JSON is read by a {@link RawEventReader}
 * (the layout's fields, then the spec's id and label fields), encoded by the pipeline's own
 * {@link EventEncoder} into a reused sparse {@link FeatureVector}, and processed.
 *
 * <p>Which events the encoder learns from: the TRAIN records only (the split is the pipeline's, a
 * pure function of the id), as the standardizer does. A holdout or unlabeled event is encoded with
 * {@code learn = false}: its new categories take no vocabulary slot, its values do not move the
 * imputation means, its hashed names are not noted, so the holdout estimate leaks into nothing
 * trained. A TRAIN event is encoded once, learning, before it is predicted: its own new category
 * then has a column (whose linear weight is still 0), and the label never enters the encoder.
 *
 * <p>The label: absent or null is unlabeled; regression takes a number; classification a class
 * name (a string) or a number, as feature records ({@link RecordSchema#classIndexOf}). The id: a
 * string or number, at most {@code maxIdLength} characters; absent or null takes the caller's
 * default id. The timestamp (epoch milliseconds, an integer) is optional; anything else there is
 * {@code wrong_type}. Not thread-safe: one per pipeline.
 */
public final class EventInput {

    private final LearningPipeline pipeline;
    private final RecordSchema schema;
    private final EventSpec spec;
    private final RawEventReader reader;
    private final RawEvent event;
    private final EventEncoder encoder;
    private final FeatureVector x;
    private final int idField;
    private final int labelField;
    private final int timestampField;
    /** The last event processed: its id, label (NaN: unlabeled) and timestamp (or {@link #NO_TIMESTAMP}). */
    private String lastId;
    private double lastLabel;
    private long lastTimestamp;
    /** {@link #lastTimestamp()} of an event without one. */
    public static final long NO_TIMESTAMP = Long.MIN_VALUE;

    EventInput(LearningPipeline pipeline, RecordSchema schema, EventSpec spec, RecordLimits limits) {
        this.pipeline = pipeline;
        this.schema = schema;
        this.spec = spec;
        this.encoder = new EventEncoder(spec.layout());
        List<RawField> fields = new ArrayList<>(spec.layout().rawFields());
        this.idField = field(fields, spec.id());
        this.labelField = field(fields, spec.label());
        this.timestampField = field(fields, spec.timestamp());
        this.reader = new RawEventReader(fields, limits);
        this.event = reader.newEvent();
        this.x = encoder.newVector();
    }

    /** The index of {@code p} among {@code fields}, added (untyped: any scalar) when not there. */
    private static int field(List<RawField> fields, FieldPath p) {
        for (int i = 0; i < fields.size(); i++) {
            if (fields.get(i).pointer().equals(p.tokens())) {
                return i;
            }
        }
        fields.add(new RawField(p.text(), p.tokens(), false));
        return fields.size() - 1;
    }

    /**
     * Reads, encodes and processes one event.
     *
     * @param defaultId the id of an event without one (its position, say)
     * @return the pipeline's reused result, valid until the next call
     * @throws RecordRejectedException for an event that cannot be used: nothing changed
     */
    public StepResult process(byte[] value, CharSequence defaultId) throws RecordRejectedException {
        reader.read(value, event);
        String id = id(defaultId);
        double label = label();
        long timestamp = timestamp();
        lastId = id;
        lastLabel = label;
        lastTimestamp = timestamp;
        boolean learn = pipeline.splitOf(id, !Double.isNaN(label)) == Split.TRAIN;
        encoder.encode(event, x, learn);
        return pipeline.process(id, x, label);
    }

    private String id(CharSequence defaultId) throws RecordRejectedException {
        if (event.missing(idField)) {
            return defaultId.toString();
        }
        String id = event.text(idField);
        if (id.length() > schema.limits().maxIdLength()) {
            throw new RecordRejectedException(RejectReason.TOO_LARGE, "id field " + spec.id() + " of " + id.length()
                    + " chars is over the limit of " + schema.limits().maxIdLength());
        }
        return id;
    }

    /** The label as {@link LearningPipeline#process} takes it; NaN when unlabeled. */
    private double label() throws RecordRejectedException {
        if (event.missing(labelField)) {
            return Double.NaN;
        }
        RawEvent.Kind kind = event.kind(labelField);
        if (!schema.classification()) {
            if (kind != RawEvent.Kind.NUMBER) {
                throw new RecordRejectedException(RejectReason.WRONG_TYPE, "label field " + spec.label()
                        + " must be a number for regression, got a " + kind.name().toLowerCase(java.util.Locale.ROOT));
            }
            return event.number(labelField);
        }
        int k;
        if (kind == RawEvent.Kind.NUMBER) {
            k = schema.classIndexOf(event.number(labelField));
        } else if (kind == RawEvent.Kind.STRING) {
            k = schema.classIndex(event.text(labelField));
        } else {
            throw new RecordRejectedException(RejectReason.WRONG_TYPE, "label field " + spec.label()
                    + " must be a class name or index, got a boolean");
        }
        if (k < 0) {
            String text = event.text(labelField);
            throw new RecordRejectedException(RejectReason.UNKNOWN_CLASS, "label " + (text.length() > 64
                    ? text.substring(0, 64) + "..." : text) + " is neither a class name nor a class index; classes are "
                    + schema.classes());
        }
        return k;
    }

    /** The timestamp field: epoch milliseconds, an integral number; absent or null is none. */
    private long timestamp() throws RecordRejectedException {
        if (event.missing(timestampField)) {
            return NO_TIMESTAMP;
        }
        double t = event.number(timestampField);
        if (event.kind(timestampField) != RawEvent.Kind.NUMBER || t != Math.rint(t) || Math.abs(t) > 1e15) {
            throw new RecordRejectedException(RejectReason.WRONG_TYPE, "timestamp field " + spec.timestamp()
                    + " must be epoch milliseconds (an integer), got " + event.text(timestampField));
        }
        return (long) t;
    }

    /** The id of the last event processed (its own, or the default it was given). */
    public String lastId() {
        return lastId;
    }

    /** The label of the last event processed: the value, or the class index; NaN when unlabeled. */
    public double lastLabel() {
        return lastLabel;
    }

    /** The timestamp of the last event processed, or {@link #NO_TIMESTAMP}. */
    public long lastTimestamp() {
        return lastTimestamp;
    }

    /** The encoder: its vocabularies, means and hashed names, and the column names. */
    public EventEncoder encoder() {
        return encoder;
    }

    public EventSpec spec() {
        return spec;
    }
}
