package io.streamlearn.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

class HoldoutSplitterTest {

    /**
     * fmix64(FNV-1a-64(UTF-8 bytes)), computed independently in Python; these values fix the split
     * of every id forever (changing them would move records between train and holdout).
     */
    @Test
    void hashMatchesTheIndependentlyComputedValues() {
        assertThat(HoldoutSplitter.hash64("")).isEqualTo(0xefd01f60ba992926L);
        assertThat(HoldoutSplitter.hash64("a")).isEqualTo(0x82a2a958a9bece5bL);
        assertThat(HoldoutSplitter.hash64("r-17")).isEqualTo(0x4f1de743f1339c1fL);
        assertThat(HoldoutSplitter.hash64("row-1")).isEqualTo(0xe056eae6ae35e00aL);
        assertThat(HoldoutSplitter.hash64("diabetes-0-42")).isEqualTo(0x615fbedc92ff34e2L);
        assertThat(HoldoutSplitter.hash64("é")).isEqualTo(0x9d55ccb9ba86763bL);
        assertThat(HoldoutSplitter.hash64("日本")).isEqualTo(0x1230c55089fe4e43L);
        assertThat(HoldoutSplitter.hash64("😀x")).isEqualTo(0xbba2e58e9b9780a0L);
    }

    @Test
    void fixedIdsFallInFixedSplits() {
        HoldoutSplitter tenth = new HoldoutSplitter(0.1);
        HoldoutSplitter half = new HoldoutSplitter(0.5);
        // u = 0.309, 0.375, 0.876, 0.380, 0.071 (Python, as above)
        assertThat(tenth.split("r-17", true)).isEqualTo(Split.TRAIN);
        assertThat(half.split("r-17", true)).isEqualTo(Split.HOLDOUT);
        assertThat(half.split("r-18", true)).isEqualTo(Split.HOLDOUT);
        assertThat(half.split("row-1", true)).isEqualTo(Split.TRAIN);
        assertThat(tenth.split("diabetes-0-42", true)).isEqualTo(Split.TRAIN);
        assertThat(tenth.split("日本", true)).isEqualTo(Split.HOLDOUT);
        assertThat(tenth.split("日本", false)).isEqualTo(Split.UNLABELED);
        assertThat(new HoldoutSplitter(0.1).split("日本", true)).isEqualTo(tenth.split("日本", true));
    }

    /** Binomial: the holdout count over n ids has sd sqrt(n f (1-f)); the tolerance is 5 sd. */
    @Test
    void fractionHoldsOverManyIds() {
        int n = 100_000;
        for (double f : new double[] {0.1, 0.5, 0.01}) {
            HoldoutSplitter splitter = new HoldoutSplitter(f);
            int held = 0;
            for (int i = 0; i < n; i++) {
                held += splitter.split("r-" + i, true) == Split.HOLDOUT ? 1 : 0;
            }
            double tolerance = 5 * Math.sqrt(n * f * (1 - f));
            assertThat((double) held).as("fraction %s", f).isCloseTo(n * f, org.assertj.core.data.Offset.offset(tolerance));
        }
        HoldoutSplitter none = new HoldoutSplitter(0);
        for (int i = 0; i < 1000; i++) {
            assertThat(none.split("r-" + i, true)).isEqualTo(Split.TRAIN);
        }
    }

    /** The on-the-fly UTF-8 encoding equals String.getBytes(UTF_8), surrogates included. */
    @Test
    void encodingMatchesGetBytes() {
        Random random = new Random(7);
        for (int t = 0; t < 2000; t++) {
            StringBuilder s = new StringBuilder();
            int len = random.nextInt(12);
            for (int i = 0; i < len; i++) {
                s.append((char) (random.nextInt(4) == 0 ? random.nextInt(0x10000) : random.nextInt(0x80)));
            }
            String id = s.toString();
            assertThat(HoldoutSplitter.hash64(id)).as(id).isEqualTo(referenceHash(id.getBytes(StandardCharsets.UTF_8)));
        }
    }

    @Test
    void rejectsFractionsOutsideZeroToOne() {
        assertThatThrownBy(() -> new HoldoutSplitter(1.0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new HoldoutSplitter(-0.1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new HoldoutSplitter(Double.NaN)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void splitLabels() {
        assertThat(Split.TRAIN.label()).isEqualTo("train");
        assertThat(Split.HOLDOUT.label()).isEqualTo("holdout");
        assertThat(Split.UNLABELED.label()).isEqualTo("unlabeled");
    }

    /** The textbook algorithm on a byte array. */
    private static long referenceHash(byte[] bytes) {
        long h = 0xcbf29ce484222325L;
        for (byte b : bytes) {
            h = (h ^ (b & 0xff)) * 0x100000001b3L;
        }
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return h;
    }
}
