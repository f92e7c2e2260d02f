package io.streamlearn.cli.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Every measurement of a bench in order: first one of each application that is not reported (it
 * warms the JIT), then the rounds; odd rounds take the layouts and the applications backwards (the
 * machine's load drifts). Each measurement has topics and an application id of its own.
 */
final class MeasurementPlan {

    /** One measurement to make: the application, its layout and its own topics and application id. */
    record Step(Layout layout, MeasuredApplication application, String prefix, boolean warmUp) {
        String input() {
            return prefix + ".features";
        }

        String output() {
            return prefix + ".predictions";
        }

        String applicationId() {
            return prefix;
        }
    }

    private MeasurementPlan() {}

    static List<Step> of(BenchParameters parameters) {
        List<Layout> layouts = parameters.layouts();
        List<MeasuredApplication> apps = parameters.applications();
        String scope = parameters.scope();
        List<Step> plan = new ArrayList<>();
        for (MeasuredApplication app : apps) {
            plan.add(new Step(layouts.get(0), app, "bench-" + scope + "-warm-up-" + app.suffix, true));
        }
        for (int round = 0; round < parameters.rounds(); round++) {
            List<Layout> order = new ArrayList<>(layouts);
            List<MeasuredApplication> appOrder = new ArrayList<>(apps);
            if (round % 2 == 1) {
                Collections.reverse(order);
                Collections.reverse(appOrder);
            }
            for (Layout layout : order) {
                for (MeasuredApplication app : appOrder) {
                    plan.add(new Step(layout, app, "bench-" + scope + "-" + (plan.size() - apps.size() + 1)
                            + "-" + app.suffix, false));
                }
            }
        }
        return plan;
    }
}
