package io.streamlearn.feed.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class DatasetsTest {

    @Test
    void friedman1FollowsItsFormulaUpToUnitNoise() {
        Dataset data = Datasets.open("friedman1", 7);
        double sumResidual = 0;
        double sumSquares = 0;
        int n = 20_000;
        for (int i = 0; i < n; i++) {
            DatasetRow row = data.next();
            double[] x = row.features();
            assertThat(x).hasSize(10);
            assertThat(java.util.Arrays.stream(x).allMatch(v -> v >= 0 && v < 1)).isTrue();
            double truth = 10 * Math.sin(Math.PI * x[0] * x[1]) + 20 * (x[2] - 0.5) * (x[2] - 0.5)
                    + 10 * x[3] + 5 * x[4];
            double r = row.label() - truth;
            sumResidual += r;
            sumSquares += r * r;
        }
        // the noise is N(0, 1): over 20,000 draws the mean is within 4 standard errors (4/sqrt(n) = 0.028)
        // of 0 and the variance within 0.05 of 1
        assertThat(sumResidual / n).isCloseTo(0.0, within(0.03));
        assertThat(sumSquares / n).isCloseTo(1.0, within(0.05));
    }

    @Test
    void sameSeedSameStreamAndIdsCount() {
        Dataset a = Datasets.open("friedman1", 42);
        Dataset b = Datasets.open("friedman1", 42);
        for (int i = 0; i < 100; i++) {
            DatasetRow ra = a.next();
            DatasetRow rb = b.next();
            assertThat(ra.id()).isEqualTo("friedman1-" + i).isEqualTo(rb.id());
            assertThat(ra.features()).isEqualTo(rb.features());
            assertThat(ra.label()).isEqualTo(rb.label());
        }
        assertThat(Datasets.open("friedman1", 43).next().features()).isNotEqualTo(Datasets.open("friedman1", 42).next().features());
    }

    @Test
    void diabetesHas442RowsAndRepeatsWithTheSameIds() {
        Dataset data = Datasets.open("diabetes", 0);
        assertThat(data.featureNames()).containsExactly("age", "sex", "bmi", "bp", "s1", "s2", "s3", "s4", "s5", "s6");
        DatasetRow first = data.next();
        assertThat(first.label()).isEqualTo(151.0);
        for (int i = 1; i < 442; i++) {
            data.next();
        }
        DatasetRow again = data.next();
        assertThat(again.id()).isEqualTo("diabetes-0").isEqualTo(first.id());
        assertThat(again.features()).isEqualTo(first.features());
    }

    @Test
    void driftSwitchesItsTruthAfterAPeriod() {
        Dataset data = Datasets.open("drift", 1);
        // least-squares estimate of the first coefficient in each regime: x is standard normal, so
        // E[x1 y] = w1 (3 before, -1 after); over 5,000 records the error is about 0.05
        double before = 0;
        double after = 0;
        for (long i = 0; i < 2 * Datasets.DRIFT_PERIOD; i++) {
            DatasetRow row = data.next();
            if (i >= Datasets.DRIFT_PERIOD - 5_000 && i < Datasets.DRIFT_PERIOD) {
                before += row.features()[0] * row.label() / 5_000;
            } else if (i >= Datasets.DRIFT_PERIOD && i < Datasets.DRIFT_PERIOD + 5_000) {
                after += row.features()[0] * row.label() / 5_000;
            }
        }
        assertThat(before).isCloseTo(3.0, within(0.25));
        assertThat(after).isCloseTo(-1.0, within(0.25));
    }

    @Test
    void unknownNameListsTheKnownOnes() {
        assertThatThrownBy(() -> Datasets.open("iris", 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("friedman1, drift, diabetes");
    }

    @Test
    void encodesTheInputJsonOfTheDesign() {
        byte[] json = FeatureRecordJson.encode(new DatasetRow("r-1", new double[] {0.5, -1.0}, 2.0), 17L);
        assertThat(new String(json, java.nio.charset.StandardCharsets.UTF_8))
                .isEqualTo("{\"id\":\"r-1\",\"features\":[0.5,-1.0],\"label\":2.0,\"timestamp\":17}");
        // the shortest text that reads back, as predictions are written (JDK 17's Double.toString gives 1.9999999999999998E23)
        byte[] shortest = FeatureRecordJson.encode(new DatasetRow("r-2", new double[] {2e23, 0.1 + 0.2}, Double.NaN), null);
        assertThat(new String(shortest, java.nio.charset.StandardCharsets.UTF_8))
                .isEqualTo("{\"id\":\"r-2\",\"features\":[2.0E23,0.30000000000000004]}");
    }
}
