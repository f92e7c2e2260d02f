package io.streamlearn.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.streamlearn.encode.EventEncoder;
import io.streamlearn.feed.dataset.Datasets;
import io.streamlearn.learn.LinearModel;
import io.streamlearn.learn.RunningStandardizer;
import io.streamlearn.pipeline.LearningPipeline;
import io.streamlearn.pipeline.PipelineBlueprint;
import io.streamlearn.record.RawEventReader;
import io.streamlearn.record.RecordLimits;
import io.streamlearn.testing.PaymentsSpec;
import io.streamlearn.vector.FeatureVector;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The model view of a raw-event pipeline (narrowed payments.yaml, 2,340 columns, after 3,000
 * events): weights by feature name in the original scale of the numeric columns, hashed columns with
 * the features seen in them, the top-N rule, and the encoder's per-field counts.
 */
class RawEventModelViewTest {

    private static final int EVENTS = 3000;
    private static LearningPipeline pipeline;
    private static List<byte[]> events = new ArrayList<>();

    @BeforeAll
    static void learn() throws Exception {
        pipeline = PipelineBlueprint.of(PaymentsSpec.narrow()).newPipeline();
        Iterator<byte[]> feed = Datasets.events("payments", 5);
        for (int n = 0; n < EVENTS; n++) {
            byte[] event = feed.next();
            try {
                pipeline.events().process(event, "e-" + n);
                events.add(event);
            } catch (io.streamlearn.record.RecordRejectedException e) {
                // the dataset's deliberately bad events: counted elsewhere, not learned
            }
        }
    }

    private static ObjectNode view(int top) {
        return ModelJson.describe(pipeline, "logistic", List.of(), List.of("0", "1"), top);
    }

    @Test
    void everyNonzeroWeightIsNamedInTheOriginalScaleAndGivesTheModelsScore() throws Exception {
        ObjectNode json = view(ModelJson.MAX_TOP);
        LinearModel model = (LinearModel) pipeline.model("logistic");
        JsonNode weights = json.get("weights");
        assertThat(json.get("columns").asInt()).isEqualTo(2340);
        assertThat(model.nonZeroWeights()).isBetween(20L, (long) ModelJson.MAX_TOP);
        assertThat(weights.size()).as("all nonzero weights, each under its own name").isEqualTo((int) model.nonZeroWeights());
        assertThat(weights.fieldNames()).toIterable().contains("amount", "device/battery:missing", "device/os=<missing>");
        assertThat(weights.fieldNames()).toIterable().anyMatch(n -> n.matches("country=[A-Z]{2}\\^device/os=\\w+"));
        assertThat(weights.fieldNames()).toIterable().anyMatch(n -> n.startsWith("merchant_id="));

        // the score from the JSON on the raw encoded event equals the model's on the standardized one
        EventEncoder encoder = pipeline.events().encoder();
        ColumnNames names = ColumnNames.of(pipeline, List.of());
        int[] scaled = names.scaledColumns();
        RunningStandardizer standardizer = pipeline.standardizer();
        RawEventReader reader = new RawEventReader(encoder.layout().rawFields(), RecordLimits.DEFAULT);
        var event = reader.newEvent();
        FeatureVector x = encoder.newVector();
        for (byte[] bytes : events.subList(0, 50)) {
            reader.read(bytes, event);
            encoder.encode(event, x, false);
            double[] raw = new double[scaled.length];
            for (int j = 0; j < scaled.length; j++) {
                raw[j] = x.get(scaled[j]);
            }
            double[] z = new double[scaled.length];
            standardizer.transform(raw, z);
            double expected = model.intercept(0);
            double fromJson = json.get("intercept").asDouble();
            for (int k = 0; k < x.nonZeros(); k++) {
                int c = x.indices()[k];
                int s = java.util.Arrays.binarySearch(scaled, c);
                expected += model.weight(0, c) * (s >= 0 ? z[s] : x.values()[k]);
                fromJson += weights.path(names.name(c)).asDouble(0.0) * x.values()[k];
            }
            for (int j = 0; j < scaled.length; j++) {
                if (raw[j] == 0.0) {
                    expected += model.weight(0, scaled[j]) * z[j]; // an absent value is 0, scaled like any other
                }
            }
            assertThat(fromJson).isCloseTo(expected, within(1e-9 * Math.max(1, Math.abs(expected))));
        }
    }

    @Test
    void hashedColumnsListTheFeaturesSeenInThem() {
        ObjectNode json = view(ModelJson.MAX_TOP);
        JsonNode hashed = json.get("hashed");
        assertThat(hashed).isNotNull();
        hashed.fields().forEachRemaining(e -> {
            assertThat(json.get("weights").has(e.getKey())).as(e.getKey()).isTrue();
            assertThat(e.getValue().size()).isBetween(1, 8);
            if (e.getValue().size() == 1) {
                assertThat(e.getKey()).isEqualTo(e.getValue().get(0).asText()); // named by its one feature
            } else {
                assertThat(e.getKey()).matches(".+#\\d+"); // a collision: named by its block and index
            }
        });
        assertThat(hashed.has("amount")).isFalse();
    }

    @Test
    void aWideRowShowsItsTopWeightsLargestFirstAndACutViewIsTheSame() {
        ObjectNode top10 = view(10);
        List<Double> shown = new ArrayList<>();
        top10.get("weights").fields().forEachRemaining(e -> shown.add(Math.abs(e.getValue().asDouble())));
        assertThat(shown).hasSize(10).isSortedAccordingTo((a, b) -> Double.compare(b, a));
        // the ten largest |w| of the model
        double[] w = ((LinearModel) pipeline.model("logistic")).weights(0);
        assertThat(top10.get("top").asInt()).isEqualTo(10);
        assertThat(top10.get("nonZero").asLong()).isEqualTo(java.util.Arrays.stream(w).filter(v -> v != 0).count());
        // a published view (MAX_TOP) cut to 10 is the view described with 10
        assertThat(ModelJson.top(view(ModelJson.MAX_TOP), 10)).isEqualTo(top10);
        Set<String> hashedKept = new HashSet<>();
        top10.path("hashed").fieldNames().forEachRemaining(hashedKept::add);
        Set<String> weightNames = new HashSet<>();
        top10.get("weights").fieldNames().forEachRemaining(weightNames::add);
        assertThat(weightNames).containsAll(hashedKept);
    }

    @Test
    void encodingCountsEachFieldsMissingAndOtherValues() throws Exception {
        JsonNode encoding = view(5).get("encoding");
        long trained = pipeline.recordsSeen(io.streamlearn.pipeline.Split.TRAIN);
        assertThat(encoding.get("events").asLong()).isEqualTo(trained).isPositive();
        List<String> fields = new ArrayList<>();
        for (JsonNode f : encoding.get("fields")) {
            fields.add(f.get("field").asText());
            assertThat(f.get("missing").asLong()).isBetween(0L, trained);
        }
        assertThat(fields).containsExactly("amount", "account age days", "device/battery", "country", "merchant_id",
                "device/os");
        JsonNode country = encoding.get("fields").get(3);
        assertThat(country.get("vocabulary").asLong()).isEqualTo(pipeline.events().encoder().vocabularySize(3)).isPositive();
        assertThat(country.get("maxCategories").asInt()).isEqualTo(1000);
        assertThat(country.get("other").asLong()).isZero();
        assertThat(encoding.get("fields").get(4).has("vocabulary")).as("hashed: no vocabulary").isFalse();
        // the encoder learned from the TRAIN events only: at most the events with no battery, counted here
        long noBattery = 0;
        com.fasterxml.jackson.databind.ObjectMapper mapper = new com.fasterxml.jackson.databind.ObjectMapper();
        for (byte[] e : events) {
            noBattery += mapper.readTree(new String(e, StandardCharsets.UTF_8)).at("/device/battery").isNumber() ? 0 : 1;
        }
        assertThat(encoding.get("fields").get(2).get("missing").asLong()).isBetween(1L, noBattery - 1)
                .isEqualTo(pipeline.events().encoder().missingCount(2));
    }
}
