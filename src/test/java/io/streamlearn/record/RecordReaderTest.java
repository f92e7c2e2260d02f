package io.streamlearn.record;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamlearn.vector.FeatureVector;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RecordReaderTest {

    private static final RecordSchema NAMED = RecordSchema.regression(List.of("age", "sex", "bmi"));
    private static final RecordSchema POSITIONAL = RecordSchema.regression(3);
    private static final RecordSchema CLASSES = RecordSchema.of(2, List.of(), List.of("benign", "malignant"));

    private static FeatureRecord read(RecordSchema schema, String json) throws RecordRejectedException {
        return new RecordReader(schema).fromJson(json.getBytes(StandardCharsets.UTF_8), "t-0-7");
    }

    private static RejectReason reason(RecordSchema schema, byte[] value) {
        try {
            new RecordReader(schema).fromJson(value, "t-0-7");
        } catch (RecordRejectedException e) {
            assertThat(e.getMessage()).isNotBlank();
            return e.reason();
        }
        throw new AssertionError("accepted: " + new String(value, StandardCharsets.UTF_8));
    }

    private static RejectReason reason(RecordSchema schema, String json) {
        return reason(schema, json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void readsTheDesignExamples() throws RecordRejectedException {
        FeatureRecord r = read(NAMED, "{\"id\": \"r-17\", \"features\": [0.03, -0.04, 0.06], \"label\": 151.0, "
                + "\"timestamp\": 1764259200000}");
        assertThat(r.id()).isEqualTo("r-17");
        assertThat(r.features()).containsExactly(0.03, -0.04, 0.06);
        assertThat(r.label()).isEqualTo(151.0);
        assertThat(r.timestamp()).isEqualTo(1764259200000L);
        assertThat(r.labeled()).isTrue();

        FeatureRecord named = read(NAMED, "{\"id\": \"r-18\", \"features\": {\"age\": 0.03, \"bmi\": 0.06}}");
        assertThat(named.features()).containsExactly(0.03, 0.0, 0.06);
        assertThat(named.labeled()).isFalse();
        assertThat(named.label()).isNaN();
        assertThat(named.timestamp()).isNull();
    }

    @Test
    void defaultsAndOptionalFields() throws RecordRejectedException {
        FeatureRecord r = read(POSITIONAL, "{\"features\": [1, 2, 3], \"label\": null, \"timestamp\": null, "
                + "\"source\": {\"any\": [\"thing\", 1, {\"x\": null}]}}");
        assertThat(r.id()).isEqualTo("t-0-7");
        assertThat(r.features()).containsExactly(1.0, 2.0, 3.0);
        assertThat(r.labeled()).isFalse();
        assertThat(read(POSITIONAL, "{\"id\": 42, \"features\": [1, 2, 3], \"label\": -2}").id()).isEqualTo("42");
        assertThat(read(POSITIONAL, "{\"id\": null, \"features\": [1, 2, 3]}").id()).isEqualTo("t-0-7");
        assertThat(read(POSITIONAL, " \uFEFF{\"features\":[1e-3,2E2,-0.0]} ".replace("\uFEFF", "")).features())
                .containsExactly(1e-3, 200.0, -0.0);
    }

    /** Class names; numbers as class indices when no class name is numeric (documented rule). */
    @Test
    void classificationLabels() throws RecordRejectedException {
        FeatureRecord byName = read(CLASSES, "{\"features\": [1, 2], \"label\": \"malignant\"}");
        assertThat(byName.label()).isEqualTo(1.0);
        FeatureRecord byIndex = read(CLASSES, "{\"features\": [1, 2], \"label\": 0}");
        assertThat(byIndex.label()).isEqualTo(0.0);
        assertThat(read(CLASSES, "{\"features\": [1, 2], \"label\": 1.0}").label()).isEqualTo(1.0);
        assertThat(reason(CLASSES, "{\"features\": [1, 2], \"label\": 2}")).isEqualTo(RejectReason.UNKNOWN_CLASS);
        assertThat(reason(CLASSES, "{\"features\": [1, 2], \"label\": 0.5}")).isEqualTo(RejectReason.UNKNOWN_CLASS);
        assertThat(reason(CLASSES, "{\"features\": [1, 2], \"label\": \"cancer\"}"))
                .isEqualTo(RejectReason.UNKNOWN_CLASS);
        assertThat(reason(CLASSES, "{\"features\": [1, 2], \"label\": true}")).isEqualTo(RejectReason.INVALID_RECORD);

        // classes named by numbers: a number is matched by name, never as an index
        RecordSchema numeric = RecordSchema.of(1, List.of(), List.of("1", "2"));
        FeatureRecord one = read(numeric, "{\"features\": [0], \"label\": 1}");
        assertThat(one.label()).isEqualTo(0.0);
        assertThat(read(numeric, "{\"features\": [0], \"label\": \"2\"}").label()).isEqualTo(1.0);
        assertThat(reason(numeric, "{\"features\": [0], \"label\": 0}")).isEqualTo(RejectReason.UNKNOWN_CLASS);
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "NOT_JSON         | ``",
        "NOT_JSON         | `   `",
        "NOT_JSON         | `{\"features\": [1, 2, 3]`",
        "NOT_JSON         | `{\"features\": [1, 2,`",
        "NOT_JSON         | `{features: [1, 2, 3]}`",
        "NOT_JSON         | `{\"features\": [1, 2, 3]} trailing`",
        "NOT_JSON         | `{\"features\": [1, 2, 3]}{}`",
        "NOT_JSON         | `hello`",
        "INVALID_RECORD   | `[1, 2, 3]`",
        "INVALID_RECORD   | `42`",
        "INVALID_RECORD   | `{}`",
        "INVALID_RECORD   | `{\"label\": 1}`",
        "INVALID_RECORD   | `{\"features\": null}`",
        "INVALID_RECORD   | `{\"features\": \"1,2,3\"}`",
        "INVALID_RECORD   | `{\"features\": [1, \"2\", 3]}`",
        "INVALID_RECORD   | `{\"features\": [1, null, 3]}`",
        "INVALID_RECORD   | `{\"features\": [1, [2], 3]}`",
        "INVALID_RECORD   | `{\"features\": [1, 2, 3], \"label\": \"151\"}`",
        "INVALID_RECORD   | `{\"features\": [1, 2, 3], \"id\": \"\"}`",
        "INVALID_RECORD   | `{\"features\": [1, 2, 3], \"id\": [1]}`",
        "INVALID_RECORD   | `{\"features\": [1, 2, 3], \"timestamp\": 1.5}`",
        "INVALID_RECORD   | `{\"features\": [1, 2, 3], \"timestamp\": \"2026-01-01\"}`",
        "INVALID_RECORD   | `{\"features\": [1, 2, 3], \"timestamp\": 99999999999999999999}`",
        "INVALID_RECORD   | `{\"features\": [1, 2, 3], \"features\": [1, 2, 3]}`",
        "INVALID_RECORD   | `{\"features\": {\"a\": 1}}`",
        "WRONG_DIMENSION  | `{\"features\": [1, 2]}`",
        "WRONG_DIMENSION  | `{\"features\": [1, 2, 3, 4]}`",
        "WRONG_DIMENSION  | `{\"features\": []}`",
        "NON_FINITE       | `{\"features\": [1, NaN, 3]}`",
        "NON_FINITE       | `{\"features\": [Infinity, 2, 3]}`",
        "NON_FINITE       | `{\"features\": [1, 2, -Infinity]}`",
        "NON_FINITE       | `{\"features\": [1, 2, 1e999]}`",
        "NON_FINITE       | `{\"features\": [1, 2, -1e400]}`",
        "NON_FINITE       | `{\"features\": [1, 2, 3], \"label\": NaN}`",
        "NON_FINITE       | `{\"features\": [1, 2, 3], \"label\": 1e309}`",
    })
    void rejectsBadRecords(RejectReason expected, String json) {
        assertThat(reason(POSITIONAL, json == null ? "" : json)).isEqualTo(expected);
    }

    @Test
    void namedFeatureProblems() {
        assertThat(reason(NAMED, "{\"features\": {\"age\": 1, \"weight\": 2}}")).isEqualTo(RejectReason.UNKNOWN_FEATURE);
        assertThat(reason(NAMED, "{\"features\": {\"age\": 1, \"age\": 2}}")).isEqualTo(RejectReason.INVALID_RECORD);
        assertThat(reason(NAMED, "{\"features\": {\"age\": \"1\"}}")).isEqualTo(RejectReason.INVALID_RECORD);
        assertThat(reason(NAMED, "{\"features\": {\"age\": NaN}}")).isEqualTo(RejectReason.NON_FINITE);
        assertThat(reason(NAMED, "{\"features\": {\"age\": 1e999}}")).isEqualTo(RejectReason.NON_FINITE);
    }

    @Test
    void rejectsBinaryGarbageAndInvalidUtf8() {
        assertThat(reason(POSITIONAL, new byte[] {0, 0, 0, 1, 2, 3})).isEqualTo(RejectReason.NOT_JSON);
        assertThat(reason(POSITIONAL, new byte[] {(byte) 0xff, (byte) 0xfe, 0x7b, 0x7d})).isEqualTo(RejectReason.NOT_JSON);
        assertThat(reason(POSITIONAL, new byte[] {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10}))
                .isEqualTo(RejectReason.NOT_JSON);
        byte[] badString = "{\"id\": \"r-\u00e9\", \"features\": [1, 2, 3]}".getBytes(StandardCharsets.UTF_8);
        badString[11] = (byte) 0xc3; // the two bytes of é, the second broken
        badString[12] = (byte) 0x28;
        assertThat(reason(POSITIONAL, badString)).isEqualTo(RejectReason.NOT_JSON);
        // in an ignored field, too
        byte[] ignored = "{\"features\": [1, 2, 3], \"note\": \"ab\"}".getBytes(StandardCharsets.UTF_8);
        ignored[ignored.length - 3] = (byte) 0xe2; // a 3-byte lead followed by ASCII
        assertThat(reason(POSITIONAL, ignored)).isEqualTo(RejectReason.NOT_JSON);
        byte[] truncatedUtf8 = "{\"id\": \"\u65e5\"}".getBytes(StandardCharsets.UTF_8);
        assertThat(reason(POSITIONAL, java.util.Arrays.copyOf(truncatedUtf8, 10))).isEqualTo(RejectReason.NOT_JSON);
    }

    @Test
    void enforcesTheLimits() throws RecordRejectedException {
        RecordSchema tight = POSITIONAL.withLimits(new RecordLimits(200, 5, 8, 4));
        assertThat(reason(tight, "{\"features\": [1, 2, 3], \"pad\": \"" + "x".repeat(200) + "\"}"))
                .isEqualTo(RejectReason.TOO_LARGE);
        assertThat(reason(tight, "{\"features\": [1, 2, 3, 4, 5, 6, 7]}")).isEqualTo(RejectReason.TOO_LARGE);
        assertThat(reason(tight, "{\"features\": [1, 2, 3, 4, 5]}")).isEqualTo(RejectReason.WRONG_DIMENSION);
        assertThat(reason(tight, "{\"id\": \"123456789\", \"features\": [1, 2, 3]}")).isEqualTo(RejectReason.TOO_LARGE);
        assertThat(reason(tight, "{\"features\": [1, 2, 3], \"x\": [[[[1]]]]}")).isEqualTo(RejectReason.INVALID_RECORD);
        // depth 4 (object, array, array, array) is still within the limit
        assertThat(read(tight, "{\"features\": [1, 2, 3], \"x\": [[[1]]]}").features()).hasSize(3);
        assertThat(reason(POSITIONAL, "{\"features\": [1, 2, 3], \"x\": " + "[".repeat(17) + "]".repeat(17) + "}"))
                .isEqualTo(RejectReason.INVALID_RECORD);
        assertThat(reason(POSITIONAL, "[".repeat(5000))).isEqualTo(RejectReason.INVALID_RECORD);
        // a number of 1,001 digits: over the tokenizer's limit (Jackson's default, which the reader had)
        assertThat(reason(POSITIONAL, "{\"features\": [1, 2, " + "7".repeat(1001) + "]}")).isEqualTo(RejectReason.TOO_LARGE);
        assertThat(read(POSITIONAL, "{\"features\": [1, 2, 0." + "7".repeat(998) + "]}").features()[2]).isEqualTo(0.7777777777777778);
        byte[] big = new byte[RecordLimits.DEFAULT_MAX_VALUE_BYTES + 1];
        assertThat(reason(POSITIONAL, big)).isEqualTo(RejectReason.TOO_LARGE);
    }

    @Test
    void aFiniteValueWhoseSquareWouldOverflowIsRefusedWhole() throws RecordRejectedException {
        // 1e308 is finite, but (1e308)^2 is not: no learner may see it, so the record is refused at the door
        assertThat(reason(POSITIONAL, "{\"features\": [1, 1e308, 3], \"label\": 1}")).isEqualTo(RejectReason.TOO_LARGE);
        assertThat(reason(POSITIONAL, "{\"features\": [1, 2, 3], \"label\": -1e308}")).isEqualTo(RejectReason.TOO_LARGE);
        assertThat(reason(NAMED, "{\"features\": {\"bmi\": 1e200}}")).isEqualTo(RejectReason.TOO_LARGE);
        assertThat(reason(POSITIONAL, "{\"features\": [1, 2, 3], \"label\": 1.0000000001e15}")).isEqualTo(RejectReason.TOO_LARGE);
        // the limit itself, and epoch milliseconds, pass
        assertThat(read(POSITIONAL, "{\"features\": [1e15, -1e15, 1764259200000], \"label\": 1e15}").features())
                .containsExactly(1e15, -1e15, 1764259200000.0);
        RecordSchema tight = POSITIONAL.withLimits(RecordLimits.DEFAULT.withMaxAbsValue(10));
        assertThatThrownBy(() -> read(tight, "{\"features\": [1, 2, 11]}"))
                .hasMessage("features[2] = 11 is beyond the largest accepted magnitude 10.0");
    }

    @Test
    void messagesSayWhatAndWhere() {
        assertThatThrownBy(() -> read(POSITIONAL, "{\"features\": [1, 2]}"))
                .hasMessage("'features' has 2 values, expected 3");
        assertThatThrownBy(() -> read(POSITIONAL, "{\"features\": [1, NaN, 3]}"))
                .hasMessage("features[1] is NaN");
        assertThatThrownBy(() -> read(NAMED, "{\"features\": {\"weight\": 2}}"))
                .hasMessage("unknown feature 'weight'");
        assertThatThrownBy(() -> read(CLASSES, "{\"features\": [1, 2], \"label\": \"cancer\"}"))
                .hasMessage("unknown class 'cancer'; classes are [benign, malignant]");
        try {
            read(POSITIONAL, "{\"features\": [1, 2]}");
        } catch (RecordRejectedException e) {
            assertThat(e.headerText()).isEqualTo("wrong_dimension: 'features' has 2 values, expected 3");
        }
    }

    /**
     * A sparse schema's records reach the models as their nonzero columns, in a vector reused from
     * record to record; a dense schema's as the reader's array, wrapped (no copy).
     */
    @Test
    void aSparseSchemaGivesTheNonZerosOfEachRecord() throws RecordRejectedException {
        RecordReader reader = new RecordReader(NAMED.withSparseFeatures());
        ParsedRecord into = new ParsedRecord(3);
        reader.read("{\"features\": [0, 2.5, -1]}".getBytes(StandardCharsets.UTF_8), into);
        FeatureVector first = into.features();
        assertThat(first.isSparse()).isTrue();
        assertThat(first.nonZeros()).isEqualTo(2);
        assertThat(java.util.Arrays.copyOf(first.indices(), 2)).containsExactly(1, 2);
        assertThat(java.util.Arrays.copyOf(first.values(), 2)).containsExactly(2.5, -1.0);
        reader.read("{\"features\": {\"age\": 4}}".getBytes(StandardCharsets.UTF_8), into);
        assertThat(into.features()).isSameAs(first);
        assertThat(first.nonZeros()).isEqualTo(1);
        assertThat(first.get(0)).isEqualTo(4.0);

        RecordReader dense = new RecordReader(NAMED);
        dense.read("{\"features\": [0, 2.5, -1]}".getBytes(StandardCharsets.UTF_8), into);
        assertThat(into.features().isSparse()).isFalse();
        assertThat(into.features().denseValues()).isSameAs(into.features).containsExactly(0, 2.5, -1);
        assertThat(NAMED.withSparseFeatures()).isNotEqualTo(NAMED);
    }

    /** One reused buffer for a stream of records, a rejected one among them: each read gives what fromJson gives. */
    @Test
    void readIntoAReusedBufferGivesWhatFromJsonGives() throws RecordRejectedException {
        RecordReader reader = new RecordReader(NAMED);
        ParsedRecord into = new ParsedRecord(3);
        String[] stream = {
            "{\"id\": \"a\", \"features\": [1, 2, 3], \"label\": 4.5, \"timestamp\": 99}",
            "{\"features\": {\"bmi\": 7}}",
            "{\"id\": \"c\", \"features\": [1, 2], \"label\": 1}",
            "{\"id\": 12, \"features\": {\"age\": -1, \"sex\": 2}, \"label\": null, \"timestamp\": null}",
            "{\"features\": [0.5, 0.25, 0.125], \"label\": -3, \"timestamp\": 1764259200000}",
        };
        for (String json : stream) {
            byte[] value = json.getBytes(StandardCharsets.UTF_8);
            FeatureRecord expected;
            try {
                expected = reader.fromJson(value, "t-0-7");
            } catch (RecordRejectedException e) {
                assertThatThrownBy(() -> reader.read(value, into)).isInstanceOf(RecordRejectedException.class)
                        .hasMessage(e.getMessage());
                continue;
            }
            reader.read(value, into);
            assertThat(into.id() == null ? "t-0-7" : into.id().toString()).isEqualTo(expected.id());
            assertThat(into.features().denseValues()).containsExactly(expected.features());
            assertThat(Double.doubleToRawLongBits(into.label())).isEqualTo(Double.doubleToRawLongBits(expected.label()));
            assertThat(into.hasTimestamp() ? (Long) into.timestamp() : null).isEqualTo(expected.timestamp());
        }
    }
}
