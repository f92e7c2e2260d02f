package io.streamlearn.topology;

import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProductionExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What to do when a record cannot be written. A prediction or dead letter that the broker refuses
 * (too large, not authorized, ...) is logged with where its input came from, counted, and skipped:
 * one bad output must not stop the stream. A changelog or repartition record is never skipped:
 * losing it would break the exactly-once state, so the task fails and Kafka Streams replaces the
 * thread (see the uncaught-exception handler set by the application). Retriable errors are retried.
 */
public final class OutputErrorHandler implements ProductionExceptionHandler {

    private static final Logger LOG = LoggerFactory.getLogger(OutputErrorHandler.class);
    private static final LongAdder SKIPPED = new LongAdder();

    /** Output records skipped since this JVM started. */
    public static long skipped() {
        return SKIPPED.sum();
    }

    @Override
    public ProductionExceptionHandlerResponse handle(
            ErrorHandlerContext context, ProducerRecord<byte[], byte[]> record, Exception exception) {
        if (exception instanceof RetriableException) {
            return ProductionExceptionHandlerResponse.RETRY;
        }
        if (isInternal(record.topic())) {
            LOG.error("cannot write state record to {} (task {}): {}", record.topic(), context.taskId(),
                    exception.toString());
            return ProductionExceptionHandlerResponse.FAIL;
        }
        SKIPPED.increment();
        LOG.warn("skipped an output record to {} for input {}-{}@{} (task {}): {}", record.topic(), context.topic(),
                context.partition(), context.offset(), context.taskId(), exception.toString());
        return ProductionExceptionHandlerResponse.CONTINUE;
    }

    private static boolean isInternal(String topic) {
        return topic.endsWith("-changelog") || topic.endsWith("-repartition");
    }

    @Override
    public void configure(Map<String, ?> configs) {
        // nothing to configure
    }
}
