package io.streamlearn.query;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Comparator;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class TopColumnsTest {

    /** Against a full sort: nonzero columns by |w| descending, ties by lower column, first top of them. */
    @Test
    void equalsTheHeadOfAFullSort() {
        Random r = new Random(7);
        for (int trial = 0; trial < 200; trial++) {
            int width = 1 + r.nextInt(400);
            double[] w = new double[width];
            for (int c = 0; c < width; c++) {
                int kind = r.nextInt(4);
                w[c] = kind == 0 ? 0.0 : kind == 1 ? (r.nextBoolean() ? 0.5 : -0.5) : r.nextGaussian();
            }
            int top = r.nextInt(width + 5);
            int[] expected = IntStream.range(0, width).filter(c -> w[c] != 0.0).boxed()
                    .sorted(Comparator.<Integer>comparingDouble(c -> -Math.abs(w[c])).thenComparingInt(c -> c))
                    .limit(top).mapToInt(Integer::intValue).toArray();
            assertThat(TopColumns.of(w, top)).as("trial " + trial).containsExactly(expected);
        }
    }

    @Test
    void zeroWeightsAreNeverShown() {
        assertThat(TopColumns.of(new double[] {0, 0, 0}, 2)).isEmpty();
        assertThat(TopColumns.of(new double[] {0, -3, 0, 1}, 5)).containsExactly(1, 3);
    }
}
