package io.streamlearn.bench;

import io.streamlearn.feed.dataset.Dataset;
import io.streamlearn.feed.dataset.DatasetRow;
import io.streamlearn.feed.dataset.Datasets;
import io.streamlearn.learn.ModelCodec;
import io.streamlearn.pipeline.LearningPipeline;
import io.streamlearn.pipeline.PipelineStateCodec;
import io.streamlearn.spec.SpecParser;
import io.streamlearn.topology.PipelineDefinition;
import io.streamlearn.vector.FeatureVector;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * What a commit serializes (the scores settled beforehand, so serialization alone): {@code state},
 * the bench pipeline's state but its models ({@code topologies/bench.yaml} after 5,000 friedman1
 * records: two reservoirs of 1,000 rows, the evaluators), and {@code mlp}, its MLP's snapshot
 * (parameters and AdamW moments). Run with
 * {@code bench/run-jmh.sh StateWriteBenchmark -f 1 -wi 3 -i 5 -w 1s -r 1s -prof gc}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@State(Scope.Thread)
public class StateWriteBenchmark {

    private LearningPipeline pipeline;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        PipelineDefinition definition = PipelineDefinition.of(SpecParser.parse(Path.of("topologies/bench.yaml")));
        pipeline = definition.blueprint().newPipeline();
        Dataset data = Datasets.open("friedman1", 42);
        for (int i = 0; i < 5_000; i++) {
            DatasetRow row = data.next();
            pipeline.process(row.id(), FeatureVector.dense(row.features()), row.label());
        }
        PipelineStateCodec.write(pipeline); // settles the deferred scores
    }

    @Benchmark
    public byte[] state() {
        return PipelineStateCodec.write(pipeline);
    }

    @Benchmark
    public byte[] mlp() {
        return ModelCodec.toBytes(pipeline.model("mlp"));
    }
}
