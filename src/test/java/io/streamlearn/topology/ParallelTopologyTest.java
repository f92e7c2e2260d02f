package io.streamlearn.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.streamlearn.feed.dataset.Dataset;
import io.streamlearn.feed.dataset.DatasetRow;
import io.streamlearn.feed.dataset.Datasets;
import io.streamlearn.feed.dataset.FeatureRecordJson;
import io.streamlearn.learn.LinearModel;
import io.streamlearn.learn.LinearOptimizerOptions;
import io.streamlearn.pipeline.ModelSetSnapshot;
import io.streamlearn.spec.ParallelSpec;
import io.streamlearn.spec.SpecParser;
import io.streamlearn.topology.store.WorkingCopyStore;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyDescription;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The data-parallel loop on the test driver (one partition, as the driver has): contributions go
 * through the parameter topic to the merge task, merged generations come back through the merged
 * topic and are adopted; and the topology of a 4-partition input.
 */
class ParallelTopologyTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path stateDir;

    static PipelineDefinition friedman1() throws Exception {
        try (InputStream in = ParallelTopologyTest.class.getResourceAsStream("/parallel/friedman1.yaml")) {
            return PipelineDefinition.of(SpecParser.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), "f"));
        }
    }

    /** The test driver's settings for application "app" with its state under {@code dir}. */
    private static Properties driverProperties(Path dir) {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "app");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, dir.toString());
        return props;
    }

    private List<JsonNode> run(PipelineDefinition p, List<DatasetRow> rows, List<byte[]> merged, long[] generation)
            throws Exception {
        Properties props = driverProperties(stateDir.resolve(String.valueOf(p.parallel().every())));
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        StreamlearnTopology topology = StreamlearnTopology.build(List.of(p),
                TopologyOptions.defaults().withApplicationId("app"));
        List<JsonNode> out = new ArrayList<>();
        try (TopologyTestDriver driver = new TopologyTestDriver(topology.topology(), props)) {
            TestInputTopic<byte[], byte[]> input = driver.createInputTopic(p.input().name(),
                    new ByteArraySerializer(), new ByteArraySerializer());
            TestOutputTopic<byte[], byte[]> output = driver.createOutputTopic(p.output().name(),
                    new ByteArrayDeserializer(), new ByteArrayDeserializer());
            for (DatasetRow r : rows) {
                input.pipeInput(null, FeatureRecordJson.encode(r, null));
            }
            for (byte[] v : output.readValuesToList()) {
                out.add(JSON.readTree(v));
            }
            if (p.parallel().enabled()) {
                driver.createOutputTopic(p.mergedTopic("app"), new ByteArrayDeserializer(), new ByteArrayDeserializer())
                        .readValuesToList().forEach(merged::add);
                @SuppressWarnings("unchecked")
                WorkingCopyStore<PipelineState> store = (WorkingCopyStore<PipelineState>) driver.getStateStore(p.storeName());
                generation[0] = store.workingCopy().replica().generation();
            }
        }
        return out;
    }

    @Test
    void generationsAreMergedAndAdoptedThroughTheMergedTopic() throws Exception {
        // every 100 records: the driver commits after each record, which is slow with these reservoirs
        PipelineDefinition parallel = friedman1().withParallel(new ParallelSpec(100));
        Dataset data = Datasets.open("friedman1", 3);
        List<DatasetRow> rows = new ArrayList<>();
        for (int i = 0; i < 350; i++) {
            rows.add(data.next());
        }
        List<byte[]> merged = new ArrayList<>();
        long[] generation = new long[1];
        List<JsonNode> withMerges = run(parallel, rows, merged, generation);
        List<JsonNode> single = run(parallel.withParallel(ParallelSpec.OFF), rows, new ArrayList<>(), new long[1]);

        // ~315 training records: generations 1, 2, 3, each merged once and adopted
        assertThat(merged).hasSize(3);
        for (int g = 0; g < merged.size(); g++) {
            ModelSetSnapshot m = ModelSetSnapshot.fromBytes(merged.get(g));
            assertThat(m.generation()).isEqualTo(g + 1);
            assertThat(m.partition()).isEqualTo(ModelSetSnapshot.MERGED);
            assertThat(m.records()).isEqualTo(100);
        }
        assertThat(generation[0]).isEqualTo(3);
        // one prediction per record; with one partition the merged model is the replica's own
        assertThat(withMerges).hasSameSizeAs(rows);
        for (int i = 0; i < rows.size(); i++) {
            JsonNode a = withMerges.get(i);
            JsonNode b = single.get(i);
            assertThat(a.get("id").asText()).isEqualTo(b.get("id").asText());
            for (String learner : parallel.learnerNames()) {
                assertThat(a.get("predictions").get(learner).asDouble())
                        .isCloseTo(b.get("predictions").get(learner).asDouble(), within(1e-6));
            }
        }
    }

    @Test
    void aFourPartitionInputIsReadWithTheMergedTopicByOneSubTopologyAndMergedByAnother() throws Exception {
        PipelineDefinition p = friedman1();
        StreamlearnTopology topology = StreamlearnTopology.build(List.of(p),
                TopologyOptions.defaults().withApplicationId("app").withInputPartitions(Map.of(p.input().name(), 4)));
        TopologyDescription d = topology.topology().describe();
        List<String> sources = new ArrayList<>();
        for (TopologyDescription.Subtopology s : d.subtopologies()) {
            StringBuilder topics = new StringBuilder();
            for (TopologyDescription.Node n : s.nodes()) {
                if (n instanceof TopologyDescription.Source src) {
                    topics.append(src.topicSet()).append(' ');
                }
            }
            sources.add(topics.toString().trim());
        }
        assertThat(sources).hasSize(2);
        assertThat(sources.get(0)).contains(p.input().name()).contains("app-friedman1-merged");
        assertThat(sources.get(1)).contains("friedman1-parallel-params-repartition");
        assertThat(d.toString()).doesNotContain("friedman1-pipeline-repartition");
    }

    @Test
    void overFourPartitionsTheReplicasTrainWithTheInvscalingRateScaledByFourToTheThreeQuarters() throws Exception {
        PipelineDefinition p = friedman1();
        StreamlearnTopology topology = StreamlearnTopology.build(List.of(p),
                TopologyOptions.defaults().withApplicationId("app").withInputPartitions(Map.of(p.input().name(), 4)));
        try (TopologyTestDriver driver = new TopologyTestDriver(topology.topology(), driverProperties(stateDir))) {
            driver.createInputTopic(p.input().name(), new ByteArraySerializer(), new ByteArraySerializer())
                    .pipeInput(null, FeatureRecordJson.encode(Datasets.open("friedman1", 3).next(), null));
            @SuppressWarnings("unchecked")
            WorkingCopyStore<PipelineState> store = (WorkingCopyStore<PipelineState>) driver.getStateStore(p.storeName());
            var pipeline = store.workingCopy().pipeline();
            // spec: learningRate 0.01, invscaling, power 0.25; the FTRL lasso keeps its alpha
            assertThat(((LinearOptimizerOptions.Sgd) ((LinearModel) pipeline.model("ridge")).options().optimizer())
                    .learningRate()).isCloseTo(0.01 * Math.pow(4, 0.75), within(1e-15));
            assertThat(((LinearModel) pipeline.model("lasso")).options().optimizer())
                    .isEqualTo(new LinearOptimizerOptions.Ftrl(0.2, 1.0));
        }
    }

    @Test
    void aScaledRateThatWouldBeUnstableIsRefusedNamingTheLearner() throws Exception {
        String spec;
        try (java.io.InputStream in = ParallelTopologyTest.class.getResourceAsStream("/parallel/steep.yaml")) {
            spec = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
        PipelineDefinition p = PipelineDefinition.of(SpecParser.parse(spec, "steep"));
        // 0.5 * 1.0 < 1 in one task; 0.5 * 4^0.75 * 1.0 > 1 in a replica of four
        StreamlearnTopology.build(List.of(p), TopologyOptions.defaults().withApplicationId("app"));
        assertThatThrownBy(() -> StreamlearnTopology.build(List.of(p), TopologyOptions.defaults()
                .withApplicationId("app").withInputPartitions(Map.of(p.input().name(), 4))))
                .isInstanceOf(PipelineRefusedException.class)
                .hasMessageContaining("pipeline steep, learner ridge trained over 4 partitions")
                .hasMessageContaining("learningRate * l2 < 1");
    }
}
