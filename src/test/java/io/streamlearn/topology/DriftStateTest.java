package io.streamlearn.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamlearn.eval.EvaluationSettings;
import io.streamlearn.learn.LinearModel;
import io.streamlearn.learn.ModelCodec;
import io.streamlearn.learn.OnlineModel;
import io.streamlearn.learn.drift.DriftAction;
import io.streamlearn.learn.drift.DriftOptions;
import io.streamlearn.pipeline.LearningPipeline;
import io.streamlearn.pipeline.PipelineBlueprint;
import io.streamlearn.pipeline.PipelineStateCodec;
import io.streamlearn.record.RecordSchema;
import io.streamlearn.topology.store.WorkingCopyStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.function.Supplier;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Drift detection through the processor and the store: after a switch of the truth the ADWIN
 * learner is reset, and what a restart reads from the committed store (models, detector state,
 * detection count) is byte for byte the live working copy.
 */
class DriftStateTest {

    @TempDir
    Path stateDir;

    @Test
    void detectorStateAndResetModelsAreCommittedWithTheRest() {
        Map<String, Supplier<OnlineModel>> learners = new LinkedHashMap<>();
        learners.put("ridge", () -> LinearModel.create(TestPipelines.ridgeOptions()));
        PipelineBlueprint blueprint = new PipelineBlueprint("drifting", RecordSchema.regression(3), false,
                new EvaluationSettings(0.0, 50, 10, 50), learners,
                Map.of("ridge", new DriftOptions(DriftOptions.AdwinOptions.DEFAULT, DriftAction.RESET)));
        PipelineDefinition p = new PipelineDefinition(blueprint, Topic.ofBytes("drifting.features"),
                Topic.ofBytes("drifting.predictions"), Topic.ofBytes("drifting.dlq"));
        StreamlearnTopology topology = StreamlearnTopology.build(List.of(p), TopologyOptions.defaults());
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        try (TopologyTestDriver driver = new TopologyTestDriver(topology.topology(), props)) {
            TestInputTopic<byte[], byte[]> input = driver.createInputTopic(p.input().name(),
                    new ByteArraySerializer(), new ByteArraySerializer());
            Random random = new Random(5);
            for (int n = 0; n < 1500; n++) {
                double[] x = {random.nextGaussian(), random.nextGaussian(), random.nextGaussian()};
                double y = n < 1000 ? 2 * x[0] - x[1] + 0.1 * random.nextGaussian()
                        : -3 * x[0] + 2 * x[2] + 0.1 * random.nextGaussian();
                input.pipeInput(("k" + n).getBytes(StandardCharsets.UTF_8), StreamlearnTopologyTest.record("r" + n, x, y));
            }
            @SuppressWarnings("unchecked")
            WorkingCopyStore<PipelineState> store = (WorkingCopyStore<PipelineState>) driver.getStateStore(p.storeName());
            LearningPipeline live = store.workingCopy().pipeline();
            assertThat(live.slot("ridge").driftDetections()).isPositive();
            assertThat(live.slot("ridge").driftReplacements()).isEqualTo(live.slot("ridge").driftDetections());
            assertThat(live.model("ridge").updates()).as("reset after the switch").isLessThan(500);
            byte[] state = PipelineStateCodec.write(live);
            byte[] model = ModelCodec.toBytes(live.model("ridge"));
            assertThat(state[0]).isEqualTo((byte) 2);
            // what a restart reads: a fresh working copy, loaded from the committed values
            store.clearCache();
            LearningPipeline reloaded = store.workingCopy().pipeline();
            assertThat(PipelineStateCodec.write(reloaded)).isEqualTo(state);
            assertThat(ModelCodec.toBytes(reloaded.model("ridge"))).isEqualTo(model);
        }
    }
}
