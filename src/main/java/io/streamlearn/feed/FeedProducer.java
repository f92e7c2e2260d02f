package io.streamlearn.feed;

import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The producer of feature records, configured in this one place for {@code produce}, {@code demo},
 * {@code bench} and the tests: raw keys and values, batched (linger 5 ms, 64 KiB) and lz4-compressed.
 */
public final class FeedProducer {

    private FeedProducer() {}

    /** The producer's properties; callers may add to them (e.g. timeouts) before building one. */
    public static Properties properties(String bootstrapServers) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, "65536");
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        return p;
    }

    /** A producer of raw keys and values with {@link #properties}. */
    public static KafkaProducer<byte[], byte[]> open(String bootstrapServers) {
        return open(properties(bootstrapServers));
    }

    /** A producer of raw keys and values with the given properties. */
    public static KafkaProducer<byte[], byte[]> open(Properties properties) {
        return new KafkaProducer<>(properties, new ByteArraySerializer(), new ByteArraySerializer());
    }
}
