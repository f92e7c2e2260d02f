package io.streamlearn.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.streamlearn.encode.EventLayout;
import io.streamlearn.encode.FeatureField;
import io.streamlearn.encode.FieldPath;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The raw-event form of a spec: the issue's example as written, defaults, and every error by path. */
class EventSpecTest {

    @Test
    void theShippedPaymentsSpecParsesAsTheIssueWroteIt() throws Exception {
        TopologySpec spec = SpecParser.parse(Path.of("topologies", "payments.yaml"));
        EventSpec events = spec.events();
        assertThat(events.id()).isEqualTo(FieldPath.parse("order_id"));
        assertThat(events.label().text()).isEqualTo("is_fraud");
        assertThat(events.timestamp().text()).isEqualTo("ts");
        assertThat(events.standardize()).isTrue();
        EventLayout layout = events.layout();
        assertThat(layout.features()).containsExactly(
                new FeatureField.Numeric(FieldPath.parse("amount"), FeatureField.Transform.NONE, FeatureField.Missing.MEAN),
                new FeatureField.Numeric(FieldPath.parse("account age days"), FeatureField.Transform.LOG1P,
                        FeatureField.Missing.MEAN),
                new FeatureField.Numeric(FieldPath.parse("/device/battery"), FeatureField.Transform.NONE,
                        FeatureField.Missing.ZERO),
                new FeatureField.Categorical(FieldPath.parse("country"), 1000, 0),
                new FeatureField.Categorical(FieldPath.parse("merchant_id"), 1000, 4096),
                new FeatureField.Categorical(FieldPath.parse("/device/os"), 50, 0),
                new FeatureField.Text(FieldPath.parse("description"), 65536),
                new FeatureField.Interaction(FieldPath.parse("country"), FieldPath.parse("/device/os"), 1 << 18));
        // 3 x 2 + (1000 + 2) + 4096 + (50 + 2) + 65536 + 2^18
        assertThat(spec.dimension()).isEqualTo(332_836).isEqualTo(layout.width());
        assertThat(spec.features().names()).isEmpty();
        assertThat(spec.features().standardize()).isTrue();
        assertThat(FieldPath.parse("/device/os").tokens()).containsExactly("device", "os");
        assertThat(spec.learners()).hasSize(2);
    }

    @Test
    void fieldsDefaultToIdLabelTimestampAndPointersUnescape() throws Exception {
        TopologySpec spec = SpecParser.parse("""
                name: p
                input: in
                output: out
                features:
                  categorical: [/a~1b/~0c, {field: plan type, hash: 16}]
                  interactions: [{fields: [plan type, /a~1b/~0c], hash: 8}]
                learners: [{name: l, type: linear}]
                """, "p.yaml");
        assertThat(spec.events().id().text()).isEqualTo("id");
        assertThat(spec.events().label().text()).isEqualTo("label");
        assertThat(spec.events().timestamp().text()).isEqualTo("timestamp");
        assertThat(spec.events().standardize()).isFalse();
        assertThat(spec.events().layout().fields().get(0).tokens()).containsExactly("a/b", "~c");
        assertThat(spec.dimension()).isEqualTo(1002 + 16 + 8);
        // today's form is unchanged and has no events
        assertThat(SpecParser.parse(Path.of("topologies", "diabetes.yaml")).events()).isNull();
    }

    @Test
    void everyMistakeIsReportedByPathAtOnce() {
        SpecException e = catchThrowableOfType(() -> SpecParser.parse("""
                name: p
                input: in
                output: out
                fields: {id: order_id, label: is_fraud, when: ts}
                features:
                  numeric:
                    - amount
                    - {field: amount}
                    - {field: is_fraud}
                    - {field: fee, transform: sqrt, missing: median}
                    - {field: "/bad~2pointer"}
                    - 12
                  categorical:
                    - {field: country, hash: 16, maxCategories: 10}
                    - {field: city, maxCategories: 0}
                    - {}
                  text: [{field: note, hash: 0}]
                  interactions:
                    - [country, note]
                    - [country]
                    - {fields: [country, country]}
                  bogus: 1
                learners: [{name: l, type: linear}]
                """, "bad.yaml"), SpecException.class);
        assertThat(e.errors()).containsExactlyInAnyOrder(
                "fields.when: unknown key (expected one of id, label, timestamp)",
                "features.bogus: unknown key (expected one of names, dimension, standardize, numeric, categorical, text, "
                        + "interactions)",
                "features.numeric[1].field: 'amount' is already listed at features.numeric[0] (a field has one kind)",
                "features.numeric[3].transform: must be one of none, log1p, got 'sqrt'",
                "features.numeric[3].missing: must be one of mean, zero, got 'median'",
                "features.numeric[4].field: in a JSON Pointer '~' is written '~0' and '/' is '~1': '/bad~2pointer'",
                "features.numeric[5]: must be a field name or a mapping with 'field', got the number 12",
                "features.categorical[0].hash: give hash or maxCategories, not both",
                "features.categorical[1].maxCategories: must be in [1, 1048576], got 0",
                "features.categorical[2].field: required",
                "features.text[0].hash: must be in [1, 16777216], got 0",
                "features.interactions[0][1]: must name a field of features.numeric or features.categorical, got the "
                        + "string 'note'",
                "features.interactions[1]: an interaction is a pair of fields, [a, b], or {fields: [a, b], hash: N}; got "
                        + "a list",
                "features.interactions[2].fields: crosses 'country' with itself",
                "features.numeric[2]: 'is_fraud' is the label (fields.label); a feature of it would leak the answer");
    }

    @Test
    void oneFormOrTheOther() {
        SpecException both = catchThrowableOfType(() -> SpecParser.parse("""
                name: p
                input: in
                output: out
                features: {names: [a, b], numeric: [a]}
                learners: [{name: l, type: linear}]
                """, "both.yaml"), SpecException.class);
        assertThat(both.errors()).containsExactly("features: names or dimension (feature records) and numeric, "
                + "categorical, text or interactions (raw events) are two forms of features; give one");
        SpecException fields = catchThrowableOfType(() -> SpecParser.parse("""
                name: p
                input: in
                output: out
                fields: {id: order_id}
                features: {dimension: 2}
                learners: [{name: l, type: linear}]
                """, "fields.yaml"), SpecException.class);
        assertThat(fields.errors()).containsExactly(
                "fields: only with raw-event features (features.numeric, categorical, text, interactions)");
        SpecException wide = catchThrowableOfType(() -> SpecParser.parse("""
                name: p
                input: in
                output: out
                features:
                  text: [{field: a, hash: 16777216}]
                  categorical: [b]
                learners: [{name: l, type: linear}]
                """, "wide.yaml"), SpecException.class);
        assertThat(wide.errors()).containsExactly("features: the features take 16778218 columns; between 1 and 16777216");
    }
}
