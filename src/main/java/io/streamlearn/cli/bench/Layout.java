package io.streamlearn.cli.bench;

import java.util.ArrayList;
import java.util.List;

/** Instances of the application (Kafka Streams clients of one application id) and stream threads in each. */
public record Layout(int instances, int threads) {

    /** Every layout of {@code instances} × {@code threads}, instances first. */
    static List<Layout> every(List<Integer> instances, List<Integer> threads) {
        List<Layout> layouts = new ArrayList<>();
        for (int i : instances) {
            for (int t : threads) {
                layouts.add(new Layout(i, t));
            }
        }
        return layouts;
    }

    @Override
    public String toString() {
        return instances + " × " + threads;
    }
}
