package io.streamlearn.topology;

import io.streamlearn.pipeline.LabelOutcome;
import io.streamlearn.pipeline.LearningPipeline;
import io.streamlearn.pipeline.PendingRecord;
import io.streamlearn.pipeline.PredictionsThen;
import io.streamlearn.pipeline.Split;
import io.streamlearn.pipeline.StepResult;
import io.streamlearn.query.PipelineMonitor;
import io.streamlearn.record.LabelRecord;
import io.streamlearn.record.RecordReader;
import io.streamlearn.record.RecordRejectedException;
import io.streamlearn.spec.LabelsSpec;
import io.streamlearn.vector.FeatureVector;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Delayed labels of one pipeline, for its {@link LearningProcessor}: an unlabeled feature record,
 * once predicted, is kept in {@link PendingLabels} with what every learner predicted; its label
 * record joins it and the pipeline learns it on those predictions
 * ({@link LearningPipeline#learnDelayed}). A label that comes first waits for its record
 * ({@code earlyWait}); a label whose id is unknown, already labeled or unreadable is dead-lettered
 * with its outcome ({@code unknown_id}, {@code duplicate}, {@code invalid}) and counted in
 * {@code streamlearn_labels_total}, not in {@code streamlearn_rejected_total}.
 */
final class LabelJoin {

    /** What the processor does with the outcome of a label. */
    interface Sink {
        /** The pipeline learned a record ({@code record}: the label record, or the early label). */
        void learned(Record<byte[], byte[]> record, StepResult step);

        /** Sends the record to the dead-letter topic with that error (not counted as rejected). */
        void deadLetter(Record<byte[], byte[]> record, String error);
    }

    private final PendingLabels store;
    private final LabelsSpec spec;
    private final RecordReader reader;
    private final PipelineMonitor monitor;
    private final Sink sink;

    LabelJoin(PendingLabels store, LabelsSpec spec, RecordReader reader, PipelineMonitor monitor, Sink sink) {
        this.store = store;
        this.spec = spec;
        this.reader = reader;
        this.monitor = monitor;
        this.sink = sink;
    }

    /** Expires what is past its bound at stream time {@code now}. */
    void expire(long now) {
        store.expire(now, this::expired, this::unknown);
    }

    /** A label record (as it was in the label topic). */
    void label(Record<byte[], byte[]> record, LearningPipeline pipeline) {
        LabelRecord label;
        try {
            label = reader.labelFromJson(record.value());
        } catch (RecordRejectedException e) {
            reject(record, LabelOutcome.INVALID, e.headerText());
            return;
        }
        PendingRecord pending = store.pending(label.id());
        if (pending == null) {
            if (store.early(label.id()) != null) {
                reject(record, LabelOutcome.DUPLICATE, "a label for id '" + label.id() + "' already waits for its record");
            } else if (spec.earlyWait().isZero()) {
                reject(record, LabelOutcome.UNKNOWN_ID, "no feature record with id '" + label.id() + "' is pending");
            } else {
                store.addEarly(label.id(), new EarlyLabel(record.timestamp(), record.key(), record.value()), this::unknown);
            }
            return;
        }
        if (pending.isLabeled()) {
            reject(record, LabelOutcome.DUPLICATE, "id '" + label.id() + "' is already labeled");
            return;
        }
        StepResult step;
        try {
            step = pipeline.learnDelayed(label.id(), pending.features(), label.label(), pending.then());
        } catch (IllegalArgumentException e) {
            reject(record, LabelOutcome.INVALID, e.getMessage());
            return;
        }
        store.markLabeled(label.id(), pending.timestamp());
        monitor.labelJoined((record.timestamp() - pending.timestamp()) / 1000.0);
        sink.learned(record, step);
    }

    /**
     * An unlabeled feature record the pipeline has just predicted ({@link LearningPipeline#predict}):
     * joined at once with its early label, or kept until its label comes.
     *
     * @param features the record's features, dense or sparse, copied into the store (the caller may reuse the vector)
     * @return false when a record of that id is already kept (or was labeled): this one is predicted only
     */
    boolean predicted(Record<byte[], byte[]> record, String id, FeatureVector features, LearningPipeline pipeline) {
        if (store.pending(id) != null) {
            return false;
        }
        PredictionsThen then = pipeline.predictionsThen();
        EarlyLabel early = store.takeEarly(id);
        if (early == null) {
            store.addPending(id, new PendingRecord(record.timestamp(), features, then), this::expired);
            return true;
        }
        Record<byte[], byte[]> labelRecord = new Record<>(early.key(), early.value(), early.timestamp());
        StepResult step;
        try {
            LabelRecord label = reader.labelFromJson(early.value());
            step = pipeline.learnDelayed(id, features, label.label(), then);
        } catch (RecordRejectedException | IllegalArgumentException e) {
            reject(labelRecord, LabelOutcome.INVALID, e.getMessage());
            store.addPending(id, new PendingRecord(record.timestamp(), features, then), this::expired);
            return true;
        }
        store.addLabeled(id, record.timestamp(), this::expired);
        monitor.labelJoined((early.timestamp() - record.timestamp()) / 1000.0);
        sink.learned(labelRecord, step);
        return true;
    }

    private void expired() {
        monitor.labelOutcome(LabelOutcome.EXPIRED);
        monitor.recordProcessed(Split.UNLABELED);
    }

    private void unknown(EarlyLabel e) {
        reject(new Record<>(e.key(), e.value(), e.timestamp()), LabelOutcome.UNKNOWN_ID,
                "no feature record with this id came within earlyWait (" + spec.earlyWait() + " of stream time)");
    }

    private void reject(Record<byte[], byte[]> record, LabelOutcome outcome, String message) {
        monitor.labelOutcome(outcome);
        sink.deadLetter(record, outcome.label() + ": " + message);
    }
}
