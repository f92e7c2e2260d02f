package io.streamlearn.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamlearn.feed.dataset.Dataset;
import io.streamlearn.feed.dataset.DatasetRow;
import io.streamlearn.feed.dataset.Datasets;
import io.streamlearn.vector.FeatureVector;
import java.util.List;
import org.junit.jupiter.api.Test;

class ParallelReplicaTest {

    private static LearningPipeline pipeline(ParallelSimulation sim) {
        return sim.blueprint.newPipeline();
    }

    /** Trains until the replica publishes; returns its contribution. */
    private static ModelSetSnapshot trainUntilPublished(LearningPipeline p, ParallelReplica r, Dataset data, int partition) {
        while (true) {
            DatasetRow row = data.next();
            if (p.process(row.id(), FeatureVector.dense(row.features()), row.label()).split() == Split.TRAIN) {
                ModelSetSnapshot c = r.trained(p, partition);
                if (c != null) {
                    return c;
                }
            }
        }
    }

    @Test
    void aReplicaPublishesOncePerGenerationAndAdoptsOnlyNewerMerges() throws Exception {
        ParallelSimulation sim = new ParallelSimulation(ParallelSimulation.spec("/parallel/friedman1.yaml"), 2);
        Dataset data = Datasets.open("friedman1", 11);
        LearningPipeline a = pipeline(sim);
        LearningPipeline b = pipeline(sim);
        ParallelReplica ra = new ParallelReplica(100);
        ParallelReplica rb = new ParallelReplica(100);
        ModelSetSnapshot ca = trainUntilPublished(a, ra, data, 0);
        assertThat(ca.generation()).isEqualTo(1);
        assertThat(ca.records()).isEqualTo(100);
        // trains on without publishing again for the same generation
        for (int i = 0; i < 300; i++) {
            DatasetRow row = data.next();
            if (a.process(row.id(), FeatureVector.dense(row.features()), row.label()).split() == Split.TRAIN) {
                assertThat(ra.trained(a, 0)).isNull();
            }
        }
        long extra = ra.sinceBase() - 100;
        ModelSetSnapshot cb = trainUntilPublished(b, rb, data, 1);

        // the wire format round-trips byte for byte
        assertThat(ModelSetSnapshot.fromBytes(ca.toBytes()).toBytes()).isEqualTo(ca.toBytes());
        ModelSetSnapshot merged = GenerationMerge.merge(null, List.of(ca, cb));
        assertThat(merged.records()).isEqualTo(200);
        assertThat(merged.standardizer().count()).isEqualTo(200);

        assertThat(ra.adopt(a, merged)).isTrue();
        assertThat(ra.generation()).isEqualTo(1);
        assertThat(ra.sinceBase()).isEqualTo(extra);
        assertThat(ra.adopt(a, merged)).as("a repeated merge").isFalse();
        assertThat(rb.adopt(b, merged)).isTrue();
        // b trained nothing since publishing: it now predicts as the merged models, bit for bit (its local
        // state, such as the last gradient norm and the random state, stays its own)
        double[] x = data.next().features();
        double[] mine = new double[1];
        double[] theirs = new double[1];
        for (String learner : b.learnerNames()) {
            b.model(learner).predict(FeatureVector.dense(x), mine);
            merged.models().get(learner).predict(FeatureVector.dense(x), theirs);
            assertThat(mine[0]).as(learner).isEqualTo(theirs[0]);
        }
        // saved and restored
        ParallelReplica restored = ParallelReplica.fromBytes(100, ra.progressBytes(), ra.publishedBytes());
        assertThat(restored.generation()).isEqualTo(1);
        assertThat(restored.sinceBase()).isEqualTo(extra);
        assertThat(ra.publishedBytes()).isNull();
    }
}
