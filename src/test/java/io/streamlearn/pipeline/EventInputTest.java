package io.streamlearn.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamlearn.feed.dataset.Datasets;
import io.streamlearn.learn.ModelCodec;
import io.streamlearn.learn.OnlineModel;
import io.streamlearn.record.RecordRejectedException;
import io.streamlearn.record.RejectReason;
import io.streamlearn.spec.SpecParser;
import io.streamlearn.spec.TopologySpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import org.junit.jupiter.api.Test;

/**
 * Raw events through the pipeline ({@link EventInput}, issue 26): the {@code payments} dataset is
 * learned (prequential log loss below the best constant's), bad events are rejected with their
 * reason and change nothing, and the stored state (encoder included) continues bit-identically.
 */
class EventInputTest {

    private static final int EVENTS = 20_000;

    /** topologies/payments.yaml as shipped. */
    private static TopologySpec shipped() throws Exception {
        return SpecParser.parse(Path.of("topologies/payments.yaml"));
    }

    /**
     * topologies/payments.yaml with narrower hashed blocks (merchant 256, text 512, cross 512
     * columns): the MLP trains its first layer densely (width x hidden per step), which at the
     * shipped width of 332,836 columns costs about 10 ms per event.
     */
    static TopologySpec narrow() throws Exception {
        String text = Files.readString(Path.of("topologies/payments.yaml"), StandardCharsets.UTF_8)
                .replace("hash: 4096", "hash: 256").replace("hash: 65536", "hash: 512")
                .replace("- [country, /device/os]", "- {fields: [country, /device/os], hash: 512}");
        return SpecParser.parse(text, "payments-narrow.yaml");
    }

    /** Log loss of the best constant in hindsight: the entropy of the fraud rate over the events. */
    private static double constantLogLoss(int events) {
        Iterator<byte[]> data = Datasets.events("payments", 42);
        int fraud = 0;
        for (int i = 0; i < events; i++) {
            String e = new String(data.next(), StandardCharsets.UTF_8);
            fraud += e.contains("\"is_fraud\":1") ? 1 : 0;
        }
        assertThat(fraud).as("a fraud label in the events").isPositive().isLessThan(events);
        double p = (double) fraud / events;
        return -(p * Math.log(p) + (1 - p) * Math.log(1 - p));
    }

    private static LearningPipeline replay(TopologySpec spec, int events) throws RecordRejectedException {
        LearningPipeline pipeline = PipelineBlueprint.of(spec).newPipeline();
        Iterator<byte[]> data = Datasets.events("payments", 42);
        for (int i = 0; i < events; i++) {
            pipeline.events().process(data.next(), "payments-" + i);
        }
        return pipeline;
    }

    @Test
    void theShippedSpecsLogisticLearnsPaymentsBetterThanTheConstantPrior() throws Exception {
        TopologySpec spec = shipped();
        TopologySpec logistic = new TopologySpec(spec.name(), spec.input(), spec.output(), spec.deadLetter(),
                spec.task(), spec.features(), spec.evaluation(), spec.classes(),
                java.util.List.of(spec.learner("logistic")), spec.scope(), spec.labels(), spec.parallel(),
                spec.events(), spec.text());
        LearningPipeline p = replay(logistic, EVENTS);
        double baseline = constantLogLoss(EVENTS);
        double loss = p.stats("logistic").prequentialLoss();
        System.out.printf("payments %d events: logistic prequential log loss %.4f, holdout %.4f, constant %.4f%n",
                EVENTS, loss, p.stats("logistic").holdoutLoss(), baseline);
        assertThat(loss).as("logistic vs the constant's %s", baseline).isLessThan(0.9 * baseline);
        assertThat(p.stats("logistic").holdoutLoss()).isLessThan(baseline);
        assertThat(p.recordsSeen(Split.TRAIN) + p.recordsSeen(Split.HOLDOUT)).isEqualTo(EVENTS);
        assertThat(p.standardizer().dimension()).as("the three numeric columns").isEqualTo(3);
    }

    @Test
    void theMlpLearnsPaymentsToo() throws Exception {
        LearningPipeline p = replay(narrow(), EVENTS);
        double baseline = constantLogLoss(EVENTS);
        double loss = p.stats("mlp").prequentialLoss();
        System.out.printf("payments (narrow) %d events: mlp prequential log loss %.4f, logistic %.4f, constant %.4f%n",
                EVENTS, loss, p.stats("logistic").prequentialLoss(), baseline);
        assertThat(loss).as("mlp vs the constant's %s", baseline).isLessThan(baseline);
    }

    @Test
    void holdoutEventsDoNotTeachTheEncoder() throws Exception {
        LearningPipeline p = PipelineBlueprint.of(narrow()).newPipeline();
        String id = null;
        for (int i = 0; id == null; i++) {
            if (p.splitOf("h-" + i, true) == Split.HOLDOUT) {
                id = "h-" + i;
            }
        }
        int country = 3; // numeric fields first: amount, account age days, /device/battery
        p.events().process(("{\"order_id\": \"" + id + "\", \"country\": \"XX\", \"is_fraud\": 1}")
                .getBytes(StandardCharsets.UTF_8), "x");
        assertThat(p.events().encoder().vocabularySize(country)).as("a holdout country takes no slot").isZero();
        p.events().process("{\"order_id\": \"t-0\", \"country\": \"XX\"}".getBytes(StandardCharsets.UTF_8), "x");
        assertThat(p.events().encoder().vocabularySize(country)).as("nor an unlabeled one").isZero();
        String train = null;
        for (int i = 0; train == null; i++) {
            if (p.splitOf("t-" + i, true) == Split.TRAIN) {
                train = "t-" + i;
            }
        }
        p.events().process(("{\"order_id\": \"" + train + "\", \"country\": \"XX\", \"is_fraud\": 0}")
                .getBytes(StandardCharsets.UTF_8), "x");
        assertThat(p.events().encoder().vocabularySize(country)).as("a training one does").isOne();
        assertThat(p.events().encoder().columnName(p.events().spec().layout().offset(country))).isEqualTo("country=XX");
    }

    @Test
    void badEventsAreRejectedWithTheirReasonAndChangeNothing() throws Exception {
        LearningPipeline p = replay(narrow(), 200);
        byte[] before = PipelineStateCodec.write(p);
        assertReject(p, "{\"order_id\": \"b-1\", \"amount\": \"12.5\", \"is_fraud\": 0}", RejectReason.WRONG_TYPE, "amount");
        assertReject(p, "{\"order_id\": \"b-2\", \"is_fraud\": \"maybe\"}", RejectReason.UNKNOWN_CLASS, "maybe");
        assertReject(p, "{\"order_id\": \"b-3\", \"is_fraud\": 7}", RejectReason.UNKNOWN_CLASS, "7");
        assertReject(p, "{\"order_id\": \"b-4\", \"is_fraud\": true}", RejectReason.WRONG_TYPE, "is_fraud");
        assertReject(p, "[1, 2]", RejectReason.INVALID_RECORD, "JSON object");
        assertReject(p, "{\"order_id\": \"b-5\", \"amount\": 1e999}", RejectReason.NON_FINITE, "");
        assertThat(PipelineStateCodec.write(p)).as("nothing changed").isEqualTo(before);
        p.events().process("{\"order_id\": \"ok\", \"is_fraud\": \"1\"}".getBytes(StandardCharsets.UTF_8), "x");
        assertThat(p.recordsSeen(Split.TRAIN) + p.recordsSeen(Split.HOLDOUT)).as("a class name as text").isEqualTo(201);
    }

    private static void assertReject(LearningPipeline p, String event, RejectReason reason, String mentions) {
        assertThatThrownBy(() -> p.events().process(event.getBytes(StandardCharsets.UTF_8), "x"))
                .isInstanceOfSatisfying(RecordRejectedException.class,
                        e -> assertThat(e.reason()).as(e.headerText()).isEqualTo(reason))
                .hasMessageContaining(mentions);
    }

    /**
     * The state written mid-stream (models, pipeline, encoder) and read back into a fresh pipeline
     * continues bit-identically: every later prediction of every learner, and the final state.
     */
    @Test
    void theStoredStateWithItsEncoderContinuesBitIdentically() throws Exception {
        PipelineBlueprint blueprint = PipelineBlueprint.of(narrow());
        LearningPipeline a = blueprint.newPipeline();
        Iterator<byte[]> data = Datasets.events("payments", 7);
        for (int i = 0; i < 3_000; i++) {
            a.events().process(data.next(), "e-" + i);
        }
        assertThat(a.events().encoder().vocabularySize(3)).as("countries learned").isGreaterThan(5);
        LinkedHashMap<String, OnlineModel> models = new LinkedHashMap<>();
        for (String learner : a.learnerNames()) {
            models.put(learner, ModelCodec.fromBytes(ModelCodec.toBytes(a.model(learner))));
        }
        byte[] state = PipelineStateCodec.write(a);
        assertThat(state[0]).as("format 1 + raw events").isEqualTo((byte) 17);
        LearningPipeline b = blueprint.restorePipeline(models, state);
        assertThat(PipelineStateCodec.write(b)).isEqualTo(state);
        for (int i = 3_000; i < 5_000; i++) {
            byte[] event = data.next();
            StepResult ra = a.events().process(event, "e-" + i);
            double[][] expected = new double[ra.learnerCount()][];
            for (int l = 0; l < expected.length; l++) {
                expected[l] = ra.prediction(l).clone();
            }
            StepResult rb = b.events().process(event, "e-" + i);
            for (int l = 0; l < expected.length; l++) {
                assertThat(rb.prediction(l)).as("event %d, learner %d", i, l).isEqualTo(expected[l]);
            }
        }
        assertThat(PipelineStateCodec.write(b)).isEqualTo(PipelineStateCodec.write(a));
        for (String learner : a.learnerNames()) {
            assertThat(ModelCodec.toBytes(b.model(learner))).isEqualTo(ModelCodec.toBytes(a.model(learner)));
        }
    }

    @Test
    void aRawEventStateIsNotReadIntoAFeatureRecordPipeline() throws Exception {
        LearningPipeline events = replay(narrow(), 10);
        byte[] state = PipelineStateCodec.write(events);
        PipelineBlueprint records = PipelineBlueprint.of(SpecParser.parse(Path.of("topologies/diabetes.yaml")));
        assertThatThrownBy(() -> records.restorePipeline(new LinkedHashMap<>(records.newPipeline().slots().stream()
                .collect(java.util.stream.Collectors.toMap(LearnerSlot::name, LearnerSlot::model, (x, y) -> x,
                        LinkedHashMap::new))), state))
                .hasMessageContaining("state is for a pipeline of raw events");
    }
}
