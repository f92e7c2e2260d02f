package io.streamlearn.record;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads the output JSON that {@link PredictionWriter} writes back into a {@link Prediction}, for
 * consumers and tests; not on the hot path (it builds a tree). A {@code null} output value reads as
 * NaN.
 */
public final class PredictionReader {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final List<String> classes;

    /** @param classes class names in index order; empty for regression */
    public PredictionReader(List<String> classes) {
        this.classes = List.copyOf(classes);
    }

    /** @throws IllegalArgumentException when the bytes are not a prediction of this shape */
    public Prediction fromJson(byte[] json) {
        JsonNode root;
        try {
            root = MAPPER.readTree(json);
        } catch (IOException e) {
            throw new IllegalArgumentException("not JSON: " + e.getMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("a prediction is a JSON object");
        }
        JsonNode predictions = required(root, "predictions");
        JsonNode versionsNode = required(root, "versions");
        List<String> learners = new ArrayList<>();
        List<double[]> outputs = new ArrayList<>();
        for (Map.Entry<String, JsonNode> e : predictions.properties()) {
            learners.add(e.getKey());
            outputs.add(classes.isEmpty() ? new double[] {number(e.getValue())} : probabilities(e.getValue()));
        }
        long[] versions = new long[learners.size()];
        for (int i = 0; i < versions.length; i++) {
            versions[i] = required(versionsNode, learners.get(i)).asLong();
        }
        JsonNode labelNode = root.get("label");
        double label = Double.NaN;
        if (labelNode != null && !labelNode.isNull()) {
            label = classes.isEmpty() ? labelNode.asDouble() : classIndex(labelNode.asText());
        }
        JsonNode ts = root.get("timestamp");
        Map<String, Map<String, Double>> champions = new java.util.LinkedHashMap<>();
        JsonNode championsNode = root.get("champions");
        if (championsNode != null && championsNode.isObject()) {
            for (Map.Entry<String, JsonNode> e : championsNode.properties()) {
                Map<String, Double> penalties = new java.util.LinkedHashMap<>();
                for (Map.Entry<String, JsonNode> p : e.getValue().properties()) {
                    penalties.put(p.getKey(), p.getValue().asDouble());
                }
                champions.put(e.getKey(), penalties);
            }
        }
        return new Prediction(required(root, "id").asText(), required(root, "pipeline").asText(),
                required(root, "split").asText(), label, learners, outputs.toArray(new double[0][]), versions,
                ts == null || ts.isNull() ? null : ts.asLong(), champions);
    }

    private double[] probabilities(JsonNode prediction) {
        JsonNode p = required(prediction, "probabilities");
        double[] out = new double[classes.size()];
        for (int k = 0; k < out.length; k++) {
            out[k] = number(required(p, classes.get(k)));
        }
        return out;
    }

    private int classIndex(String name) {
        int k = classes.indexOf(name);
        if (k < 0) {
            throw new IllegalArgumentException("unknown class " + name);
        }
        return k;
    }

    private static double number(JsonNode n) {
        return n.isNull() ? Double.NaN : n.asDouble();
    }

    private static JsonNode required(JsonNode parent, String field) {
        JsonNode n = parent.get(field);
        if (n == null) {
            throw new IllegalArgumentException("no '" + field + "' in prediction");
        }
        return n;
    }
}
