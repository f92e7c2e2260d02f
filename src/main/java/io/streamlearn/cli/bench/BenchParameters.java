package io.streamlearn.cli.bench;

import java.nio.file.Path;
import java.util.List;

/**
 * What {@code bench} was asked to measure: its flags' values, checked by the command.
 *
 * @param bootstrapServers a broker to use, or null for an embedded one
 * @param config the {@code --config} properties file, or null
 * @param perKey {@code --scope key}: records keyed over {@code keys} keys
 * @param parallelEvery records per partition between merges of (c), or 0 without (c)
 */
public record BenchParameters(int records, int latencyRecords, int latencyRate, String bootstrapServers,
                              boolean brokerProcess, Path config, boolean perKey, int keys, int partitions,
                              List<Integer> threads, List<Integer> instances, int parallelEvery, int rounds) {

    public BenchParameters {
        threads = List.copyOf(threads);
        instances = List.copyOf(instances);
    }

    static final String GLOBAL_SPEC = "topologies/bench.yaml";
    static final String KEY_SPEC = "topologies/bench-key.yaml";

    /** The spec measured: ridge, lasso and MLP on friedman1, one model set per key with {@code --scope key}. */
    public String specFile() {
        return perKey ? KEY_SPEC : GLOBAL_SPEC;
    }

    /** {@code global} or {@code key}, as {@code --scope} takes it. */
    String scope() {
        return perKey ? "key" : "global";
    }

    List<Layout> layouts() {
        return Layout.every(instances, threads);
    }

    /** The applications measured: (a) and (b), and (c) with {@code --parallel}. */
    List<MeasuredApplication> applications() {
        return parallelEvery > 0 ? List.of(MeasuredApplication.values())
                : List.of(MeasuredApplication.PASS_THROUGH, MeasuredApplication.LEARNER);
    }
}
