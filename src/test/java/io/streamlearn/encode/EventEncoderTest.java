package io.streamlearn.encode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.streamlearn.encode.FeatureField.Categorical;
import io.streamlearn.encode.FeatureField.Interaction;
import io.streamlearn.encode.FeatureField.Missing;
import io.streamlearn.encode.FeatureField.Numeric;
import io.streamlearn.encode.FeatureField.Text;
import io.streamlearn.encode.FeatureField.Transform;
import io.streamlearn.record.RawEvent;
import io.streamlearn.record.RawEventReader;
import io.streamlearn.record.RecordLimits;
import io.streamlearn.record.RecordRejectedException;
import io.streamlearn.vector.FeatureVector;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** Raw events to the documented sparse vectors: layout, one-hot, hashing, imputation, text, crosses, names. */
class EventEncoderTest {

    static final FieldPath AMOUNT = FieldPath.parse("amount");
    static final FieldPath AGE = FieldPath.parse("account age days");
    static final FieldPath BATTERY = FieldPath.parse("/device/battery");
    static final FieldPath COUNTRY = FieldPath.parse("country");
    static final FieldPath MERCHANT = FieldPath.parse("merchant_id");
    static final FieldPath OS = FieldPath.parse("/device/os");
    static final FieldPath DESCRIPTION = FieldPath.parse("description");

    /** The features of topologies/payments.yaml. */
    static EventLayout payments() {
        return new EventLayout(List.of(
                new Numeric(AMOUNT, Transform.NONE, Missing.MEAN),
                new Numeric(AGE, Transform.LOG1P, Missing.MEAN),
                new Numeric(BATTERY, Transform.NONE, Missing.ZERO),
                new Categorical(COUNTRY, 1000, 0),
                new Categorical(MERCHANT, 1000, 4096),
                new Categorical(OS, 50, 0),
                new Text(DESCRIPTION, 65536),
                new Interaction(COUNTRY, OS, 1 << 18)));
    }

    private final EventLayout layout = payments();
    private final EventEncoder encoder = new EventEncoder(layout);
    private final RawEventReader reader = new RawEventReader(layout.rawFields(), RecordLimits.DEFAULT);
    private final RawEvent event = reader.newEvent();
    private final FeatureVector x = encoder.newVector();

    private Map<Integer, Double> encode(String json) throws RecordRejectedException {
        return encode(json, true);
    }

    private Map<Integer, Double> encode(String json, boolean learn) throws RecordRejectedException {
        reader.read(json.getBytes(StandardCharsets.UTF_8), event);
        encoder.encode(event, x, learn);
        Map<Integer, Double> out = new TreeMap<>();
        for (int i = 0; i < x.nonZeros(); i++) {
            if (i > 0) {
                assertThat(x.indices()[i]).isGreaterThan(x.indices()[i - 1]);
            }
            out.put(x.indices()[i], x.values()[i]);
        }
        return out;
    }

    private static int hashed(String feature, int n) {
        byte[] b = feature.getBytes(StandardCharsets.UTF_8);
        return MurmurHash3.column(MurmurHash3.hash32(b, 0, b.length, 0), n);
    }

    @Test
    void theLayoutIsFixedBlocksInSpecOrder() {
        // amount 0-1, age 2-3, battery 4-5, country 6-1007, merchant 1008-5103, os 5104-5155,
        // description 5156-70691, country x os 70692-332835
        assertThat(layout.width()).isEqualTo(332_836);
        int[] offsets = new int[8];
        for (int i = 0; i < 8; i++) {
            offsets[i] = layout.offset(i);
        }
        assertThat(offsets).containsExactly(0, 2, 4, 6, 1008, 5104, 5156, 70692);
        assertThat(layout.fields()).containsExactly(AMOUNT, AGE, BATTERY, COUNTRY, MERCHANT, OS, DESCRIPTION);
        assertThat(layout.numericColumns()).containsExactly(0, 2, 4);
        assertThat(layout.rawFields().get(2).pointer()).containsExactly("device", "battery");
        assertThat(layout.rawFields().get(2).numeric()).isTrue();
        assertThat(layout.rawFields().get(5).numeric()).isFalse();
    }

    @Test
    void aFullEventGivesTheDocumentedVector() throws Exception {
        Map<Integer, Double> v = encode("""
                {"order_id": "o-1", "amount": 12.5, "account age days": 40, "country": "DE", "merchant_id": "m-77",
                 "device": {"os": "ios", "battery": 0.5}, "description": "Gift card, gift CARD x2", "is_fraud": 0}""");
        Map<Integer, Double> expected = new TreeMap<>();
        expected.put(0, 12.5);
        expected.put(2, Math.log1p(40));
        expected.put(4, 0.5);
        expected.put(6, 1.0); // country=DE, first seen
        expected.put(1008 + hashed("merchant_id=m-77", 4096), 1.0);
        expected.put(5104, 1.0); // device/os=ios, first seen
        expected.merge(5156 + hashed("description=gift", 65536), 2.0, Double::sum);
        expected.merge(5156 + hashed("description=card", 65536), 2.0, Double::sum);
        expected.merge(5156 + hashed("description=x2", 65536), 1.0, Double::sum);
        expected.put(70692 + hashed("country=DE^device/os=ios", 1 << 18), 1.0);
        assertThat(v).isEqualTo(expected);
        assertThat(encoder.columnName(0)).isEqualTo("amount");
        assertThat(encoder.columnName(3)).isEqualTo("account age days:missing");
        assertThat(encoder.columnName(6)).isEqualTo("country=DE");
        assertThat(encoder.columnName(7)).isEqualTo("country=<unused>");
        assertThat(encoder.columnName(1006)).isEqualTo("country=<other>");
        assertThat(encoder.columnName(1007)).isEqualTo("country=<missing>");
        assertThat(encoder.columnName(5104)).isEqualTo("device/os=ios");
        int cross = 70692 + hashed("country=DE^device/os=ios", 1 << 18);
        assertThat(encoder.columnName(cross)).isEqualTo("country^device/os#" + (cross - 70692));
        assertThat(encoder.hashedFeatures(cross)).containsExactly("country=DE^device/os=ios");
        int merchant = 1008 + hashed("merchant_id=m-77", 4096);
        assertThat(encoder.columnName(merchant)).isEqualTo("merchant_id#" + (merchant - 1008));
        assertThat(encoder.hashedFeatures(merchant)).containsExactly("merchant_id=m-77");
        assertThat(encoder.hashedFeatures(0)).isEmpty();
        assertThatThrownBy(() -> encoder.columnName(332_836)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void missingValuesAreImputedAndIndicatedAndMissingCategoriesAreTheirOwn() throws Exception {
        encode("{\"amount\": 2, \"account age days\": 0}");
        encode("{\"amount\": 4, \"account age days\": 3}");
        // amount: mean of 2 and 4; age: mean of log1p(0) and log1p(3); battery: zero (not stored)
        Map<Integer, Double> v = encode("{\"amount\": null, \"device\": null, \"country\": null}");
        assertThat(v.get(0)).isEqualTo(3.0);
        assertThat(v.get(1)).isEqualTo(1.0);
        assertThat(v.get(2)).isCloseTo(Math.log1p(3) / 2, within(1e-15));
        assertThat(v.get(3)).isEqualTo(1.0);
        assertThat(v).doesNotContainKey(4);
        assertThat(v.get(5)).isEqualTo(1.0);
        assertThat(v.get(1007)).isEqualTo(1.0); // country=<missing>
        assertThat(v.get(1008 + hashed("merchant_id=<missing>", 4096))).isEqualTo(1.0);
        assertThat(v.get(5155)).isEqualTo(1.0); // device/os=<missing>
        assertThat(v.get(70692 + hashed("country=<missing>^device/os=<missing>", 1 << 18))).isEqualTo(1.0);
        assertThat(encoder.missingCount(0)).isEqualTo(1);
        assertThat(encoder.missingCount(3)).isEqualTo(3);
        // no description: no text feature; a missing mean before any value is 0 (not stored)
        EventEncoder fresh = new EventEncoder(layout);
        fresh.encode(event, x, true);
        assertThat(x.get(0)).isEqualTo(0.0);
        assertThat(x.get(1)).isEqualTo(1.0);
    }

    @Test
    void log1pKeepsTheSign() throws Exception {
        Map<Integer, Double> v = encode("{\"account age days\": -9}");
        assertThat(v.get(2)).isEqualTo(-Math.log1p(9));
    }

    @Test
    void categoriesBeyondMaxCategoriesShareOtherAndTenThousandValuesFit() throws Exception {
        for (int i = 0; i < 10_000; i++) {
            Map<Integer, Double> v = encode("{\"device\": {\"os\": \"os-" + i + "\"}, \"merchant_id\": \"m-" + i
                    + "\", \"country\": " + i + "}");
            assertThat(v.get(i < 50 ? 5104 + i : 5154)).as("os-%d", i).isEqualTo(1.0);
            assertThat(v.get(i < 1000 ? 6 + i : 1006)).as("country %d", i).isEqualTo(1.0);
            assertThat(v.keySet()).allSatisfy(c -> assertThat(c).isBetween(0, layout.width() - 1));
        }
        assertThat(encoder.vocabularySize(5)).isEqualTo(50);
        assertThat(encoder.otherCount(5)).isEqualTo(9_950);
        assertThat(encoder.vocabularySize(3)).isEqualTo(1000);
        assertThat(encoder.otherCount(3)).isEqualTo(9_000);
        assertThat(encoder.columnName(5104 + 49)).isEqualTo("device/os=os-49");
        assertThat(encoder.columnName(6 + 42)).isEqualTo("country=42"); // a number taken as its text
        // a seen value keeps its column; a hashed column lists at most 8 values
        assertThat(encode("{\"device\": {\"os\": \"os-7\"}}").get(5104 + 7)).isEqualTo(1.0);
        for (int c = 1008; c < 5104; c++) {
            assertThat(encoder.hashedFeatures(c).size()).isLessThanOrEqualTo(8);
        }
        int m = 1008 + hashed("merchant_id=m-1", 4096);
        assertThat(encoder.hashedFeatures(m)).contains("merchant_id=m-1").allMatch(s -> hashed(s, 4096) == m - 1008);
    }

    @Test
    void aNumericMemberOfAnInteractionMultipliesItsValue() throws Exception {
        EventLayout l = new EventLayout(List.of(new Numeric(AMOUNT, Transform.NONE, Missing.ZERO),
                new Categorical(COUNTRY, 10, 0), new Interaction(COUNTRY, AMOUNT, 1024), new Interaction(AMOUNT, AMOUNT, 8)));
        EventEncoder e = new EventEncoder(l);
        RawEventReader r = new RawEventReader(l.rawFields(), RecordLimits.DEFAULT);
        RawEvent ev = r.newEvent();
        r.read("{\"amount\": 2.5, \"country\": \"FR\"}".getBytes(StandardCharsets.UTF_8), ev);
        FeatureVector v = e.newVector();
        e.encode(ev, v, true);
        assertThat(v.get(14 + hashed("country=FR^amount", 1024))).isEqualTo(2.5);
        assertThat(v.get(14 + 1024 + hashed("amount^amount", 8))).isEqualTo(6.25);
        // a zero product is not stored
        r.read("{\"country\": \"FR\"}".getBytes(StandardCharsets.UTF_8), ev);
        e.encode(ev, v, true);
        assertThat(v.nonZeros()).isEqualTo(2); // amount:missing and country=FR
    }

    @Test
    void encodingWithoutLearningChangesNothing() throws Exception {
        encode("{\"amount\": 1, \"country\": \"DE\", \"merchant_id\": \"a\"}");
        byte[] before = EncoderStateCodec.write(encoder);
        Map<Integer, Double> v = encode("{\"country\": \"FR\", \"merchant_id\": \"b\", \"description\": \"new words\"}",
                false);
        assertThat(v).doesNotContainKeys(7, 1006); // FR has no column yet: its future column's weight is 0
        assertThat(v.get(0)).isEqualTo(1.0); // the mean of the one amount seen
        assertThat(EncoderStateCodec.write(encoder)).isEqualTo(before);
        assertThat(encode("{\"country\": \"DE\"}", false).get(6)).isEqualTo(1.0);
    }

    @Test
    void anEventOfSeenValuesAllocatesNothing() throws Exception {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        byte[][] events = new byte[16][];
        for (int i = 0; i < events.length; i++) {
            events[i] = ("{\"order_id\": \"o-" + i + "\", \"amount\": " + (i * 1.5) + ", \"account age days\": "
                    + (i % 3 == 0 ? "null" : i) + ", \"country\": \"" + (i % 4 == 0 ? "DE" : "FR")
                    + "\", \"merchant_id\": \"m-" + (i % 5) + "\", \"device\": {\"os\": \"ios\", \"battery\": 0."
                    + i + "}, \"description\": \"gift card " + (i % 3) + "\"}").getBytes(StandardCharsets.UTF_8);
        }
        int n = 20_000;
        for (int round = 0; round < 3; round++) { // warm up: let the JIT compile
            for (int i = 0; i < n; i++) {
                reader.read(events[i % events.length], event);
                encoder.encode(event, x, true);
            }
        }
        long thread = Thread.currentThread().getId();
        long before = threads.getThreadAllocatedBytes(thread);
        for (int i = 0; i < n; i++) {
            reader.read(events[i % events.length], event);
            encoder.encode(event, x, true);
        }
        long allocated = threads.getThreadAllocatedBytes(thread) - before;
        // one 16-byte object per event would be 320 kB; allow 16 kB of measurement noise
        assertThat(allocated).as("bytes allocated by %d events", n).isLessThan(16_384);
    }

    @Test
    void theLayoutRefusesWhatTheSpecValidatorAlsoRefuses() {
        assertThatThrownBy(() -> new EventLayout(List.of(new Categorical(COUNTRY, 10, 0),
                new Text(COUNTRY, 8)))).hasMessageContaining("listed twice");
        assertThatThrownBy(() -> new EventLayout(List.of(new Text(DESCRIPTION, 8),
                new Interaction(DESCRIPTION, COUNTRY, 8)))).hasMessageContaining("not a numeric or categorical");
        assertThatThrownBy(() -> new EventLayout(List.of(new Text(DESCRIPTION, EventLayout.MAX_WIDTH),
                new Categorical(COUNTRY, 10, 0)))).hasMessageContaining("columns");
    }
}
