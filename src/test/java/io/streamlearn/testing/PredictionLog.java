package io.streamlearn.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Predictions read from an output topic: their ids, and the train-split records in the order the
 * pipeline trained them. Not the order read: an output topic of several partitions may hand a
 * reader one partition's late predictions before another's early ones. The order is that of the
 * sum of the learners' versions (their updates when they predicted), which every train record
 * raises by one per linear learner; the sort is stable, so ties keep the order read.
 */
public final class PredictionLog {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<JsonNode> train = new ArrayList<>();
    private final Set<String> ids = new HashSet<>();
    private final List<String> repeatedIds = new ArrayList<>();

    private PredictionLog() {}

    public static PredictionLog of(List<ConsumerRecord<byte[], byte[]>> records) throws IOException {
        PredictionLog log = new PredictionLog();
        for (ConsumerRecord<byte[], byte[]> r : records) {
            JsonNode p = JSON.readTree(r.value());
            String id = p.get("id").asText();
            if (!log.ids.add(id)) {
                log.repeatedIds.add(id);
            }
            if (p.get("split").asText().equals("train")) {
                log.train.add(p);
            }
        }
        log.train.sort(Comparator.comparingLong(PredictionLog::versions));
        return log;
    }

    private static long versions(JsonNode prediction) {
        long sum = 0;
        for (JsonNode v : prediction.get("versions")) {
            sum += v.asLong();
        }
        return sum;
    }

    public List<String> repeatedIds() {
        return repeatedIds;
    }

    public int trainCount() {
        return train.size();
    }

    /**
     * Prequential loss of {@code learner} over the train records {@code [from, to)}: the mean of
     * (y - ŷ)², ŷ being the prediction made before the model trained on the record.
     */
    public double trainLoss(String learner, int from, int to) {
        return trainSquaredError(learner, from, to) / (to - from);
    }

    /** The sum of (y - ŷ)² of {@code learner} over the train records {@code [from, to)}. */
    public double trainSquaredError(String learner, int from, int to) {
        double sum = 0;
        for (JsonNode p : train.subList(from, to)) {
            double error = p.get("label").asDouble() - p.get("predictions").get(learner).asDouble();
            sum += error * error;
        }
        return sum;
    }

    /** Variance of the labels of the train records {@code [from, to)}: the loss of predicting their mean. */
    public double labelVariance(int from, int to) {
        double sum = 0;
        double squares = 0;
        for (JsonNode p : train.subList(from, to)) {
            double y = p.get("label").asDouble();
            sum += y;
            squares += y * y;
        }
        double mean = sum / (to - from);
        return squares / (to - from) - mean * mean;
    }
}
