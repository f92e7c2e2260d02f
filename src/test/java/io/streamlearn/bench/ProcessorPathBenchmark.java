package io.streamlearn.bench;

import io.streamlearn.feed.FeedItem;
import io.streamlearn.feed.RecordFeed;
import io.streamlearn.feed.RecordSource;
import io.streamlearn.feed.dataset.Datasets;
import io.streamlearn.pipeline.LearningPipeline;
import io.streamlearn.pipeline.StepResult;
import io.streamlearn.record.FeatureRecord;
import io.streamlearn.record.ParsedRecord;
import io.streamlearn.record.RecordReader;
import io.streamlearn.record.RecordRejectedException;
import io.streamlearn.spec.SpecParser;
import io.streamlearn.topology.PipelineDefinition;
import io.streamlearn.topology.PredictionJson;
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
 * The learning processor's per-record work without Kafka: a serialized friedman1 record (as the
 * feed produces it) is read (RecordReader.read into a reused ParsedRecord), processed by the demo's pipeline (topologies/demo.yaml:
 * ridge, the lasso λ path, elastic net, MLP; its evaluation settings) and its prediction written as
 * JSON (PredictionJson, a reused generator). {@code record} is all three, {@code learn} the pipeline step alone (features
 * parsed beforehand), so that JSON in and out is their difference; {@code read} and {@code write} are JSON in
 * and JSON out alone (the same prediction written each time). Run with -prof gc for the
 * allocation per record: bench/run-jmh.sh ProcessorPathBenchmark -f 1 -wi 3 -i 5 -w 2s -r 2s -prof gc
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
public class ProcessorPathBenchmark {

    private static final int RECORDS = 8192;

    private LearningPipeline pipeline;
    private RecordReader reader;
    private PredictionJson predictions;
    private byte[][] values;
    private FeatureRecord[] parsed;
    private ParsedRecord record;
    private ParsedRecord written;
    private StepResult writtenStep;
    private int next;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        PipelineDefinition definition = PipelineDefinition.of(SpecParser.parse(Path.of("topologies/demo.yaml")));
        pipeline = definition.blueprint().newPipeline();
        reader = new RecordReader(definition.schema());
        record = new ParsedRecord(definition.schema().dimension());
        predictions = new PredictionJson(definition);
        values = new byte[RECORDS][];
        parsed = new FeatureRecord[RECORDS];
        RecordFeed feed = new RecordFeed(RecordSource.dataset(Datasets.open("friedman1", 42), RECORDS),
                RecordFeed.NO_KEY, true, skipped -> { });
        for (int i = 0; i < RECORDS; i++) {
            FeedItem item = feed.next();
            values[i] = item.value();
            parsed[i] = reader.fromJson(values[i], "unused");
        }
        written = new ParsedRecord(definition.schema().dimension());
        reader.read(values[0], written);
        writtenStep = definition.blueprint().newPipeline().process(written.id(), written.features(), written.label());
    }

    /** Read, learn, write: what LearningProcessor.process does per record before Kafka forwards it. */
    @Benchmark
    public byte[] record() throws RecordRejectedException {
        int i = next++ & (RECORDS - 1);
        reader.read(values[i], record);
        CharSequence id = record.id() != null ? record.id() : "demo.features-0-" + i; // as the processor: only when absent
        StepResult step = pipeline.process(id, record.features(), record.label());
        return predictions.write(id, record, step);
    }

    /** JSON in alone: a record read into the reused buffers. */
    @Benchmark
    public ParsedRecord read() throws RecordRejectedException {
        reader.read(values[next++ & (RECORDS - 1)], record);
        return record;
    }

    /** JSON out alone: one record's prediction, written again each time. */
    @Benchmark
    public byte[] write() {
        return predictions.write(written.id(), written, writtenStep);
    }

    /** The pipeline step alone, on records parsed beforehand. */
    @Benchmark
    public StepResult learn() {
        FeatureRecord features = parsed[next++ & (RECORDS - 1)];
        return pipeline.process(features.id(), FeatureVector.dense(features.features()), features.label());
    }
}
