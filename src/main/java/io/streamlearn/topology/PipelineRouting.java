package io.streamlearn.topology;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/**
 * Routing all of a pipeline's records to one task when its input has several partitions: before
 * the repartition topic, {@link ToPipeline} keys each record by the pipeline's name and keeps the
 * original key and the input position ({@code <topic>-<partition>-<offset>}, the id of a record
 * that has none) in internal headers; after it, {@link #restore} puts the key back and removes the
 * headers, so outputs look as if there had been no hop. (Keying by the pipeline name, rather than
 * repartitioning on the original key, also carries records with a null key, which Kafka Streams
 * would drop at a repartition.)
 */
final class PipelineRouting {

    static final String SOURCE_HEADER = "streamlearn.source";
    static final String KEY_HEADER = "streamlearn.key";
    /** On a label record routed to its pipeline beside the feature records: {@code label}. */
    static final String KIND_HEADER = "streamlearn.kind";
    private static final byte[] LABEL_KIND = "label".getBytes(StandardCharsets.UTF_8);

    private PipelineRouting() {}

    /** The id of a record that has none: its position in the input topic. */
    static String defaultId(ProcessorContext<?, ?> context, Record<byte[], byte[]> record) {
        return defaultId(context, record.headers().lastHeader(SOURCE_HEADER));
    }

    /** The same, from the record's {@link #SOURCE_HEADER} (null when it came straight from the input topic). */
    static String defaultId(ProcessorContext<?, ?> context, Header tagged) {
        if (tagged != null) {
            return new String(tagged.value(), StandardCharsets.UTF_8);
        }
        return context.recordMetadata().map(PipelineRouting::position).orElse("unknown");
    }

    /** Whether the routed record came from the pipeline's label topic. */
    static boolean isLabel(Record<byte[], byte[]> record) {
        Header kind = record.headers().lastHeader(KIND_HEADER);
        return kind != null && java.util.Arrays.equals(kind.value(), LABEL_KIND);
    }

    /** The record as it was in the input (or label) topic: original key, no internal headers. */
    static Record<byte[], byte[]> restore(Record<byte[], byte[]> record) {
        Header key = record.headers().lastHeader(KEY_HEADER);
        if (key == null) {
            return record;
        }
        record.headers().remove(KEY_HEADER);
        record.headers().remove(SOURCE_HEADER);
        record.headers().remove(KIND_HEADER);
        return record.withKey(key.value());
    }

    private static String position(RecordMetadata m) {
        return m.topic() + "-" + m.partition() + "-" + m.offset();
    }

    /**
     * Keys a record by the pipeline's name, keeping its key and position in headers (and, for a label
     * record, {@link #KIND_HEADER}).
     */
    static final class ToPipeline implements Processor<byte[], byte[], byte[], byte[]> {
        private final byte[] pipelineKey;
        private final boolean labels;
        private ProcessorContext<byte[], byte[]> context;

        ToPipeline(String pipeline) {
            this(pipeline, false);
        }

        /** @param labels whether the records are label records (of the pipeline's label topic) */
        ToPipeline(String pipeline, boolean labels) {
            this.pipelineKey = pipeline.getBytes(StandardCharsets.UTF_8);
            this.labels = labels;
        }

        @Override
        public void init(ProcessorContext<byte[], byte[]> context) {
            this.context = context;
        }

        @Override
        public void process(Record<byte[], byte[]> record) {
            context.recordMetadata().ifPresent(m ->
                    record.headers().add(SOURCE_HEADER, position(m).getBytes(StandardCharsets.UTF_8)));
            record.headers().add(KEY_HEADER, record.key());
            if (labels) {
                record.headers().add(KIND_HEADER, LABEL_KIND);
            }
            context.forward(record.withKey(pipelineKey));
        }
    }
}
