package io.streamlearn.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamlearn.testing.LogCapture;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.Random;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.logging.log4j.Level;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code run} warns as {@code replay} does of a regression MLP that clips on a raw target of a
 * large scale: one WARN line per such learner after the task's first 100 labels, naming the fix.
 */
class RawTargetTopologyTest {

    @TempDir
    Path stateDir;

    /** 150 labeled records of y about 15 ± 1 times {@code scale} through {@link TestPipelines#regression} (an MLP with clipNorm 1). */
    private List<String> warningsFor(double scale) {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "raw-target");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        PipelineDefinition p = TestPipelines.regression("raw", 0.0);
        try (LogCapture log = LogCapture.atLeast(Level.WARN);
             TopologyTestDriver driver = new TopologyTestDriver(
                     StreamlearnTopology.build(List.of(p), TopologyOptions.defaults()).topology(), props)) {
            TestInputTopic<byte[], byte[]> input = driver.createInputTopic(p.input().name(), new ByteArraySerializer(),
                    new ByteArraySerializer());
            Random random = new Random(3);
            for (int n = 0; n < 150; n++) {
                double[] x = {random.nextDouble(), random.nextDouble(), random.nextDouble()};
                input.pipeInput(StreamlearnTopologyTest.record("r" + n, x, scale * (15 + random.nextGaussian())));
            }
            return log.lines().stream().filter(l -> l.contains("standardize")).toList();
        }
    }

    @Test
    void aClippingMlpOnALargeRawTargetIsWarnedOfOnce() {
        List<String> warnings = warningsFor(10);
        assertThat(warnings).hasSize(1);
        assertThat(warnings.get(0)).startsWith("WARN io.streamlearn.topology.LearningProcessor")
                .contains("pipeline raw, learner mlp:", "times its clipNorm 1.0", "target: {standardize: true}")
                .doesNotContain("ridge");
    }

    @Test
    void aTargetOfTheClipNormsScaleIsNot() {
        assertThat(warningsFor(0.1)).isEmpty();
    }
}
