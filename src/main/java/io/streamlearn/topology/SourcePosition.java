package io.streamlearn.topology;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/**
 * Where an input record came from, {@code <topic>-<partition>-<offset>}: the id of a record that
 * has none. When a pipeline's records go through a repartition topic, {@link Tagger} writes the
 * position into an internal header before the hop, so the id still names the input topic.
 */
final class SourcePosition {

    static final String HEADER = "streamlearn.source";

    private SourcePosition() {}

    static String defaultId(ProcessorContext<?, ?> context, Record<byte[], byte[]> record) {
        Header tagged = record.headers().lastHeader(HEADER);
        if (tagged != null) {
            return new String(tagged.value(), StandardCharsets.UTF_8);
        }
        return context.recordMetadata().map(SourcePosition::format).orElse("unknown");
    }

    /** The record without the internal header, so it does not leak into the outputs. */
    static Record<byte[], byte[]> strip(Record<byte[], byte[]> record) {
        if (record.headers().lastHeader(HEADER) != null) {
            record.headers().remove(HEADER);
        }
        return record;
    }

    private static String format(RecordMetadata m) {
        return m.topic() + "-" + m.partition() + "-" + m.offset();
    }

    /** Adds the position header before a repartition. */
    static final class Tagger implements FixedKeyProcessor<byte[], byte[], byte[]> {
        private FixedKeyProcessorContext<byte[], byte[]> context;

        @Override
        public void init(FixedKeyProcessorContext<byte[], byte[]> context) {
            this.context = context;
        }

        @Override
        public void process(FixedKeyRecord<byte[], byte[]> record) {
            context.recordMetadata().ifPresent(m ->
                    record.headers().add(HEADER, format(m).getBytes(StandardCharsets.UTF_8)));
            context.forward(record);
        }
    }
}
