package io.streamlearn.encode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamlearn.learn.SeededRandom;
import io.streamlearn.record.RawEvent;
import io.streamlearn.record.RawEventReader;
import io.streamlearn.record.RecordLimits;
import io.streamlearn.vector.FeatureVector;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The encoder's state round-trips bit-identically, and a restored encoder continues as the original. */
class EncoderStateCodecTest {

    private static byte[] event(SeededRandom r, int i) {
        String os = r.nextDouble() < 0.1 ? "null" : "\"os-" + (int) (80 * r.nextDouble()) + "\"";
        String amount = r.nextDouble() < 0.2 ? "" : "\"amount\": " + (100 * r.nextDouble()) + ", ";
        return ("{" + amount + "\"account age days\": " + (int) (1000 * r.nextDouble()) + ", \"country\": \"c"
                + (int) (1200 * r.nextDouble()) + "\", \"merchant_id\": \"m-" + i + "\", \"device\": {\"os\": " + os
                + "}, \"description\": \"w" + (int) (50 * r.nextDouble()) + " é" + i % 7 + "\"}")
                .getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void roundTripsBitIdenticallyAndContinuesAlike() throws Exception {
        EventLayout layout = EventEncoderTest.payments();
        EventEncoder original = new EventEncoder(layout);
        RawEventReader reader = new RawEventReader(layout.rawFields(), RecordLimits.DEFAULT);
        RawEvent e = reader.newEvent();
        FeatureVector a = original.newVector();
        SeededRandom random = new SeededRandom(3);
        for (int i = 0; i < 5_000; i++) {
            reader.read(event(random, i), e);
            original.encode(e, a, true);
        }
        byte[] state = EncoderStateCodec.write(original);
        EventEncoder restored = EncoderStateCodec.restore(new EventEncoder(layout), state);
        assertThat(EncoderStateCodec.write(restored)).isEqualTo(state);
        assertThat(restored.vocabularySize(3)).isEqualTo(1000);
        assertThat(restored.otherCount(3)).isEqualTo(original.otherCount(3)).isPositive();
        assertThat(restored.missingCount(0)).isEqualTo(original.missingCount(0)).isPositive();
        for (int c = 0; c < layout.width(); c += 97) {
            assertThat(restored.columnName(c)).isEqualTo(original.columnName(c));
            assertThat(restored.hashedFeatures(c)).isEqualTo(original.hashedFeatures(c));
        }
        FeatureVector b = restored.newVector();
        for (int i = 5_000; i < 6_000; i++) {
            reader.read(event(random, i), e);
            original.encode(e, a, true);
            restored.encode(e, b, true);
            assertThat(b.nonZeros()).isEqualTo(a.nonZeros());
            for (int k = 0; k < a.nonZeros(); k++) {
                assertThat(b.indices()[k]).isEqualTo(a.indices()[k]);
                assertThat(Double.doubleToRawLongBits(b.values()[k])).isEqualTo(Double.doubleToRawLongBits(a.values()[k]));
            }
        }
        assertThat(EncoderStateCodec.write(restored)).isEqualTo(EncoderStateCodec.write(original));
    }

    @Test
    void refusesTheStateOfAnotherLayoutOrWithTrailingBytes() {
        EventEncoder payments = new EventEncoder(EventEncoderTest.payments());
        byte[] state = EncoderStateCodec.write(payments);
        EventLayout other = new EventLayout(List.of(new FeatureField.Categorical(EventEncoderTest.COUNTRY, 10, 0)));
        assertThatThrownBy(() -> EncoderStateCodec.restore(new EventEncoder(other), state))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("the layout has 1 in 12");
        byte[] longer = java.util.Arrays.copyOf(state, state.length + 1);
        assertThatThrownBy(() -> EncoderStateCodec.restore(new EventEncoder(EventEncoderTest.payments()), longer))
                .hasMessageContaining("trailing bytes");
        assertThatThrownBy(() -> EncoderStateCodec.restore(new EventEncoder(EventEncoderTest.payments()), new byte[] {9}))
                .hasMessageContaining("format 9");
    }
}
