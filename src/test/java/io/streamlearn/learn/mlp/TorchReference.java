package io.streamlearn.learn.mlp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.streamlearn.testing.ReferenceFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/**
 * Readers of the PyTorch reference files of {@link ReferenceFiles}.
 */
public final class TorchReference {

    private static final ObjectMapper JSON = new ObjectMapper();

    private TorchReference() {}

    public static Path file(String name) {
        return ReferenceFiles.path(name);
    }

    public static JsonNode json(String name) {
        try {
            return JSON.readTree(file(name).toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static double[] vector(JsonNode node) {
        double[] v = new double[node.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = node.get(i).asDouble();
        }
        return v;
    }

    /** A [rows][cols] JSON array, flattened row-major. */
    public static double[] flatten(JsonNode matrix) {
        int rows = matrix.size();
        int cols = matrix.get(0).size();
        double[] v = new double[rows * cols];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                v[r * cols + c] = matrix.get(r).get(c).asDouble();
            }
        }
        return v;
    }

    /** Parameters of a {@code "layers": [{weight, bias}, ...]} node in the order weight, bias per layer. */
    public static double[][] layerParameters(JsonNode layers) {
        double[][] params = new double[2 * layers.size()][];
        for (int l = 0; l < layers.size(); l++) {
            params[2 * l] = flatten(layers.get(l).get("weight"));
            params[2 * l + 1] = vector(layers.get(l).get("bias"));
        }
        return params;
    }
}
