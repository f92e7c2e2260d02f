package io.streamlearn.vector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class FeatureVectorTest {

    @Test
    void aDenseVectorWrapsTheCallersArrayWithoutACopy() {
        double[] x = {1.0, 2.0, 3.0};
        FeatureVector v = FeatureVector.dense(x);
        x[1] = 5.0;
        assertThat(v.denseValues()).isSameAs(x);
        assertThat(v.get(1)).isEqualTo(5.0);
        assertThat(v.width()).isEqualTo(3);
        assertThat(v.nonZeros()).isEqualTo(3);
        assertThat(v.isSparse()).isFalse();
        assertThatThrownBy(v::indices).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void finishSortsColumnsAndSumsRepeatedOnesAsFeatureHasherDoes() {
        FeatureVector v = FeatureVector.sparse(10, 2);
        v.add(7, 1.0);
        v.add(2, 0.5);
        v.add(7, 2.0);
        v.add(0, -1.0);
        v.add(2, -0.5);
        v.finish();
        assertThat(v.nonZeros()).isEqualTo(3);
        assertThat(java.util.Arrays.copyOf(v.indices(), 3)).containsExactly(0, 2, 7);
        assertThat(java.util.Arrays.copyOf(v.values(), 3)).containsExactly(-1.0, 0.0, 3.0);
        assertThat(v.get(7)).isEqualTo(3.0);
        assertThat(v.get(5)).isEqualTo(0.0);
        double[] dense = new double[10];
        v.toDense(dense);
        assertThat(dense).containsExactly(-1.0, 0, 0.0, 0, 0, 0, 0, 3.0, 0, 0);
    }

    @Test
    void aColumnOutsideTheWidthOrANonFiniteValueIsRefused() {
        FeatureVector v = FeatureVector.sparse(4, 1);
        assertThatThrownBy(() -> v.add(4, 1.0)).isInstanceOf(IndexOutOfBoundsException.class)
                .hasMessageContaining("column 4 outside [0, 4)");
        assertThatThrownBy(() -> v.add(-1, 1.0)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> v.add(1, Double.NaN)).isInstanceOf(IllegalArgumentException.class);
        assertThat(v.nonZeros()).isZero();
    }

    @Test
    void aReusedCopyTargetKeepsItsArraysOnceLargeEnough() {
        FeatureVector v = FeatureVector.sparse(100, 1);
        for (int c = 0; c < 20; c++) {
            v.add(c * 5, c);
        }
        v.finish();
        FeatureVector copy = v.copy();
        int[] kept = copy.indices();
        v.clear();
        v.add(3, 9.0);
        v.finish();
        v.copyTo(copy);
        assertThat(copy.indices()).isSameAs(kept);
        assertThat(copy.nonZeros()).isEqualTo(1);
        assertThat(copy.get(3)).isEqualTo(9.0);
        assertThat(copy.get(5)).isEqualTo(0.0);
    }

    @Test
    void copiesBetweenLayoutsOrWidthsAreRefused() {
        FeatureVector dense = FeatureVector.dense(new double[3]);
        assertThatThrownBy(() -> dense.copyTo(FeatureVector.sparse(3, 1)))
                .hasMessageContaining("dense vector of width 3 into a sparse vector of width 3");
        assertThatThrownBy(() -> dense.copyTo(FeatureVector.dense(new double[4])))
                .isInstanceOf(IllegalArgumentException.class);
    }
    @Test
    void entriesAreReadOnlyOnceFinished() {
        FeatureVector v = FeatureVector.sparse(5, 2);
        v.add(3, 1.0);
        v.add(1, 2.0);
        assertThatThrownBy(v::indices).isInstanceOf(IllegalStateException.class).hasMessageContaining("finish()");
        assertThatThrownBy(v::values).isInstanceOf(IllegalStateException.class);
        v.finish();
        assertThat(java.util.Arrays.copyOf(v.indices(), 2)).containsExactly(1, 3);
    }

    @Test
    void copyReusingKeepsASlotOfTheSameLayoutAndReplacesAnother() {
        FeatureVector sparse = FeatureVector.sparse(6, 2);
        sparse.add(4, 2.0);
        sparse.finish();
        FeatureVector slot = sparse.copyReusing(null);
        assertThat(slot).isNotSameAs(sparse);
        assertThat(slot.get(4)).isEqualTo(2.0);
        assertThat(sparse.copyReusing(slot)).isSameAs(slot);
        FeatureVector dense = FeatureVector.dense(new double[] {1, 2, 3, 4, 5, 6});
        FeatureVector replaced = dense.copyReusing(slot);
        assertThat(replaced).isNotSameAs(slot);
        assertThat(replaced.isSparse()).isFalse();
        assertThat(replaced.denseValues()).containsExactly(1, 2, 3, 4, 5, 6).isNotSameAs(dense.denseValues());
        assertThat(dense.copyReusing(replaced)).isSameAs(replaced);
    }
}
