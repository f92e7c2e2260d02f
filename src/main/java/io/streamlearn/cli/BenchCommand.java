package io.streamlearn.cli;

import io.streamlearn.cli.bench.BenchHarness;
import io.streamlearn.cli.bench.BenchParameters;
import io.streamlearn.cli.bench.BenchReport;
import io.streamlearn.cli.bench.Machine;
import io.streamlearn.cli.bench.Measurement;
import io.streamlearn.cli.bench.Unmeasurable;
import io.streamlearn.spec.ParallelSpec;
import io.streamlearn.topology.PipelineDefinition;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code bench}: end-to-end throughput and latency on a real broker, side by side, of (a) a
 * pass-through topology with the same serdes and (b) streamlearn with the pipeline of
 * {@code topologies/bench.yaml} (ridge, lasso, MLP on friedman1), both exactly-once; with
 * {@code --scope key}, {@code topologies/bench-key.yaml} (one model set per record key) in every
 * layout of {@code --threads} × {@code --instances}; with {@code --parallel N}, (c) the global pipeline
 * trained data-parallel. The flags are checked here; the harness of {@code cli.bench} measures
 * ({@link BenchHarness}) and writes the results file ({@link BenchReport}).
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Measures records/s and produce-to-prediction latency of a pass-through topology and of "
                + "streamlearn (ridge, lasso, MLP on friedman1), side by side, on an embedded or given broker.",
                "With --scope key: one model set per record key (topologies/bench-key.yaml) on records keyed over "
                + "--keys keys. Every layout of --threads x --instances is measured for both, --rounds times; "
                + "the report gives medians and the CPU seconds of this process.",
                "With --parallel N: also the global pipeline trained data-parallel (one replica per partition, "
                + "merged every N records), against the single task."})
public final class BenchCommand implements Callable<Integer> {

    @Spec
    CommandSpec command;

    @Option(names = "--records", defaultValue = "200000", paramLabel = "N", description = "Backlog for throughput. Default ${DEFAULT-VALUE}.")
    int records;

    @Option(names = "--latency-records", defaultValue = "20000", paramLabel = "L", description = "Records for latency. Default ${DEFAULT-VALUE}.")
    int latencyRecords;

    @Option(names = "--latency-rate", defaultValue = "5000", paramLabel = "R", description = "Records/s for latency. Default ${DEFAULT-VALUE}.")
    int latencyRate;

    @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT", description = "A broker to use; default: an embedded one.")
    String bootstrapServers;

    @Option(names = "--broker-process", description = "Run the embedded broker in a JVM of its own instead of this one.")
    boolean brokerProcess;

    @Option(names = "--config", paramLabel = "FILE",
            description = "Kafka client and Streams properties applied to both applications alike, over streamlearn's defaults.")
    Path config;

    @Option(names = "--results", defaultValue = "bench/results", paramLabel = "DIR", description = "Where to write the results. Default ${DEFAULT-VALUE}.")
    Path results;

    @Option(names = "--scope", defaultValue = "global", paramLabel = "global|key",
            description = "global: topologies/bench.yaml, unkeyed records; key: topologies/bench-key.yaml (one model "
                    + "set per record key), records keyed over --keys keys. Default ${DEFAULT-VALUE}.")
    String scope;

    @Option(names = "--keys", defaultValue = "1000", paramLabel = "K", description = "Record keys with --scope key. Default ${DEFAULT-VALUE}.")
    int keys;

    @Option(names = "--partitions", defaultValue = "1", paramLabel = "P", description = "Partitions of the input and output topics. Default ${DEFAULT-VALUE}.")
    int partitions;

    @Option(names = "--threads", defaultValue = "1", split = ",", paramLabel = "T[,T...]",
            description = "Stream threads per instance (num.stream.threads, over --config); a list measures each. Default ${DEFAULT-VALUE}.")
    List<Integer> threads;

    @Option(names = "--instances", defaultValue = "1", split = ",", paramLabel = "I[,I...]",
            description = "Kafka Streams clients of one application id in this process, each with its own state "
                    + "directory; a list measures each. Default ${DEFAULT-VALUE}.")
    List<Integer> instances;

    @Option(names = "--parallel", defaultValue = "0", paramLabel = "N",
            description = "With --scope global: also measure (c), the pipeline trained data-parallel, its replicas "
                    + "merged every N records per partition (parallel: {every: N}); 0: not measured. Default ${DEFAULT-VALUE}.")
    int parallelEvery;

    @Option(names = "--rounds", defaultValue = "1", paramLabel = "K",
            description = "Times every measurement is repeated, in alternating order; the report gives medians. Default ${DEFAULT-VALUE}.")
    int rounds;

    @Override
    public Integer call() throws Exception {
        BenchParameters parameters = parameters();
        PipelineDefinition pipeline = PipelineDefinition.of(BundledSpecs.read(parameters.specFile()));
        String loadAtStart = Machine.loadAverage();
        List<Measurement> measured;
        try {
            measured = new BenchHarness(parameters, pipeline).run();
        } catch (Unmeasurable e) {
            System.err.println("bench: " + e.getMessage());
            return 1;
        }
        String report = BenchReport.write(parameters, measured, loadAtStart);
        System.out.print(report);
        Files.createDirectories(results);
        Path file = results.resolve("bench-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmm")) + ".md");
        Files.writeString(file, report);
        System.out.println("written to " + file);
        return 0;
    }

    /** The flags' values, checked: a value out of range is a usage error (exit 2). */
    private BenchParameters parameters() {
        boolean perKey = switch (scope) {
            case "global" -> false;
            case "key" -> true;
            default -> throw new ParameterException(command.commandLine(), "--scope must be global or key, got " + scope);
        };
        if (partitions < 1 || rounds < 1 || keys < 1 || threads.stream().anyMatch(t -> t < 1)
                || instances.stream().anyMatch(i -> i < 1)) {
            throw new ParameterException(command.commandLine(),
                    "--partitions, --rounds, --keys, --threads and --instances must be at least 1");
        }
        if (parallelEvery < 0 || parallelEvery > ParallelSpec.MAX_EVERY || (parallelEvery > 0 && perKey)) {
            throw new ParameterException(command.commandLine(), "--parallel takes 1 to " + ParallelSpec.MAX_EVERY
                    + " records, with --scope global (a per-key model is trained by its partition's task alone)");
        }
        return new BenchParameters(records, latencyRecords, latencyRate, bootstrapServers, brokerProcess, config,
                perKey, keys, partitions, threads, instances, parallelEvery, rounds);
    }
}
