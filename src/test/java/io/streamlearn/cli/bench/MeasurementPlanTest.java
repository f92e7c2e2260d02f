package io.streamlearn.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The bench's order: a warm-up of each application first, then rounds that alternate their direction. */
class MeasurementPlanTest {

    private static BenchParameters parameters(int parallelEvery, int rounds) {
        return new BenchParameters(1000, 100, 50, null, false, null, false, 1, 2, List.of(1, 2), List.of(1),
                parallelEvery, rounds);
    }

    @Test
    void warmsUpThenAlternatesLayoutsAndApplicationsBetweenRounds() {
        List<MeasurementPlan.Step> plan = MeasurementPlan.of(parameters(0, 2));

        assertThat(plan).extracting(s -> s.prefix() + " " + s.layout() + (s.warmUp() ? " warm-up" : "")).containsExactly(
                "bench-global-warm-up-passthrough 1 × 1 warm-up",
                "bench-global-warm-up-streamlearn 1 × 1 warm-up",
                "bench-global-1-passthrough 1 × 1",
                "bench-global-2-streamlearn 1 × 1",
                "bench-global-3-passthrough 1 × 2",
                "bench-global-4-streamlearn 1 × 2",
                "bench-global-5-streamlearn 1 × 2",
                "bench-global-6-passthrough 1 × 2",
                "bench-global-7-streamlearn 1 × 1",
                "bench-global-8-passthrough 1 × 1");
        assertThat(plan.get(2).input()).isEqualTo("bench-global-1-passthrough.features");
        assertThat(plan.get(2).output()).isEqualTo("bench-global-1-passthrough.predictions");
        assertThat(plan.get(2).applicationId()).isEqualTo("bench-global-1-passthrough");
    }

    @Test
    void parallelAddsTheThirdApplication() {
        assertThat(MeasurementPlan.of(parameters(100, 1))).extracting(MeasurementPlan.Step::application)
                .containsExactly(MeasuredApplication.PASS_THROUGH, MeasuredApplication.LEARNER,
                        MeasuredApplication.PARALLEL,
                        MeasuredApplication.PASS_THROUGH, MeasuredApplication.LEARNER, MeasuredApplication.PARALLEL,
                        MeasuredApplication.PASS_THROUGH, MeasuredApplication.LEARNER, MeasuredApplication.PARALLEL);
    }
}
