package io.streamlearn.cli;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.Properties;
import org.apache.logging.log4j.LogManager;
import picocli.CommandLine.Command;
import picocli.CommandLine;

/** The {@code streamlearn} command line: one fat jar, one subcommand per mode. */
@Command(
        name = "streamlearn",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        description = "Online learning on Kafka streams: Ridge, Lasso, elastic net and a dropout MLP, side by side.",
        subcommands = {RunCommand.class, ProduceCommand.class, DemoCommand.class, ReplayCommand.class, ValidateCommand.class,
                BenchCommand.class})
public final class Main implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        if (args.length > 0 && args[0].equals("demo")) {
            DemoTempDir.takeOver();
        }
        if (args.length > 0 && (args[0].equals("demo") || args[0].equals("run"))) {
            // before anything else: SIGINT or SIGTERM during start-up too stops them cleanly
            StopSignal.installForProcess("streamlearn-" + args[0], Duration.ofSeconds(90));
        }
        int status = 1;
        try {
            status = execute(args);
        } finally {
            DemoTempDir.removeIfLeft();
            StopSignal.processFinished(status);
        }
        // Log4j's own shutdown hook is off (log4j2.properties): it stops here, after the last log line
        LogManager.shutdown();
        System.exit(status);
    }

    /** Runs a command line and returns its exit code; tests call this instead of {@link #main}. */
    public static int execute(String... args) {
        return new CommandLine(new Main()).execute(args);
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a command is required");
    }

    /**
     * {@code streamlearn 0.3.0 (abc1234)}: the Maven project's version and the commit it was built
     * from, as the build wrote them into {@code streamlearn-version.properties}; {@code unknown} for
     * what the build could not tell (a build outside git, or classes not built by Maven).
     */
    static final class Version implements CommandLine.IVersionProvider {

        static final String RESOURCE = "/streamlearn-version.properties";

        @Override
        public String[] getVersion() {
            Properties built = new Properties();
            try (InputStream in = Main.class.getResourceAsStream(RESOURCE)) {
                if (in != null) {
                    built.load(in);
                }
            } catch (IOException e) {
                // as if absent: unknown
            }
            return new String[] {"streamlearn " + filled(built.getProperty("version")) + " ("
                    + filled(built.getProperty("commit")) + ")"};
        }

        /** A value the build filled in, or {@code unknown} for one it left empty or as its {@code ${...}} placeholder. */
        static String filled(String value) {
            return value == null || value.isBlank() || value.startsWith("${") ? "unknown" : value.trim();
        }
    }
}
