package io.streamlearn.cli.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** The machine a bench ran on, for the results file: every figure depends on it and on its load. */
public final class Machine {

    private Machine() {}

    /** {@code /proc/loadavg}, or {@code unknown} where there is none. */
    public static String loadAverage() throws IOException {
        Path loadavg = Path.of("/proc/loadavg");
        return Files.isReadable(loadavg) ? Files.readString(loadavg).trim() : "unknown";
    }

    /** Cores, CPU model, OS, Java, heap and the load average now. */
    static String describe() throws IOException {
        String cpu = "unknown CPU";
        Path cpuinfo = Path.of("/proc/cpuinfo");
        if (Files.isReadable(cpuinfo)) {
            cpu = Files.readAllLines(cpuinfo, StandardCharsets.UTF_8).stream().filter(l -> l.startsWith("model name"))
                    .map(l -> l.substring(l.indexOf(':') + 1).trim()).findFirst().orElse(cpu);
        }
        String load = loadAverage();
        return String.format(Locale.ROOT, "%d cores (%s), %s %s, Java %s, max heap %d MiB; load average at the end: %s"
                        + " (the machine is shared with other jobs)",
                Runtime.getRuntime().availableProcessors(), cpu, System.getProperty("os.name"),
                System.getProperty("os.version"), System.getProperty("java.version"),
                ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getMax() >> 20, load);
    }
}
