package io.streamlearn.record;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Raw events: fields by name and by JSON Pointer, their kinds, wrong types and the hostile-input limits. */
class RawEventReaderTest {

    private static final List<RawField> FIELDS = List.of(
            new RawField("amount", List.of("amount"), true),
            new RawField("account age days", List.of("account age days"), true),
            new RawField("/device/battery", List.of("device", "battery"), true),
            new RawField("country", List.of("country"), false),
            new RawField("/device/os", List.of("device", "os"), false),
            new RawField("/a~1b/~0c", List.of("a/b", "~c"), false),
            new RawField("/items/1/sku", List.of("items", "1", "sku"), false));

    private final RawEventReader reader = new RawEventReader(FIELDS, RecordLimits.DEFAULT);
    private final RawEvent event = reader.newEvent();

    private RawEvent read(String json) throws RecordRejectedException {
        reader.read(json.getBytes(StandardCharsets.UTF_8), event);
        return event;
    }

    private RecordRejectedException rejected(String json) {
        return catchThrowableOfType(() -> read(json), RecordRejectedException.class);
    }

    @Test
    void readsTopLevelNamesAndNestedPointers() throws Exception {
        RawEvent e = read("""
                {"order_id": "o-1", "amount": 12.5, "account age days": 40, "country": "DE",
                 "device": {"os": "ios", "battery": 0.5, "extra": [1, {"x": null}]}, "coupon": null,
                 "a/b": {"~c": "slash"}, "items": [{"sku": "s0"}, {"sku": "s1"}], "is_fraud": 0}""");
        assertThat(e.kind(0)).isEqualTo(RawEvent.Kind.NUMBER);
        assertThat(e.number(0)).isEqualTo(12.5);
        assertThat(e.text(0)).isEqualTo("12.5");
        assertThat(e.number(1)).isEqualTo(40.0);
        assertThat(e.number(2)).isEqualTo(0.5);
        assertThat(e.text(3)).isEqualTo("DE");
        assertThat(e.kind(4)).isEqualTo(RawEvent.Kind.STRING);
        assertThat(e.text(4)).isEqualTo("ios");
        assertThat(e.text(5)).isEqualTo("slash");
        assertThat(e.text(6)).isEqualTo("s1");
    }

    @Test
    void nullAbsentAndPointersIntoMissingObjectsAreMissing() throws Exception {
        RawEvent e = read("{\"amount\": null, \"device\": null, \"items\": [], \"a/b\": \"not an object\"}");
        assertThat(e.kind(0)).isEqualTo(RawEvent.Kind.NULL);
        for (int i = 1; i < FIELDS.size(); i++) {
            assertThat(e.kind(i)).as(FIELDS.get(i).name()).isEqualTo(RawEvent.Kind.ABSENT);
            assertThat(e.missing(i)).isTrue();
            assertThat(e.text(i)).isNull();
        }
        // the next event on the same buffers starts afresh
        assertThat(read("{\"device\": {\"os\": \"android\"}}").text(4)).isEqualTo("android");
        assertThat(event.missing(0)).isTrue();
    }

    @Test
    void aNumberOrBooleanWhereACategoryIsExpectedIsItsText() throws Exception {
        assertThat(read("{\"country\": 42}").text(3)).isEqualTo("42");
        assertThat(read("{\"country\": 1.50}").text(3)).isEqualTo("1.50");
        assertThat(read("{\"country\": -1e3}").text(3)).isEqualTo("-1e3");
        assertThat(read("{\"country\": true}").kind(3)).isEqualTo(RawEvent.Kind.BOOLEAN);
        assertThat(event.text(3)).isEqualTo("true");
        assertThat(read("{\"country\": \"S\\u00e3o \\\"P\\\" \\ud83d\\ude00\"}").text(3)).isEqualTo("São \"P\" 😀");
        assertThat(read("{\"country\": \"日本\"}").text(3)).isEqualTo("日本");
    }

    @Test
    void aNonNumberWhereANumberIsExpectedIsWrongTypeNamingTheField() {
        assertThat(rejected("{\"amount\": \"12.5\"}").headerText())
                .isEqualTo("wrong_type: field 'amount' must be a number, got a string");
        assertThat(rejected("{\"device\": {\"battery\": {\"level\": 1}}}").headerText())
                .isEqualTo("wrong_type: field '/device/battery' must be a number, got an object");
        assertThat(rejected("{\"account age days\": true}").reason()).isEqualTo(RejectReason.WRONG_TYPE);
        assertThat(rejected("{\"country\": [\"DE\"]}").headerText())
                .isEqualTo("wrong_type: field 'country' must be a string, number or boolean, got an array");
    }

    @Test
    void nonFiniteTooLargeRepeatedAndNonObjectEventsAreRefused() {
        assertThat(rejected("{\"amount\": NaN}").reason()).isEqualTo(RejectReason.NON_FINITE);
        assertThat(rejected("{\"amount\": 1e999}").reason()).isEqualTo(RejectReason.NON_FINITE);
        assertThat(rejected("{\"amount\": 1e300}").reason()).isEqualTo(RejectReason.TOO_LARGE);
        assertThat(rejected("{\"country\": \"DE\", \"country\": \"FR\"}").headerText())
                .isEqualTo("invalid_record: field 'country' appears twice");
        assertThat(rejected("[1, 2]").reason()).isEqualTo(RejectReason.INVALID_RECORD);
        assertThat(rejected("{\"amount\": 1").reason()).isEqualTo(RejectReason.NOT_JSON);
        assertThat(rejected("").reason()).isEqualTo(RejectReason.NOT_JSON);
        assertThat(rejected("{\"amount\": 1} {}").reason()).isEqualTo(RejectReason.NOT_JSON);
    }

    @Test
    void hostileEventsKeepTheLimitsAndReasons() throws Exception {
        // a huge string: over 1 MiB is too_large before parsing; just under it is read
        String big = "x".repeat(RecordLimits.DEFAULT_MAX_VALUE_BYTES);
        assertThat(rejected("{\"country\": \"" + big + "\"}").reason()).isEqualTo(RejectReason.TOO_LARGE);
        String large = "y".repeat(RecordLimits.DEFAULT_MAX_VALUE_BYTES - 100);
        assertThat(read("{\"country\": \"" + large + "\"}").textLength(3)).isEqualTo(large.length());
        // deep nesting, in a skipped field and on a pointer's path
        String deep = "[".repeat(100) + "]".repeat(100);
        assertThat(rejected("{\"other\": " + deep + "}").headerText())
                .isEqualTo("invalid_record: JSON nested deeper than 16 levels");
        assertThat(rejected("{\"device\": " + "{\"x\": ".repeat(20) + "1" + "}".repeat(21)).reason())
                .isEqualTo(RejectReason.INVALID_RECORD);
        // 100,000 fields pass, 100,001 do not
        StringBuilder many = new StringBuilder("{");
        for (int i = 0; i < RecordLimits.DEFAULT_MAX_FEATURES; i++) {
            many.append(i == 0 ? "" : ",").append("\"f\":1");
        }
        assertThat(read(many + "}").missing(0)).isTrue();
        assertThat(rejected(many + ",\"amount\":2}").headerText()).isEqualTo("too_large: more than 100000 fields");
        // nested members count too
        StringBuilder nested = new StringBuilder("{\"device\": {");
        for (int i = 0; i <= RecordLimits.DEFAULT_MAX_FEATURES; i++) {
            nested.append(i == 0 ? "" : ",").append("\"f\":1");
        }
        assertThat(rejected(nested + "}}").reason()).isEqualTo(RejectReason.TOO_LARGE);
        // invalid UTF-8 in a skipped string is still not JSON
        byte[] bad = "{\"other\": \"\u00e9\"}".getBytes(StandardCharsets.UTF_8);
        bad[12] = (byte) 0xc0;
        assertThatThrownBy(() -> reader.read(bad, event)).isInstanceOf(RecordRejectedException.class)
                .extracting(e -> ((RecordRejectedException) e).reason()).isEqualTo(RejectReason.NOT_JSON);
    }

    @Test
    void aFieldListedTwiceIsRefusedAtConstruction() {
        assertThatThrownBy(() -> new RawEventReader(List.of(new RawField("a", List.of("a"), true),
                new RawField("/a", List.of("a"), false)), RecordLimits.DEFAULT))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("also field a");
    }
}
