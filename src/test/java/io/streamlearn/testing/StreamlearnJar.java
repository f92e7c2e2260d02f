package io.streamlearn.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code java -jar target/streamlearn.jar} as a child process, for the ITs that run, kill and
 * restart the application as a user would.
 */
public final class StreamlearnJar {

    private StreamlearnJar() {}

    /** The fat jar; failsafe runs after package, so it must be there. */
    public static Path jar() {
        Path jar = Path.of("target", "streamlearn.jar").toAbsolutePath();
        assertThat(jar).as("the fat jar (failsafe runs after package)").exists();
        return jar;
    }

    /** The java executable of the JVM the tests run in. */
    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** The command line of the jar with a heap of {@code maxHeap} (e.g. {@code 512m}), the serial GC and {@code args}. */
    public static List<String> command(String maxHeap, String... args) {
        return command(maxHeap, List.of(), args);
    }

    /** As {@link #command(String, String...)}, with more JVM options before {@code -jar}. */
    public static List<String> command(String maxHeap, List<String> jvmOptions, String... args) {
        List<String> command = new ArrayList<>(List.of(java(), "-Xmx" + maxHeap, "-XX:+UseSerialGC"));
        command.addAll(jvmOptions);
        command.addAll(List.of("-jar", jar().toString()));
        command.addAll(List.of(args));
        return command;
    }

    /**
     * The JVM option that logs Kafka at INFO (its clients' configs included) and streamlearn at DEBUG,
     * for a test that looks for what must never be logged; writes {@code dir/log4j2-verbose.properties}.
     */
    public static String verboseLogging(Path dir) throws IOException {
        Path logConfig = dir.resolve("log4j2-verbose.properties");
        Files.writeString(logConfig, String.join("\n",
                "appender.out.type = Console", "appender.out.name = out",
                "appender.out.layout.type = PatternLayout", "appender.out.layout.pattern = %-5level %c - %msg%n",
                "rootLogger.level = info", "rootLogger.appenderRef.out.ref = out",
                "logger.streamlearn.name = io.streamlearn", "logger.streamlearn.level = debug", ""));
        return "-Dlog4j2.configurationFile=" + logConfig;
    }

    /**
     * Writes {@code dir/client.properties} with the broker's minimum session timeout: a killed member
     * is forgotten after 6 s, not 45, so restarts and failovers do not wait.
     */
    public static Path fastFailoverConfig(Path dir) throws IOException {
        Path config = dir.resolve("client.properties");
        Files.writeString(config, "consumer.session.timeout.ms=6000\nconsumer.heartbeat.interval.ms=1000\n");
        return config;
    }
}
