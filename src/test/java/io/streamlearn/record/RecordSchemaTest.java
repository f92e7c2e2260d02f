package io.streamlearn.record;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class RecordSchemaTest {

    @Test
    void describesFeaturesAndClasses() {
        RecordSchema s = RecordSchema.of(3, List.of("a", "b", "c"), List.of("x", "y"));
        assertThat(s.dimension()).isEqualTo(3);
        assertThat(s.featureIndex("c")).isEqualTo(2);
        assertThat(s.featureIndex("d")).isEqualTo(-1);
        assertThat(s.classification()).isTrue();
        assertThat(s.classIndex("y")).isEqualTo(1);
        assertThat(s.limits()).isEqualTo(RecordLimits.DEFAULT);
        assertThat(RecordSchema.regression(4).classification()).isFalse();
        assertThat(RecordSchema.regression(4).featureNames()).isEmpty();
        assertThat(s.withLimits(RecordLimits.DEFAULT.withMaxIdLength(3)).limits().maxIdLength()).isEqualTo(3);
        assertThat(s).isEqualTo(RecordSchema.of(3, List.of("a", "b", "c"), List.of("x", "y")));
    }

    /** The numeric-label rule: by name when some class name is an integer, else an index in [0, K). */
    @Test
    void numericLabels() {
        RecordSchema named = RecordSchema.of(1, List.of(), List.of("cat", "dog", "eel"));
        assertThat(named.classIndexOf(0)).isEqualTo(0);
        assertThat(named.classIndexOf(2.0)).isEqualTo(2);
        assertThat(named.classIndexOf(3)).isEqualTo(-1);
        assertThat(named.classIndexOf(-1)).isEqualTo(-1);
        assertThat(named.classIndexOf(1.5)).isEqualTo(-1);
        assertThat(named.classIndexOf(Double.NaN)).isEqualTo(-1);
        assertThat(named.classIndexOf(Double.POSITIVE_INFINITY)).isEqualTo(-1);
        RecordSchema numeric = RecordSchema.of(1, List.of(), List.of("-1", "1"));
        assertThat(numeric.classIndexOf(-1)).isEqualTo(0);
        assertThat(numeric.classIndexOf(1)).isEqualTo(1);
        assertThat(numeric.classIndexOf(0)).isEqualTo(-1);
    }

    @Test
    void refusesInconsistentSchemas() {
        assertThatThrownBy(() -> RecordSchema.of(2, List.of("a"), List.of())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RecordSchema.of(2, List.of("a", "a"), List.of())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RecordSchema.of(2, List.of(), List.of("only"))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RecordSchema.regression(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RecordSchema.regression(100_001)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RecordLimits(0, 1, 1, 2)).isInstanceOf(IllegalArgumentException.class);
    }
}
