package io.streamlearn.learn;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import org.junit.jupiter.api.Test;

class RunningStandardizerTest {

    private static byte[] bytes(RunningStandardizer s) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        s.writeTo(new DataOutputStream(out));
        return out.toByteArray();
    }

    @Test
    void aCopyHasTheSameStatisticsAndGoesItsOwnWay() throws IOException {
        RunningStandardizer s = new RunningStandardizer(3);
        SeededRandom random = new SeededRandom(5);
        double[] x = new double[3];
        for (int i = 0; i < 100; i++) {
            for (int j = 0; j < 3; j++) {
                x[j] = random.nextGaussian() * (j + 1) + j;
            }
            s.update(x);
        }
        RunningStandardizer copy = s.copy();
        assertThat(bytes(copy)).isEqualTo(bytes(s));
        assertThat(copy.count()).isEqualTo(100);

        byte[] before = bytes(s);
        copy.update(new double[] {100, -100, 7});
        assertThat(bytes(s)).as("the original, after its copy learned").isEqualTo(before);
        assertThat(copy.count()).isEqualTo(101);
        assertThat(bytes(copy)).isNotEqualTo(before);
    }
}
