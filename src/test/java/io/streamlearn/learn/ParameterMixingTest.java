package io.streamlearn.learn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.streamlearn.vector.FeatureVector;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ParameterMixingTest {

    static final int D = 4;

    static OnlineModel fresh(String kind) {
        LinearOptimizerOptions sgd = new LinearOptimizerOptions.Sgd(0.05, LinearOptimizerOptions.Schedule.INVSCALING, 0.25);
        return switch (kind) {
            case "sgd" -> LinearModel.create(new LinearOptions(D, 0, 0.01, 0.01, sgd, 0.0, 1L));
            case "adagrad" -> LinearModel.create(new LinearOptions(D, 0, 0.01, 0.0,
                    new LinearOptimizerOptions.Sgd(0.5, LinearOptimizerOptions.Schedule.ADAGRAD, 0.25), 0.0, 1L));
            case "ftrl" -> LinearModel.create(new LinearOptions(D, 0, 0.01, 0.01,
                    new LinearOptimizerOptions.Ftrl(0.2, 1.0), 0.0, 1L));
            case "rda" -> LinearModel.create(new LinearOptions(D, 0, 0.01, 0.0, new LinearOptimizerOptions.Rda(1.0), 0.0, 1L));
            case "mlp" -> Mlp.create(new MlpOptions(D, new int[] {5}, 0, 0.1, 4,
                    new AdamWOptions(0.01, 0.9, 0.999, 1e-8, 0.01), 1.0, false, false, 0.0, 0.0, 0.0, 42L));
            default -> new TargetStandardizedModel(Mlp.create(new MlpOptions(D, new int[] {5}, 0, 0.0, 4,
                    new AdamWOptions(0.01, 0.9, 0.999, 1e-8, 0.01), 1.0, true, true, 0.0, 0.0, 0.0, 7L)));
        };
    }

    static void train(OnlineModel m, long seed, int records) {
        Random r = new Random(seed);
        double[] x = new double[D];
        for (int i = 0; i < records; i++) {
            for (int j = 0; j < D; j++) {
                x[j] = r.nextGaussian();
            }
            m.train(FeatureVector.dense(x), 3 * x[0] - x[1] + 0.1 * r.nextGaussian() + 5);
        }
    }

    static double predict(OnlineModel m, double[] x) {
        double[] out = new double[1];
        m.predict(FeatureVector.dense(x), out);
        return out[0];
    }

    @ParameterizedTest
    @ValueSource(strings = {"sgd", "adagrad", "ftrl", "rda", "mlp", "target-mlp"})
    void theAverageOfIdenticalReplicasIsThatModelBitForBit(String kind) {
        OnlineModel m = fresh(kind);
        train(m, 1, 203);
        OnlineModel copy = ModelCodec.copy(m);
        OnlineModel merged = ParameterMixing.average(m, List.of(m, copy), new long[] {150, 53});
        assertThat(ModelCodec.toBytes(merged)).isEqualTo(ModelCodec.toBytes(m));
    }

    @ParameterizedTest
    @ValueSource(strings = {"sgd", "ftrl", "mlp"})
    void replicasAreWeightedByTheirRecords(String kind) {
        OnlineModel base = fresh(kind);
        train(base, 1, 100);
        OnlineModel a = ModelCodec.copy(base);
        OnlineModel b = ModelCodec.copy(base);
        train(a, 2, 300);
        train(b, 3, 100);
        double[] x = {0.3, -0.2, 0.5, 1.0};
        OnlineModel onlyA = ParameterMixing.average(base, List.of(a, b), new long[] {300, 0});
        assertThat(ModelCodec.toBytes(onlyA)).isEqualTo(ModelCodec.toBytes(a));
        OnlineModel merged = ParameterMixing.average(base, List.of(a, b), new long[] {300, 100});
        assertThat(merged.updates()).isEqualTo(Math.round(0.75 * a.updates() + 0.25 * b.updates()));
        if (merged instanceof LinearModel lm) {
            // linear in the parameters: the prediction is the records-weighted mean of the replicas'
            LinearModel la = (LinearModel) a;
            LinearModel lb = (LinearModel) b;
            if (kind.equals("sgd")) {
                for (int j = 0; j < D; j++) {
                    assertThat(lm.weight(0, j)).isCloseTo(0.75 * la.weight(0, j) + 0.25 * lb.weight(0, j), within(1e-12));
                }
                assertThat(predict(merged, x)).isCloseTo(0.75 * predict(a, x) + 0.25 * predict(b, x), within(1e-12));
            }
        } else {
            double[][] pa = ((Mlp) a).parameters();
            double[][] pb = ((Mlp) b).parameters();
            double[][] pm = ((Mlp) merged).parameters();
            for (int p = 0; p < pm.length; p++) {
                for (int i = 0; i < pm[p].length; i++) {
                    assertThat(pm[p][i]).isCloseTo(0.75 * pa[p][i] + 0.25 * pb[p][i], within(1e-12));
                }
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"sgd", "ftrl", "mlp", "target-mlp"})
    void rebaseAddsWhatTheReplicaTrainedSincePublishing(String kind) {
        OnlineModel published = fresh(kind);
        train(published, 1, 120);
        OnlineModel merged = ModelCodec.copy(published);
        train(merged, 9, 40);
        // nothing since publishing: the merged model itself
        OnlineModel same = ParameterMixing.rebase(published, ModelCodec.copy(published), merged);
        assertThat(ModelCodec.toBytes(same).length).isEqualTo(ModelCodec.toBytes(merged).length);
        assertThat(predict(same, new double[] {1, 2, 3, 4})).isEqualTo(predict(merged, new double[] {1, 2, 3, 4}));
        // trained on since: merged + (now - published)
        OnlineModel now = ModelCodec.copy(published);
        train(now, 5, 60);
        OnlineModel rebased = ParameterMixing.rebase(now, published, merged);
        assertThat(rebased.updates()).isEqualTo(merged.updates() + now.updates() - published.updates());
    }

    @org.junit.jupiter.api.Test
    void scalersArePooledOverTheRecordsEachReplicaAdded() {
        Random r = new Random(4);
        RunningStandardizer base = new RunningStandardizer(2);
        RunningStandardizer all = new RunningStandardizer(2);
        for (int i = 0; i < 50; i++) {
            double[] x = {r.nextGaussian() * 3 + 1, r.nextDouble()};
            base.update(x);
            all.update(x);
        }
        RunningStandardizer a = base.copy();
        RunningStandardizer b = base.copy();
        for (int i = 0; i < 200; i++) {
            double[] x = {r.nextGaussian() * 3 + 1, r.nextDouble()};
            (i % 3 == 0 ? a : b).update(x);
            all.update(x);
        }
        RunningStandardizer pooled = ParameterMixing.average(base, List.of(a, b), new long[] {1, 1});
        assertThat(pooled.count()).isEqualTo(250);
        for (int j = 0; j < 2; j++) {
            assertThat(pooled.mean(j)).isCloseTo(all.mean(j), within(1e-12));
            assertThat(pooled.std(j)).isCloseTo(all.std(j), within(1e-10));
        }
    }

    @org.junit.jupiter.api.Test
    void modelsOfDifferentShapesAndAPathAreRefused() {
        Supplier<OnlineModel> small = () -> fresh("sgd");
        OnlineModel other = LinearModel.create(new LinearOptions(D + 1, 0, 0.0, 0.0,
                new LinearOptimizerOptions.Sgd(0.05, LinearOptimizerOptions.Schedule.CONSTANT, 0.25), 0.0, 1L));
        assertThatThrownBy(() -> ParameterMixing.average(null, List.of(small.get(), other), new long[] {1, 1}))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ParameterMixing.average(null, List.of(small.get()), new long[] {0}))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @org.junit.jupiter.api.Test
    void replicasOfAnInvscalingLearnerTakeTheLinearlyScaledRateAndTheOthersTheirOwn() {
        var sgd = (LinearModel) ParameterMixing.forReplicas(fresh("sgd"), 4);
        // 0.05 * 4^(1 - 0.25)
        assertThat(((LinearOptimizerOptions.Sgd) sgd.options().optimizer()).learningRate())
                .isCloseTo(0.05 * 2.8284271247461903, within(1e-15));
        assertThat(((LinearModel) ParameterMixing.forReplicas(fresh("sgd"), 1)).options())
                .isEqualTo(((LinearModel) fresh("sgd")).options());
        for (String kind : List.of("adagrad", "ftrl", "rda")) {
            assertThat(((LinearModel) ParameterMixing.forReplicas(fresh(kind), 4)).options())
                    .isEqualTo(((LinearModel) fresh(kind)).options());
        }
        OnlineModel mlp = fresh("mlp");
        assertThat(ParameterMixing.forReplicas(mlp, 4)).isSameAs(mlp);
        var scaled = (TargetStandardizedModel) ParameterMixing.forReplicas(
                new TargetStandardizedModel(fresh("sgd")), 4);
        assertThat(((LinearModel) scaled.inner()).options()).isEqualTo(sgd.options());

        OnlineModel trained = fresh("sgd");
        train(trained, 1, 3);
        assertThatThrownBy(() -> ParameterMixing.forReplicas(trained, 4))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("fresh model");
    }
}
