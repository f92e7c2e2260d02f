package io.streamlearn.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamlearn.eval.LearnerStats;
import io.streamlearn.query.PipelineMonitor.LearnerSnapshot;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The learner table keeps its columns whatever the size of a number. */
class LearnerTableTest {

    private static LearnerSnapshot learner(String name, double prequential, double train, double holdout,
                                           double trainAccuracy, double holdoutAccuracy) {
        return new LearnerSnapshot(name, new LearnerStats(prequential, train, holdout, holdout - train, Double.NaN,
                trainAccuracy, holdoutAccuracy, 1_234_567, 0), 7, 10, 1, 1, 0, 0);
    }

    @Test
    void largeLossesKeepTheColumnsAligned() {
        String table = LearnerTable.render("big", false, List.of(
                learner("ridge", 0.5, 0.25, 0.75, Double.NaN, Double.NaN),
                learner("mlp", 1.2e7, 3.4e9, 1.0, Double.NaN, Double.NaN),
                learner("exploded", Double.POSITIVE_INFINITY, -Double.MAX_VALUE, Double.MAX_VALUE, Double.NaN, Double.NaN),
                learner("fresh", Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN)), "records 9");
        List<String> lines = table.lines().skip(1).toList();
        String header = lines.get(0);
        for (String line : lines) {
            assertThat(line).as(table).hasSameSizeAs(header);
        }
        // right-aligned under its header: each value ends where its header does, a blank after it
        for (String column : List.of("updates", "prequential", "train", "holdout", "gap", "nonzero")) {
            int end = header.indexOf(column) + column.length();
            for (String line : lines) {
                assertThat(line.charAt(end - 1)).as(column + " in\n" + table).isNotEqualTo(' ');
                if (end < line.length()) {
                    assertThat(line.charAt(end)).as(column + " in\n" + table).isEqualTo(' ');
                }
            }
        }
        assertThat(lines.get(1)).containsPattern("ridge\\s+1234567\\s+0\\.5000\\s+0\\.2500\\s+0\\.7500\\s+0\\.5000\\s+7/10");
        assertThat(lines.get(2)).contains(" 1.2000e+07 ", " 3.4000e+09 ", " 1.0000 ", " -3.4000e+09 ");
        assertThat(lines.get(3)).contains(" Infinity ", " -1.7977e+308 ", " 1.7977e+308 ");
        assertThat(lines.get(4)).containsPattern("fresh\\s+1234567\\s+-\\s+-\\s+-\\s+-\\s+7/10");
    }

    @Test
    void accuraciesOfAClassifierKeepTheirColumnsToo() {
        String table = LearnerTable.render("c", true, List.of(
                learner("logistic", 0.69, 0.5, 0.6, 0.875, 1.0),
                learner("big", 2.5e7, 1e7, 1e7, Double.NaN, 0.0)), "records 9");
        List<String> lines = table.lines().skip(1).toList();
        for (String line : lines) {
            assertThat(line).as(table).hasSameSizeAs(lines.get(0));
        }
        assertThat(lines.get(1)).endsWith(" 0.8750    1.0000");
        assertThat(lines.get(2)).contains(" 2.5000e+07 ", " 1.0000e+07 ").endsWith("        -    0.0000");
    }

    @Test
    void numbersFitTheirWidth() {
        assertThat(LearnerTable.number(999_999.99994, 12)).isEqualTo("999999.9999");
        assertThat(LearnerTable.number(-999_999.99994, 12)).isEqualTo("-999999.9999");
        assertThat(LearnerTable.number(12_345_678.9, 12)).isEqualTo("1.2346e+07");
        assertThat(LearnerTable.number(-1e-9, 12)).isEqualTo("-0.0000");
        assertThat(LearnerTable.number(Double.NaN, 12)).isEqualTo("-");
    }
}
