package io.streamlearn.testing;

import io.streamlearn.feed.FeedProducer;
import io.streamlearn.feed.dataset.DatasetRow;
import io.streamlearn.feed.dataset.FeatureRecordJson;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/** The keyed feature stream of the per-key ITs ({@code PerKeyIT}, {@code MultiInstanceIT}) and its predictions' ids. */
public final class KeyedRecords {

    private KeyedRecords() {}

    /**
     * {@code count} records {@code r0, r1, ...} of 4 Gaussian features, keyed {@code key-<k>} with k uniform
     * in [0, keys), each key with a linear truth of its own: y = (k mod 7) x0 - (k mod 3) x1 + 0.5 x2 + k/100
     * + N(0, 0.1²).
     */
    public static List<ProducerRecord<byte[], byte[]>> of(String topic, int keys, int count, long seed) {
        Random random = new Random(seed);
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
        for (int n = 0; n < count; n++) {
            int k = random.nextInt(keys);
            double[] x = new double[4];
            for (int j = 0; j < x.length; j++) {
                x[j] = random.nextGaussian();
            }
            double y = (k % 7) * x[0] - (k % 3) * x[1] + 0.5 * x[2] + k / 100.0 + 0.1 * random.nextGaussian();
            records.add(new ProducerRecord<>(topic, ("key-" + k).getBytes(StandardCharsets.UTF_8),
                    FeatureRecordJson.encode(new DatasetRow("r" + n, x, y), null)));
        }
        return records;
    }

    public static void produce(String bootstrapServers, List<ProducerRecord<byte[], byte[]>> records) {
        try (KafkaProducer<byte[], byte[]> producer = FeedProducer.open(bootstrapServers)) {
            for (ProducerRecord<byte[], byte[]> r : records) {
                producer.send(r);
            }
            producer.flush();
        }
    }

    /** The {@code id} of a prediction's JSON. */
    public static String idOf(ConsumerRecord<byte[], byte[]> r) {
        String json = new String(r.value(), StandardCharsets.UTF_8);
        int from = json.indexOf("\"id\":") + 5;
        int open = json.indexOf('"', from);
        return json.substring(open + 1, json.indexOf('"', open + 1));
    }
}
