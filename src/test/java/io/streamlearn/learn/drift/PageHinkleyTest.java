package io.streamlearn.learn.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PageHinkleyTest {

    /** With α = 1 the recursion is the definition: PH_T = m_T − M_T, m_T = Σ (x_t − x̄_t − δ), M_T = min m_t. */
    @Test
    void statisticIsTheDefinition() {
        double delta = 0.05;
        PageHinkley ph = new PageHinkley(delta, 1e300, 1.0, 1);
        Random random = new Random(5);
        double sum = 0;
        double m = 0;
        double min = 0;
        for (int t = 1; t <= 20_000; t++) {
            double x = random.nextGaussian() + (t > 10_000 ? 0.5 : 0);
            sum += x;
            m += x - sum / t - delta;
            min = Math.min(min, m);
            ph.update(x);
            assertThat(ph.statistic()).isCloseTo(m - min, within(1e-9 * Math.max(1, m - min)));
        }
    }

    @Test
    void detectsAnIncreaseAndNotADecrease() {
        for (long seed = 1; seed <= 5; seed++) {
            Random random = new Random(seed);
            PageHinkley ph = PageHinkleyTestSupport.defaults();
            for (int i = 0; i < 5000; i++) {
                assertThat(ph.update(random.nextDouble())).as("stationary").isFalse();
            }
            int delay = -1;
            for (int i = 0; i < 1000 && delay < 0; i++) {
                if (ph.update(random.nextDouble() + 2)) {
                    delay = i;
                }
            }
            // the increase is 2 per value: lambda = 50 is crossed after about 25 values
            assertThat(delay).as("seed " + seed).isBetween(15, 40);
            PageHinkley down = PageHinkleyTestSupport.defaults();
            for (int i = 0; i < 5000; i++) {
                assertThat(down.update(random.nextDouble() + (i < 2500 ? 2 : 0))).isFalse();
            }
        }
    }

    @Test
    void restoredDetectorContinuesBitIdentically() throws IOException {
        Random random = new Random(2);
        PageHinkley a = PageHinkleyTestSupport.defaults();
        for (int i = 0; i < 3000; i++) {
            a.update(random.nextDouble());
        }
        byte[] state = AdwinTest.bytes(a);
        DriftDetector b = DriftDetector.readFrom(new DataInputStream(new ByteArrayInputStream(state)));
        int detections = 0;
        for (int i = 0; i < 3000; i++) {
            double x = random.nextDouble() + (i % 1000 > 500 ? 3 : 0);
            boolean d = a.update(x);
            assertThat(b.update(x)).isEqualTo(d);
            detections += d ? 1 : 0;
        }
        assertThat(detections).isPositive();
        assertThat(AdwinTest.bytes(b)).isEqualTo(AdwinTest.bytes(a));
    }
}

final class PageHinkleyTestSupport {
    static PageHinkley defaults() {
        return (PageHinkley) DriftOptions.PageHinkleyOptions.DEFAULT.newDetector();
    }
}
