package io.streamlearn.feed.dataset;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The diabetes regression set (Efron et al., "Least Angle Regression", 2004; as shipped by
 * scikit-learn): 442 patients, 10 baseline features z-scored over the whole set, and disease
 * progression one year later. Bundled as a CSV resource and repeated in passes; a row keeps its id
 * ({@code diabetes-<row>}) in every pass, so it keeps its train or holdout split.
 */
final class Diabetes implements Dataset {

    private static final String RESOURCE = "/datasets/diabetes.csv";

    private final List<String> names;
    private final List<double[]> rows;
    private long next;

    Diabetes() {
        try (InputStream in = Diabetes.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + RESOURCE);
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            String[] header = reader.readLine().split(",");
            names = List.of(Arrays.copyOf(header, header.length - 1));
            rows = new ArrayList<>();
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (!line.isBlank()) {
                    rows.add(Arrays.stream(line.split(",")).mapToDouble(Double::parseDouble).toArray());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public String name() {
        return "diabetes";
    }

    @Override
    public List<String> featureNames() {
        return names;
    }

    @Override
    public String labelName() {
        return "target";
    }

    @Override
    public boolean hasNext() {
        return true;
    }

    @Override
    public DatasetRow next() {
        int index = (int) (next++ % rows.size());
        double[] row = rows.get(index);
        return new DatasetRow("diabetes-" + index, Arrays.copyOf(row, row.length - 1), row[row.length - 1]);
    }
}
