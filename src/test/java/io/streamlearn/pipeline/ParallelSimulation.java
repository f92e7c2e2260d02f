package io.streamlearn.pipeline;

import io.streamlearn.feed.dataset.DatasetRow;
import io.streamlearn.learn.OnlineModel;
import io.streamlearn.spec.SpecParser;
import io.streamlearn.spec.TopologySpec;
import io.streamlearn.vector.FeatureVector;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Data-parallel training without Kafka: P replicas of a pipeline, record i to replica i mod P, each
 * generation merged as soon as all P contributions are in and adopted at once by every replica; and
 * the single-task pipeline on the same records. The same classes as the processors use, the
 * replicas built by {@link PipelineBlueprint#forReplicas} as the topology builds them.
 */
final class ParallelSimulation {

    final PipelineBlueprint blueprint;
    final int every;
    final LearningPipeline single;
    final List<LearningPipeline> replicas = new ArrayList<>();
    final List<ParallelReplica> states = new ArrayList<>();
    private final TreeMap<Long, Map<Integer, ModelSetSnapshot>> pending = new TreeMap<>();
    ModelSetSnapshot merged;
    long generations;

    ParallelSimulation(TopologySpec spec, int partitions) {
        this.blueprint = PipelineBlueprint.of(spec);
        this.every = spec.parallel().every();
        this.single = blueprint.newPipeline();
        PipelineBlueprint replica = blueprint.forReplicas(partitions);
        for (int p = 0; p < partitions; p++) {
            replicas.add(replica.newPipeline());
            states.add(new ParallelReplica(every));
        }
    }

    static TopologySpec spec(String resource) throws Exception {
        try (InputStream in = ParallelSimulation.class.getResourceAsStream(resource)) {
            return SpecParser.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), resource);
        }
    }

    void process(long i, DatasetRow row) {
        single.process(row.id(), FeatureVector.dense(row.features()), row.label());
        int p = (int) (i % replicas.size());
        LearningPipeline replica = replicas.get(p);
        StepResult step = replica.process(row.id(), FeatureVector.dense(row.features()), row.label());
        if (step.split() != Split.TRAIN) {
            return;
        }
        ModelSetSnapshot contribution = states.get(p).trained(replica, p);
        if (contribution != null) {
            // through the wire format, as the processors do
            contribute(ModelSetSnapshot.fromBytes(contribution.toBytes()));
        }
    }

    private void contribute(ModelSetSnapshot c) {
        Map<Integer, ModelSetSnapshot> generation = pending.computeIfAbsent(c.generation(), g -> new TreeMap<>());
        generation.put(c.partition(), c);
        if (generation.size() < replicas.size()) {
            return;
        }
        merged = ModelSetSnapshot.fromBytes(GenerationMerge.merge(merged, new ArrayList<>(generation.values())).toBytes());
        pending.headMap(c.generation(), true).clear();
        generations++;
        for (int p = 0; p < replicas.size(); p++) {
            states.get(p).adopt(replicas.get(p), merged);
        }
    }

    /** Mean squared error of the pipeline's learner on the rows, standardized with the pipeline's scaler. */
    static double loss(LearningPipeline pipeline, String learner, List<DatasetRow> rows) {
        OnlineModel m = pipeline.model(learner);
        double[] z = new double[pipeline.dimension()];
        double[] out = new double[1];
        double sum = 0;
        for (DatasetRow r : rows) {
            if (pipeline.standardizer() != null) {
                pipeline.standardizer().transform(r.features(), z);
            } else {
                System.arraycopy(r.features(), 0, z, 0, z.length);
            }
            m.predict(FeatureVector.dense(z), out);
            double e = out[0] - r.label();
            sum += e * e;
        }
        return sum / rows.size();
    }

    /** Per learner: {single-task loss, worst replica's loss}. */
    Map<String, double[]> losses(List<DatasetRow> test) {
        Map<String, double[]> result = new LinkedHashMap<>();
        for (String learner : blueprint.learnerNames()) {
            double worst = 0;
            for (LearningPipeline r : replicas) {
                worst = Math.max(worst, loss(r, learner, test));
            }
            result.put(learner, new double[] {loss(single, learner, test), worst});
        }
        return result;
    }
}
