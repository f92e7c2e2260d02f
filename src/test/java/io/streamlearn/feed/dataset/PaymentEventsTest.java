package io.streamlearn.feed.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamlearn.encode.EventEncoder;
import io.streamlearn.record.RawEvent;
import io.streamlearn.record.RawEventReader;
import io.streamlearn.record.RecordLimits;
import io.streamlearn.spec.EventSpec;
import io.streamlearn.spec.SpecParser;
import io.streamlearn.vector.FeatureVector;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Iterator;
import org.junit.jupiter.api.Test;

/** The payments dataset: seeded raw events that payments.yaml reads, with the missing fields and signal it promises. */
class PaymentEventsTest {

    @Test
    void sameSeedSameEventsAndIdsCount() {
        Iterator<byte[]> a = Datasets.events("payments", 5);
        Iterator<byte[]> b = Datasets.events("payments", 5);
        for (int i = 0; i < 100; i++) {
            byte[] ea = a.next();
            assertThat(ea).isEqualTo(b.next());
            assertThat(new String(ea, StandardCharsets.UTF_8)).startsWith("{\"order_id\":\"payments-" + i + "\"");
        }
        assertThat(Datasets.events("payments", 6).next()).isNotEqualTo(Datasets.events("payments", 5).next());
        assertThat(Datasets.EVENT_NAMES).containsExactly("payments");
        assertThatThrownBy(() -> Datasets.open("payments", 1)).hasMessageContaining("is raw events");
        assertThatThrownBy(() -> Datasets.events("friedman1", 1)).hasMessageContaining("known: payments");
    }

    @Test
    void paymentsYamlReadsEveryEventAndTheLabelFollowsTheCrosses() throws Exception {
        EventSpec spec = SpecParser.parse(Path.of("topologies", "payments.yaml")).events();
        java.util.List<io.streamlearn.record.RawField> fields = new java.util.ArrayList<>(spec.layout().rawFields());
        fields.add(new io.streamlearn.record.RawField("is_fraud", spec.label().tokens(), true));
        RawEventReader reader = new RawEventReader(fields, RecordLimits.DEFAULT);
        RawEvent e = reader.newEvent();
        EventEncoder encoder = new EventEncoder(spec.layout());
        FeatureVector x = encoder.newVector();
        int label = fields.size() - 1;
        int n = 50_000;
        int fraud = 0;
        int crossed = 0;
        int crossedFraud = 0;
        int missingAge = 0;
        int missingBattery = 0;
        int missingOs = 0;
        Iterator<byte[]> events = Datasets.events("payments", 42);
        for (int i = 0; i < n; i++) {
            reader.read(events.next(), e); // throws if any event were refused
            encoder.encode(e, x, true);
            assertThat(x.nonZeros()).isPositive();
            int y = (int) e.number(label);
            fraud += y;
            missingAge += e.missing(1) ? 1 : 0;
            missingBattery += e.missing(2) ? 1 : 0;
            missingOs += e.missing(5) ? 1 : 0;
            if ("NG".equals(e.text(3)) && "android".equals(e.text(5))) {
                crossed++;
                crossedFraud += y;
            }
        }
        // rates from the generator's recipe, with room for sampling error (n = 50,000)
        assertThat((double) fraud / n).isBetween(0.03, 0.15);
        assertThat((double) missingAge / n).isBetween(0.07, 0.09); // 5% null + 3% absent
        assertThat((double) missingOs / n).isBetween(0.03, 0.05); // no device: 4%
        assertThat((double) missingBattery / n).isBetween(0.5, 0.56); // desktops and no device
        // the NG x android cross multiplies the odds by e^3: its fraud rate is several times the base rate
        assertThat((double) crossedFraud / crossed).isGreaterThan(3.0 * fraud / n);
        assertThat(encoder.vocabularySize(3)).isEqualTo(12); // every country, one-hot
        assertThat(encoder.columnName(spec.layout().offset(3))).isEqualTo("country=" + firstCountry());
    }

    private static String firstCountry() throws Exception {
        String first = new String(Datasets.events("payments", 42).next(), StandardCharsets.UTF_8);
        int at = first.indexOf("\"country\":\"") + 11;
        return first.substring(at, first.indexOf('"', at));
    }
}
