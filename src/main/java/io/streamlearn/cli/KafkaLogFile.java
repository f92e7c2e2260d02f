package io.streamlearn.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.FileAppender;
import org.apache.logging.log4j.core.config.AbstractConfiguration;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.layout.PatternLayout;

/**
 * While open, what Kafka logs (its broker, Kafka Streams and the clients: the loggers
 * {@code org.apache.kafka}, {@code kafka} and the broker's {@code state.change.logger}) goes to a
 * file instead of standard error, at the levels configured for them; streamlearn's own lines stay on
 * standard error. The demo keeps Kafka's lines out of its live table this way, the file in its
 * temporary folder. Works on the running Log4j configuration, whichever file it came from; close
 * puts it back.
 */
final class KafkaLogFile implements AutoCloseable {

    /** The loggers routed: every Kafka class logs under one of them. */
    static final List<String> KAFKA_LOGGERS = List.of("org.apache.kafka", "kafka", "state.change.logger");
    private static final String LEVELS = "(WARN|ERROR|FATAL)";

    private final Path file;
    private final LoggerContext context;
    private final FileAppender appender;
    private final List<String> added = new ArrayList<>();

    private KafkaLogFile(Path file) {
        this.file = file;
        this.context = (LoggerContext) LogManager.getContext(false);
        Configuration config = context.getConfiguration();
        this.appender = FileAppender.newBuilder()
                .setName("streamlearn-kafka-file")
                .withFileName(file.toString())
                .setLayout(PatternLayout.newBuilder().withConfiguration(config)
                        .withPattern("%d{HH:mm:ss.SSS} %-5level %c{1} - %msg%n").build())
                .setConfiguration(config)
                .build();
        appender.start();
        config.addAppender(appender);
        for (String name : KAFKA_LOGGERS) {
            if (config.getLoggers().containsKey(name)) {
                continue; // configured by name (a -Dlog4j2.configurationFile of the user's): left as it is
            }
            LoggerConfig routed = new LoggerConfig(name, config.getLoggerConfig(name).getLevel(), false);
            routed.addAppender(appender, null, null);
            config.addLogger(name, routed);
            added.add(name);
        }
        context.updateLoggers();
    }

    /** Routes Kafka's logging to {@code file} (created, or appended to) until closed. */
    static KafkaLogFile open(Path file) {
        return new KafkaLogFile(file);
    }

    Path file() {
        return file;
    }

    /** Kafka's lines at WARN or above so far. */
    List<String> warnings() {
        if (!Files.exists(file)) {
            return List.of();
        }
        try (Stream<String> lines = Files.lines(file)) {
            return lines.filter(l -> l.matches("\\S+ " + LEVELS + "\\s.*")).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Kafka logs to standard error again, as configured; the file is closed. */
    @Override
    public void close() {
        Configuration config = context.getConfiguration();
        added.forEach(config::removeLogger);
        context.updateLoggers();
        if (config instanceof AbstractConfiguration configured) {
            configured.removeAppender(appender.getName());
        }
        appender.stop();
    }
}
