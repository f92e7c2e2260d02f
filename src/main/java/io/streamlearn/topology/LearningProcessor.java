package io.streamlearn.topology;

import io.streamlearn.learn.TrainResult;
import io.streamlearn.pipeline.EventInput;
import io.streamlearn.pipeline.LearningPipeline;
import io.streamlearn.pipeline.ModelSetSnapshot;
import io.streamlearn.pipeline.RawTargetCheck;
import io.streamlearn.pipeline.Split;
import io.streamlearn.pipeline.StepResult;
import io.streamlearn.query.PipelineMonitor;
import io.streamlearn.query.RecentOutputs;
import io.streamlearn.record.ParsedRecord;
import io.streamlearn.record.RecordReader;
import io.streamlearn.record.RecordRejectedException;
import io.streamlearn.record.RejectReason;
import io.streamlearn.topology.store.WorkingCopyStore;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One pipeline's processor: reads a feature record, lets the pipeline predict and train, and emits
 * one prediction; a record that cannot be used is emitted as a dead letter with its original bytes
 * and the reason. The learning state lives in the pipeline's {@link WorkingCopyStore}, which writes
 * it to the changelog at every commit: one {@link PipelineState}, or for {@code scope: key} the
 * task's {@link KeyedStates}, which hands out the record key's state (a record without a key is
 * dead-lettered as {@code missing_key}). With delayed labels, an unlabeled record is predicted and
 * kept, and a label record (from the label topic, routed beside the feature records) is joined to it
 * by {@link LabelJoin}.
 */
final class LearningProcessor implements Processor<byte[], byte[], byte[], byte[]> {

    private static final Logger LOG = LoggerFactory.getLogger(LearningProcessor.class);
    private static final Duration PUBLISH_EVERY = Duration.ofSeconds(1);

    private final PipelineDefinition definition;
    private final PipelineMonitor monitor;
    private final RecentOutputs recent;
    private final int maxDeadLetterBytes;
    private final RecordReader reader;
    /** The current record, read into buffers reused from record to record. */
    private final ParsedRecord parsed;
    private final PredictionJson predictions;
    /** The check {@code replay} makes too: an MLP on a raw target whose scale makes every step clipped. */
    private final RawTargetCheck rawTarget;
    /** Data-parallel: the topic merged generations arrive on; null when the pipeline is trained by one task. */
    private final String mergedTopic;
    private final byte[] pipelineKey;
    /** The processor's children, each value forwarded to the one it is for: sinks, or the merge's first node. */
    private final String outputChild;
    private final String deadLetterChild;
    private final String contributionsChild;
    private ProcessorContext<byte[], byte[]> context;
    /** Global scope: the one state; per key: null. */
    private PipelineState state;
    /** Per key: the task's keys; global scope: null. */
    private KeyedStates keyed;
    /** With delayed labels ({@code labels:}): their join; else null. */
    private LabelJoin labels;

    LearningProcessor(PipelineDefinition definition, PipelineMonitor monitor, int maxDeadLetterBytes) {
        this(definition, monitor, maxDeadLetterBytes, null);
    }

    /** @param mergedTopic data-parallel: the topic of merged generations, also read by this processor */
    LearningProcessor(PipelineDefinition definition, PipelineMonitor monitor, int maxDeadLetterBytes,
                      String mergedTopic) {
        this.mergedTopic = mergedTopic;
        this.pipelineKey = definition.name().getBytes(StandardCharsets.UTF_8);
        this.definition = definition;
        this.monitor = monitor;
        this.recent = monitor.recent();
        this.maxDeadLetterBytes = maxDeadLetterBytes;
        this.reader = new RecordReader(definition.schema());
        this.parsed = new ParsedRecord(definition.schema().dimension());
        this.predictions = new PredictionJson(definition);
        this.rawTarget = RawTargetCheck.of(definition.blueprint());
        this.outputChild = outputChild(definition.name());
        this.deadLetterChild = deadLetterChild(definition.name());
        this.contributionsChild = contributionsChild(definition.name());
    }

    /** The name of the sink to the pipeline's output topic, a child of this processor. */
    static String outputChild(String pipeline) {
        return pipeline + "-output";
    }

    /** The name of the sink to the pipeline's dead-letter topic, a child of this processor. */
    static String deadLetterChild(String pipeline) {
        return pipeline + "-dead-letter";
    }

    /** Data-parallel: the name of the child that takes a replica's contributions to the merge. */
    static String contributionsChild(String pipeline) {
        return pipeline + "-contributions";
    }

    @Override
    public void init(ProcessorContext<byte[], byte[]> context) {
        this.context = context;
        if (definition.scope().perKey()) {
            WorkingCopyStore<KeyedStates> store = context.getStateStore(definition.storeName());
            this.keyed = store.workingCopy();
            publish();
            context.schedule(PUBLISH_EVERY, PunctuationType.WALL_CLOCK_TIME, now -> publish());
            if (definition.scope().expires()) {
                long ttl = definition.scope().keyTtl().toMillis();
                Duration sweepEvery = Duration.ofMillis(Math.max(1, Math.min(ttl / 2, 60_000)));
                context.schedule(sweepEvery, PunctuationType.STREAM_TIME, keyed::expire);
            }
            return;
        }
        WorkingCopyStore<PipelineState> store = context.getStateStore(definition.storeName());
        this.state = store.workingCopy();
        if (definition.delayedLabels()) {
            KeyValueStore<Bytes, byte[]> pending = context.getStateStore(definition.labelStoreName());
            labels = new LabelJoin(new PendingLabels(pending, definition.labels()), definition.labels(), reader, monitor,
                    new LabelJoin.Sink() {
                        @Override
                        public void learned(Record<byte[], byte[]> record, StepResult step) {
                            state.recordProcessed(step.split());
                            monitor.recordProcessed(step.split());
                            afterTraining(record, state.pipeline(), step);
                        }

                        @Override
                        public void deadLetter(Record<byte[], byte[]> record, String error) {
                            forwardDeadLetter(record, error);
                        }
                    });
        }
        publish();
        context.schedule(PUBLISH_EVERY, PunctuationType.WALL_CLOCK_TIME, now -> publish());
    }

    private void publish() {
        if (keyed == null) {
            monitor.publish(state.pipeline(), definition.schema(), state.saveCost());
        } else {
            monitor.publishKeys(context.taskId().toString(), keyed.keys(), keyed.cachedKeys(), keyed.aggregate());
        }
    }

    @Override
    public void process(Record<byte[], byte[]> routed) {
        if (mergedTopic != null && context.recordMetadata().map(m -> mergedTopic.equals(m.topic())).orElse(false)) {
            adopt(routed);
            return;
        }
        if (labels != null) {
            labels.expire(context.currentStreamTimeMs());
            if (PipelineRouting.isLabel(routed)) {
                labels.label(PipelineRouting.restore(routed), state.pipeline());
                return;
            }
        }
        // read before restore removes it; the default id is built only for a record without an id
        Header source = routed.headers().lastHeader(PipelineRouting.SOURCE_HEADER);
        Record<byte[], byte[]> record = PipelineRouting.restore(routed);
        if (definition.blueprint().events() != null) {
            processEvent(record, source);
            return;
        }
        try {
            reader.read(record.value(), parsed);
        } catch (RecordRejectedException e) {
            deadLetter(record, e.reason(), e.headerText());
            return;
        }
        CharSequence id = parsed.id() != null ? parsed.id() : PipelineRouting.defaultId(context, source);
        PipelineState current = state;
        if (keyed != null) {
            if (record.key() == null) {
                deadLetter(record, RejectReason.MISSING_KEY, RejectReason.MISSING_KEY.label()
                        + ": pipeline " + definition.name() + " has one model set per record key (scope: key)");
                return;
            }
            current = keyed.stateFor(record.key(), context.currentStreamTimeMs());
        }
        LearningPipeline pipeline = current.pipeline();
        if (labels != null && !parsed.labeled()) {
            StepResult step = pipeline.predict(id, parsed.features());
            emit(record, predictions.write(id, parsed, step));
            if (!labels.predicted(record, id.toString(), parsed.features(), pipeline)) {
                monitor.recordProcessed(Split.UNLABELED);
            }
            return;
        }
        StepResult step = pipeline.process(id, parsed.features(), parsed.label());
        checkRawTarget(parsed.label());
        current.recordProcessed(step.split());
        monitor.recordProcessed(step.split());
        emit(record, predictions.write(id, parsed, step));
        afterTraining(record, pipeline, step);
    }

    /**
     * A raw event (docs/DESIGN.md, "Raw events"): the key's state (with {@code scope: key}), then
     * the pipeline's {@link EventInput} reads, encodes and processes it; a bad event is dead-lettered
     * with its reason ({@code wrong_type} ...), and changes nothing.
     */
    private void processEvent(Record<byte[], byte[]> record, Header source) {
        PipelineState current = state;
        if (keyed != null) {
            if (record.key() == null) {
                deadLetter(record, RejectReason.MISSING_KEY, RejectReason.MISSING_KEY.label()
                        + ": pipeline " + definition.name() + " has one model set per record key (scope: key)");
                return;
            }
            current = keyed.stateFor(record.key(), context.currentStreamTimeMs());
        }
        LearningPipeline pipeline = current.pipeline();
        EventInput input = pipeline.events();
        StepResult step;
        try {
            step = input.process(record.value(), PipelineRouting.defaultId(context, source));
        } catch (RecordRejectedException e) {
            deadLetter(record, e.reason(), e.headerText());
            return;
        }
        checkRawTarget(input.lastLabel());
        current.recordProcessed(step.split());
        monitor.recordProcessed(step.split());
        long timestamp = input.lastTimestamp();
        emit(record, predictions.write(input.lastId(), input.lastLabel(), timestamp != EventInput.NO_TIMESTAMP,
                timestamp, step));
        afterTraining(record, pipeline, step);
    }

    /** Forwards the record's prediction to the output topic, and keeps it among the recent ones. */
    private void emit(Record<byte[], byte[]> record, byte[] prediction) {
        context.forward(record.withValue(prediction), outputChild);
        recent.predicted(prediction);
    }

    /** A WARN line per learner the check names, once per task, after the task's first labels (NaN: none). */
    private void checkRawTarget(double label) {
        List<String> warnings = rawTarget.offer(label);
        if (!warnings.isEmpty()) {
            warnings.forEach(w -> LOG.warn("{}", w));
        }
    }

    /** Counts the learners' steps; a step a learner refused dead-letters the record. */
    private void afterTraining(Record<byte[], byte[]> record, LearningPipeline pipeline, StepResult step) {
        countSteps(step);
        if (mergedTopic != null && step.split() == Split.TRAIN) {
            ModelSetSnapshot contribution = state.trainedInParallel(context.taskId().partition());
            if (contribution != null) {
                context.forward(new Record<>(pipelineKey, contribution.toBytes(), record.timestamp()), contributionsChild);
            }
        }
        for (int i = 0; i < step.learnerCount(); i++) {
            TrainResult trained = step.trainResult(i);
            if (trained != null && trained.rejected()) {
                // predicted, but a learner refused to train on it: the record is kept for inspection
                deadLetter(record, RejectReason.NON_FINITE_UPDATE, RejectReason.NON_FINITE_UPDATE.label() + ": "
                        + pipeline.learnerNames().get(i) + ": " + trained.reason());
                break;
            }
        }
    }

    /** A merged generation from the broadcast topic: the replica adopts it when it is newer than its base. */
    private void adopt(Record<byte[], byte[]> record) {
        ModelSetSnapshot merged;
        try {
            merged = ModelSetSnapshot.fromBytes(record.value());
        } catch (IllegalArgumentException e) {
            LOG.warn("pipeline {}: unreadable merged generation at {}: {}", definition.name(),
                    context.recordMetadata().map(m -> m.topic() + "-" + m.partition() + "@" + m.offset()).orElse("?"),
                    e.getMessage());
            return;
        }
        if (state.adopt(merged)) {
            monitor.generationAdopted(merged.generation());
        }
    }

    /** Counts each optimizer step of the record, whether its gradient was clipped, and its duration. */
    private void countSteps(StepResult step) {
        for (int i = 0; i < step.learnerCount(); i++) {
            TrainResult trained = step.trainResult(i);
            if (trained != null && trained.status() == TrainResult.Status.STEPPED) {
                // from the step result: a drift reset may have replaced the model
                monitor.learnerStepped(i, step.trainNanos(i), step.gradientClipped(i));
            }
        }
    }

    private void deadLetter(Record<byte[], byte[]> record, RejectReason reason, String error) {
        monitor.recordRejected(reason);
        forwardDeadLetter(record, error);
    }

    private void forwardDeadLetter(Record<byte[], byte[]> record, String error) {
        if (LOG.isDebugEnabled()) {
            LOG.debug("dead letter from {}-{}@{}: {}", context.recordMetadata().map(m -> m.topic()).orElse("?"),
                    context.recordMetadata().map(m -> m.partition()).orElse(-1),
                    context.recordMetadata().map(m -> m.offset()).orElse(-1L), error);
        }
        byte[] original = record.value();
        recent.deadLettered(record.timestamp(), error, original);
        context.forward(record.withValue(DeadLetters.value(original, maxDeadLetterBytes))
                .withHeaders(DeadLetters.headers(record.headers(), error, original, maxDeadLetterBytes)), deadLetterChild);
    }

    @Override
    public void close() {
        if (state != null) {
            publish();
        } else if (keyed != null) {
            monitor.taskClosed(context.taskId().toString());
        }
    }
}
