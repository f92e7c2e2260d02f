package io.streamlearn.cli.bench;

import io.streamlearn.app.AppSettings;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.function.ToDoubleFunction;
import org.apache.kafka.streams.StreamsConfig;

/**
 * The results file of a bench (Markdown): the command, the machine and the broker, a row per
 * application and layout (medians over the rounds), the throughput ratios, the commits of each
 * latency run and each learner's state note.
 */
public final class BenchReport {

    private final BenchParameters parameters;
    private final List<Layout> layouts;
    /** Per application name, in the order measured, per layout, every round's measurement. */
    private final Map<String, Map<Layout, List<Measurement>>> byName = new LinkedHashMap<>();
    private final List<String> names;

    private BenchReport(BenchParameters parameters, List<Measurement> measured) {
        this.parameters = parameters;
        this.layouts = parameters.layouts();
        for (Measurement m : measured) {
            byName.computeIfAbsent(m.name(), n -> new LinkedHashMap<>())
                    .computeIfAbsent(m.layout(), l -> new ArrayList<>()).add(m);
        }
        names = new ArrayList<>(byName.keySet());
        names.sort(Comparator.naturalOrder()); // (a), (b), (c)
    }

    /** The report of {@code measured}; {@code loadAtStart}: the load average before the broker started. */
    public static String write(BenchParameters parameters, List<Measurement> measured, String loadAtStart) throws IOException {
        BenchReport report = new BenchReport(parameters, measured);
        StringBuilder s = new StringBuilder();
        report.header(s, loadAtStart);
        report.table(s);
        report.ratios(s);
        report.commits(s);
        report.notes(s);
        return s.toString();
    }

    private void header(StringBuilder s, String loadAtStart) throws IOException {
        BenchParameters p = parameters;
        s.append("# streamlearn bench, ").append(LocalDateTime.now().format(DateTimeFormatter.ISO_LOCAL_DATE_TIME)).append("\n\n");
        s.append("Command: `java -jar target/streamlearn.jar bench --records ").append(p.records())
                .append(" --latency-records ").append(p.latencyRecords()).append(" --latency-rate ").append(p.latencyRate())
                .append(p.bootstrapServers() == null ? "" : " --bootstrap-servers " + p.bootstrapServers())
                .append(p.brokerProcess() ? " --broker-process" : "")
                .append(p.config() == null ? "" : " --config " + p.config())
                .append(" --scope ").append(p.scope()).append(p.perKey() ? " --keys " + p.keys() : "")
                .append(p.parallelEvery() > 0 ? " --parallel " + p.parallelEvery() : "")
                .append(" --partitions ").append(p.partitions())
                .append(" --threads ").append(join(p.threads())).append(" --instances ").append(join(p.instances()))
                .append(" --rounds ").append(p.rounds()).append("`\n\n");
        if (p.config() != null) {
            s.append("Properties of ").append(p.config()).append(" (both applications; secrets hidden):\n\n```\n")
                    .append(withoutSecrets(p.config())).append("```\n\n");
        }
        s.append("Machine: ").append(Machine.describe()).append("; load average at the start: ").append(loadAtStart)
                .append("\n\n");
        String broker = p.bootstrapServers() != null ? p.bootstrapServers()
                : p.brokerProcess() ? "embedded KRaft broker (Kafka 4.1.1) in a JVM of its own"
                : "embedded KRaft broker in the same JVM (Kafka 4.1.1)";
        s.append("Broker: ").append(broker)
                .append("; both applications ").append(streamsProperty(StreamsConfig.PROCESSING_GUARANTEE_CONFIG))
                .append(", commit.interval.ms ").append(streamsProperty(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG))
                .append(", num.standby.replicas ").append(streamsProperty(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG))
                .append("; input and output topics of ").append(p.partitions())
                .append(p.partitions() == 1 ? " partition; " : " partitions; ")
                .append(p.perKey() ? String.format(Locale.ROOT, "records keyed over %,d keys (`%s`).", p.keys(), p.specFile())
                        : "unkeyed records (`" + p.specFile() + "`).")
                .append(" Layout: instances (Kafka Streams clients of one application id, in this process) × stream"
                        + " threads each. CPU s: CPU time of this whole process (broker included unless"
                        + " `--broker-process`) while the backlog was read.\n\n");
    }

    private void table(StringBuilder s) {
        int rounds = parameters.rounds();
        s.append("| application | layout | records/s (backlog of ").append(String.format(Locale.ROOT, "%,d", parameters.records()))
                .append(rounds > 1 ? "), median of " + rounds + " (each round)" : ")")
                .append(" | CPU s | latency p50 ms | latency p99 ms | latency p999 ms (at ")
                .append(parameters.latencyRate()).append(" records/s) |\n");
        s.append("| --- | --- | ---: | ---: | ---: | ---: | ---: |\n");
        for (String name : names) {
            for (Layout layout : layouts) {
                List<Measurement> ms = byName.get(name).get(layout);
                String each = rounds > 1 ? " (" + String.join(", ", ms.stream()
                        .map(m -> String.format(Locale.ROOT, "%,.0f", m.perSecond())).toList()) + ")" : "";
                s.append(String.format(Locale.ROOT, "| %s | %s | %,.0f%s | %.1f | %d | %d | %d |%n", name, layout,
                        median(ms, Measurement::perSecond), each, median(ms, Measurement::cpuSeconds),
                        Math.round(median(ms, m -> m.p50Millis())), Math.round(median(ms, m -> m.p99Millis())),
                        Math.round(median(ms, m -> m.p999Millis()))));
            }
        }
    }

    /** (b) against (a), per layout against the first layout, and (c) against both. */
    private void ratios(StringBuilder s) {
        if (names.size() == 2 && layouts.size() == 1) {
            s.append(String.format(Locale.ROOT, "%n(b) / (a) throughput: %.2f%n",
                    perSecond(names.get(1), layouts.get(0)) / perSecond(names.get(0), layouts.get(0))));
        } else if (names.size() == 2) {
            Layout base = layouts.get(0);
            s.append("\nThroughput (medians) against layout ").append(base).append(" of the same application, and (b) / (a):\n\n");
            s.append("| layout | (a) pass-through | (b) streamlearn | (b) / (a) |\n| --- | ---: | ---: | ---: |\n");
            for (Layout layout : layouts) {
                double a = perSecond(names.get(0), layout);
                double b = perSecond(names.get(1), layout);
                double a0 = perSecond(names.get(0), base);
                double b0 = perSecond(names.get(1), base);
                s.append(String.format(Locale.ROOT, "| %s | %.2f× | %.2f× | %.2f |%n", layout, a / a0, b / b0, b / a));
            }
        }
        if (names.size() == 3) {
            Layout base = layouts.get(0);
            double single = perSecond(names.get(1), base);
            s.append("\nThroughput (medians): (c) data-parallel against (b) the single task in the same layout and in layout ")
                    .append(base).append(", and each against (a):\n\n");
            s.append("| layout | (b) / (a) | (c) / (a) | (c) / (b) | (c) / (b) in ").append(base)
                    .append(" |\n| --- | ---: | ---: | ---: | ---: |\n");
            for (Layout layout : layouts) {
                double a = perSecond(names.get(0), layout);
                double b = perSecond(names.get(1), layout);
                double c = perSecond(names.get(2), layout);
                s.append(String.format(Locale.ROOT, "| %s | %.2f | %.2f | %.2f× | %.2f× |%n", layout, b / a, c / a, c / b,
                        c / single));
            }
        }
    }

    private void commits(StringBuilder s) {
        s.append("\nWhere a prediction's latency goes: it waits for the next exactly-once commit (0 to commit.interval.ms,"
                + " half of it at the median), then for the commit itself. The commits of each latency run, from Kafka's"
                + " client metrics (the stream threads' commit count, their producers' transaction times):\n\n");
        for (String name : names) {
            for (Layout layout : layouts) {
                s.append("- ").append(name).append(", ").append(layout).append(":\n");
                List<Measurement> ms = byName.get(name).get(layout);
                for (int round = 0; round < ms.size(); round++) {
                    s.append("  - round ").append(round + 1).append(": ").append(ms.get(round).latencyCommits()).append("\n");
                }
            }
        }
    }

    /** The last round's state note of each application and layout that has one. */
    private void notes(StringBuilder s) {
        for (String name : names) {
            for (Layout layout : layouts) {
                List<Measurement> ms = byName.get(name).get(layout);
                String note = ms.get(ms.size() - 1).note();
                if (!note.isEmpty()) {
                    s.append("\n").append(name).append(", ").append(layout).append(": ").append(note).append("\n");
                }
            }
        }
    }

    /** The median records/s of application {@code name} in {@code layout}. */
    private double perSecond(String name, Layout layout) {
        return median(byName.get(name).get(layout), Measurement::perSecond);
    }

    private static double median(List<Measurement> measurements, ToDoubleFunction<Measurement> value) {
        double[] v = measurements.stream().mapToDouble(value).sorted().toArray();
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    private String streamsProperty(String key) throws IOException {
        return BenchClients.streamsProperty(parameters.config(), key);
    }

    /**
     * The file's properties in its order, {@code key=value} a line, a secret's value (a password, a
     * JAAS config: {@link AppSettings#isSecret}) written {@code [hidden]} as Kafka logs it: a results
     * file is meant to be kept and shared.
     */
    static String withoutSecrets(Path config) throws IOException {
        Map<String, String> ordered = new LinkedHashMap<>();
        Properties loader = new Properties() {
            @Override
            public synchronized Object put(Object key, Object value) {
                ordered.put((String) key, (String) value);
                return super.put(key, value);
            }
        };
        try (Reader in = Files.newBufferedReader(config)) {
            loader.load(in);
        }
        StringBuilder s = new StringBuilder();
        ordered.forEach((key, value) -> s.append(key).append('=')
                .append(AppSettings.isSecret(key) ? "[hidden]" : value).append('\n'));
        return s.toString();
    }

    private static String join(List<Integer> values) {
        return String.join(",", values.stream().map(String::valueOf).toList());
    }
}
