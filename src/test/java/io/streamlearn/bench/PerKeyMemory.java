package io.streamlearn.bench;

import io.streamlearn.feed.dataset.Dataset;
import io.streamlearn.feed.dataset.DatasetRow;
import io.streamlearn.feed.dataset.Datasets;
import io.streamlearn.learn.ModelCodec;
import io.streamlearn.pipeline.LearningPipeline;
import io.streamlearn.pipeline.PipelineBlueprint;
import io.streamlearn.pipeline.PipelineStateCodec;
import io.streamlearn.spec.SpecParser;
import io.streamlearn.spec.TopologySpec;
import io.streamlearn.vector.FeatureVector;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Heap bytes per live key of a {@code scope: key} pipeline: creates N keys' pipelines from a spec
 * ({@code PipelineBlueprint.newPipeline()}, what a task holds per key in memory), trains each on R
 * friedman1 records, and measures the used heap (MemoryMXBean, after repeated System.gc()) before
 * and after; also the bytes a key's state takes in the store. JUnit-free; run with
 * <pre>
 *   mvn -q -B test-compile
 *   java -Xmx2g -cp target/classes:target/test-classes:$(cat target/cp.txt) \
 *       io.streamlearn.bench.PerKeyMemory topologies/demo.yaml 2000 600 [reservoir]
 * </pre>
 * ({@code target/cp.txt} from {@code mvn -q dependency:build-classpath -Dmdep.outputFile=target/cp.txt});
 * the optional last argument overrides {@code evaluation.reservoir} (and window) of the spec.
 */
public final class PerKeyMemory {

    private PerKeyMemory() {}

    public static void main(String[] args) throws Exception {
        Path specFile = Path.of(args.length > 0 ? args[0] : "topologies/demo.yaml");
        int keys = args.length > 1 ? Integer.parseInt(args[1]) : 2000;
        int recordsPerKey = args.length > 2 ? Integer.parseInt(args[2]) : 600;
        String yaml = Files.readString(specFile);
        if (args.length > 3) {
            yaml = yaml.replaceAll("reservoir: *[0-9]+", "reservoir: " + args[3])
                    .replaceAll("(?m)^evaluation:\\n", "evaluation:\n  window: " + args[3] + "\n");
        }
        TopologySpec spec = SpecParser.parse(yaml, specFile.toString());
        PipelineBlueprint blueprint = PipelineBlueprint.of(spec);
        // records made up front, so that they are in the baseline
        Dataset data = Datasets.open("friedman1", 1);
        List<DatasetRow> rows = new ArrayList<>();
        for (int i = 0; i < recordsPerKey; i++) {
            rows.add(data.next());
        }
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        long before = usedAfterGc(memory);
        List<LearningPipeline> live = new ArrayList<>(keys);
        long start = System.nanoTime();
        for (int k = 0; k < keys; k++) {
            LearningPipeline p = blueprint.newPipeline();
            for (DatasetRow row : rows) {
                p.process(k + "-" + row.id(), FeatureVector.dense(row.features()), row.label());
            }
            live.add(p);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        long after = usedAfterGc(memory);
        long stored = 0;
        for (String learner : blueprint.learnerNames()) {
            stored += ModelCodec.toBytes(live.get(0).model(learner)).length;
        }
        stored += PipelineStateCodec.write(live.get(0)).length;
        System.out.printf(Locale.ROOT, "spec %s: learners %s, dimension %d, reservoir %d, window %d%n", specFile,
                blueprint.learnerNames(), blueprint.schema().dimension(), blueprint.settings().reservoir(),
                blueprint.settings().window());
        System.out.printf(Locale.ROOT, "keys %d, records per key %d (%.0f records/s)%n", keys, recordsPerKey,
                keys * (double) recordsPerKey / seconds);
        System.out.printf(Locale.ROOT, "heap per live key: %,d bytes (used heap %,d -> %,d)%n",
                (after - before) / keys, before, after);
        System.out.printf(Locale.ROOT, "stored per key (models + evaluation state): %,d bytes%n", stored);
        if (live.size() != keys) {
            throw new AssertionError("keep the pipelines reachable");
        }
    }

    private static long usedAfterGc(MemoryMXBean memory) throws InterruptedException {
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            System.gc();
            Thread.sleep(100);
            used = Math.min(used, memory.getHeapMemoryUsage().getUsed());
        }
        return used;
    }
}
