package io.streamlearn.learn.linear;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.streamlearn.learn.LinearModel;
import io.streamlearn.testing.ReferenceFiles;
import io.streamlearn.vector.FeatureVector;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

/** Reads the reference files of {@link ReferenceFiles} for the linear learners' tests. */
final class LinearReferenceData {

    /** Features and targets of a CSV whose last column is the target. */
    record Table(double[][] x, double[] y) {
        int rows() {
            return y.length;
        }

        int dimension() {
            return x[0].length;
        }
    }

    private LinearReferenceData() {}

    static Path file(String name) {
        return ReferenceFiles.path(name);
    }

    static JsonNode json(String file) {
        try {
            return new ObjectMapper().readTree(file(file).toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static double[] doubles(JsonNode array) {
        double[] a = new double[array.size()];
        for (int i = 0; i < a.length; i++) {
            a[i] = array.get(i).asDouble();
        }
        return a;
    }

    /** A CSV with a header, the last column the target; a name ending in .gz is read as gzip. */
    static Table csv(String file) {
        Path path = file(file);
        try (InputStream raw = Files.newInputStream(path);
                InputStream in = file.endsWith(".gz") ? new GZIPInputStream(raw, 1 << 16) : raw;
                BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            reader.readLine();
            List<double[]> rows = new ArrayList<>();
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (line.isBlank()) {
                    continue;
                }
                String[] cells = line.split(",");
                double[] row = new double[cells.length];
                for (int i = 0; i < cells.length; i++) {
                    row[i] = Double.parseDouble(cells[i]);
                }
                rows.add(row);
            }
            double[][] x = new double[rows.size()][];
            double[] y = new double[rows.size()];
            for (int i = 0; i < x.length; i++) {
                double[] row = rows.get(i);
                x[i] = java.util.Arrays.copyOf(row, row.length - 1);
                y[i] = row[row.length - 1];
            }
            return new Table(x, y);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** F(w, b) = mean_i 0.5 (y_i - w.x_i - b)^2 + (l2/2) ||w||^2 + l1 ||w||_1 (README's convention). */
    static double objective(double[] w, double b, Table data, double l1, double l2) {
        double sum = 0;
        for (int i = 0; i < data.rows(); i++) {
            double p = b;
            for (int j = 0; j < w.length; j++) {
                p += w[j] * data.x()[i][j];
            }
            double r = data.y()[i] - p;
            sum += 0.5 * r * r;
        }
        double squares = 0;
        double abs = 0;
        for (double v : w) {
            squares += v * v;
            abs += Math.abs(v);
        }
        return sum / data.rows() + 0.5 * l2 * squares + l1 * abs;
    }

    static double objective(LinearModel model, Table data) {
        return objective(model.weights(0), model.intercept(0), data, model.options().l1(), model.options().l2());
    }

    /** One pass in file order: train on every record (no prediction). */
    static void pass(LinearModel model, Table data) {
        for (int i = 0; i < data.rows(); i++) {
            model.train(FeatureVector.dense(data.x()[i]), data.y()[i]);
        }
    }
}
