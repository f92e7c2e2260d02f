package io.streamlearn.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamlearn.learn.ModelPath;
import io.streamlearn.spec.SpecParser;
import io.streamlearn.testing.ReferenceFiles;
import io.streamlearn.vector.FeatureVector;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A live regularization path on the sparse stream of the reference set ({@link ReferenceFiles}) (20,000 rows, 50
 * features, 5 true coefficients): an FTRL Lasso path over a λ grid, three passes through the
 * pipeline (ids {@code r-<row>}, so each row keeps its split), must end with the champion that the
 * batch optima say: the λ whose exact Lasso optimum on the pipeline's training rows has the lowest
 * mean squared error on its holdout rows, and the champion's nonzero weights must be that optimum's
 * support.
 *
 * <p>The reference is computed here from the data (coordinate descent on the training rows' Gram
 * matrix, to a change below 1e-13), because {@code sparse_batch_optima.json} has one λ (0.1) over all
 * 20,000 rows; its l1 = 0.1 optimum over all rows is checked against that file as a sanity check of
 * the solver.
 */
class RegularizationPathReferenceTest {

    static final double[] GRID = {1.0, 0.3, 0.1, 0.03, 0.01};
    static final double HOLDOUT_FRACTION = 0.2;
    static final int PASSES = 3;

    static double[][] x;
    static double[] y;

    @BeforeAll
    static void load() throws IOException {
        Path file = ReferenceFiles.path("sparse_stream.csv.gz");
        List<double[]> rows = new ArrayList<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(
                new GZIPInputStream(Files.newInputStream(file)), StandardCharsets.UTF_8))) {
            in.readLine();
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                String[] cells = line.split(",");
                double[] row = new double[cells.length];
                for (int j = 0; j < cells.length; j++) {
                    row[j] = Double.parseDouble(cells[j]);
                }
                rows.add(row);
            }
        }
        x = new double[rows.size()][];
        y = new double[rows.size()];
        for (int i = 0; i < rows.size(); i++) {
            double[] r = rows.get(i);
            x[i] = java.util.Arrays.copyOf(r, r.length - 1);
            y[i] = r[r.length - 1];
        }
    }

    /** The exact Lasso optimum (w, then b last) of mean ½(y − w·x − b)² + l1‖w‖₁ over the rows where {@code use}. */
    static double[] lasso(boolean[] use, double l1) {
        int d = x[0].length;
        int n = 0;
        double[] mean = new double[d];
        double ybar = 0;
        for (int i = 0; i < x.length; i++) {
            if (use[i]) {
                n++;
                ybar += y[i];
                for (int j = 0; j < d; j++) {
                    mean[j] += x[i][j];
                }
            }
        }
        ybar /= n;
        for (int j = 0; j < d; j++) {
            mean[j] /= n;
        }
        double[][] g = new double[d][d];
        double[] c = new double[d];
        for (int i = 0; i < x.length; i++) {
            if (!use[i]) {
                continue;
            }
            for (int j = 0; j < d; j++) {
                double xj = x[i][j] - mean[j];
                c[j] += xj * (y[i] - ybar);
                for (int k = j; k < d; k++) {
                    g[j][k] += xj * (x[i][k] - mean[k]);
                }
            }
        }
        for (int j = 0; j < d; j++) {
            c[j] /= n;
            for (int k = j; k < d; k++) {
                g[j][k] /= n;
                g[k][j] = g[j][k];
            }
        }
        double[] w = new double[d];
        for (int sweep = 0; sweep < 100_000; sweep++) {
            double change = 0;
            for (int j = 0; j < d; j++) {
                double r = c[j];
                for (int k = 0; k < d; k++) {
                    if (k != j) {
                        r -= g[j][k] * w[k];
                    }
                }
                double next = Math.signum(r) * Math.max(Math.abs(r) - l1, 0) / g[j][j];
                change = Math.max(change, Math.abs(next - w[j]));
                w[j] = next;
            }
            if (change < 1e-13) {
                break;
            }
        }
        double b = ybar;
        for (int j = 0; j < d; j++) {
            b -= w[j] * mean[j];
        }
        double[] wb = java.util.Arrays.copyOf(w, d + 1);
        wb[d] = b;
        return wb;
    }

    static double mse(double[] wb, boolean[] use) {
        int d = wb.length - 1;
        double sum = 0;
        int n = 0;
        for (int i = 0; i < x.length; i++) {
            if (use[i]) {
                double p = wb[d];
                for (int j = 0; j < d; j++) {
                    p += wb[j] * x[i][j];
                }
                sum += (y[i] - p) * (y[i] - p);
                n++;
            }
        }
        return sum / n;
    }

    static TreeSet<Integer> support(double[] w, int d) {
        TreeSet<Integer> s = new TreeSet<>();
        for (int j = 0; j < d; j++) {
            if (w[j] != 0) {
                s.add(j);
            }
        }
        return s;
    }

    @Test
    void theSolverReproducesTheStoredOptimum() {
        boolean[] all = new boolean[x.length];
        java.util.Arrays.fill(all, true);
        double[] wb = lasso(all, 0.1);
        assertThat(support(wb, 50)).containsExactly(2, 9, 17, 30, 44);
        assertThat(wb[2]).isCloseTo(1.9046167991973528, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(wb[44]).isCloseTo(0.4037998031415636, org.assertj.core.data.Offset.offset(1e-9));
    }

    @Test
    void theChampionIsTheGridsBestBatchOptimumWithItsSupport() throws Exception {
        HoldoutSplitter splitter = new HoldoutSplitter(HOLDOUT_FRACTION);
        boolean[] train = new boolean[x.length];
        boolean[] holdout = new boolean[x.length];
        int holdouts = 0;
        for (int i = 0; i < x.length; i++) {
            holdout[i] = splitter.split("r-" + i, true) == Split.HOLDOUT;
            train[i] = !holdout[i];
            holdouts += holdout[i] ? 1 : 0;
        }
        int best = -1;
        double[] bestOptimum = null;
        double bestLoss = Double.POSITIVE_INFINITY;
        StringBuilder figures = new StringBuilder("batch optima on the training rows (" + (x.length - holdouts)
                + "), MSE on the holdout rows (" + holdouts + "):\n");
        for (int k = 0; k < GRID.length; k++) {
            double[] wb = lasso(train, GRID[k]);
            double loss = mse(wb, holdout);
            figures.append(String.format("  l1 = %-6s holdout MSE %.6f  train MSE %.6f  nonzero %d %s%n",
                    ModelPath.plain(GRID[k]), loss, mse(wb, train), support(wb, 50).size(), support(wb, 50)));
            if (loss < bestLoss) {
                best = k;
                bestLoss = loss;
                bestOptimum = wb;
            }
        }

        StringBuilder grid = new StringBuilder();
        for (double v : GRID) {
            grid.append(grid.length() == 0 ? "" : ", ").append(v);
        }
        String yaml = "name: sparse\ninput: in\noutput: out\ntask: regression\nfeatures: {dimension: 50}\n"
                + "evaluation: {holdoutFraction: " + HOLDOUT_FRACTION + ", reservoir: " + holdouts
                + ", every: 500}\n"
                + "learners:\n  - name: lasso\n    type: linear\n    l1: [" + grid + "]\n"
                + "    optimizer: {name: ftrl, alpha: 0.05, beta: 1.0}\n";
        LearningPipeline p = PipelineBlueprint.of(SpecParser.parse(yaml, "test")).newPipeline();
        for (int pass = 0; pass < PASSES; pass++) {
            for (int i = 0; i < x.length; i++) {
                p.process("r-" + i, FeatureVector.dense(x[i]), y[i]);
            }
        }
        ModelPath path = (ModelPath) p.model("lasso");
        List<io.streamlearn.eval.LearnerStats> stats = p.slot("lasso").memberStats();
        figures.append("online FTRL path after ").append(PASSES).append(" passes:\n");
        for (int k = 0; k < path.size(); k++) {
            figures.append(String.format("  l1 = %-6s holdout %.6f  prequential %.6f  nonzero %d%n",
                    path.labels().get(k), stats.get(k).holdoutLoss(), stats.get(k).prequentialLoss(),
                    path.member(k).nonZeroWeights()));
        }
        figures.append("champion ").append(path.labels().get(path.champion())).append(", switches ")
                .append(p.slot("lasso").pathSwitches());
        System.out.println(figures);

        assertThat(path.labels().get(path.champion())).as(figures.toString()).isEqualTo(ModelPath.plain(GRID[best]));
        io.streamlearn.learn.LinearModel champion = (io.streamlearn.learn.LinearModel) path.member(path.champion());
        assertThat(support(champion.weights(0), 50)).as(figures.toString()).isEqualTo(support(bestOptimum, 50));
    }
}
