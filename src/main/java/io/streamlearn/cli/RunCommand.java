package io.streamlearn.cli;

import io.streamlearn.app.AppSettings;
import io.streamlearn.app.StreamlearnApp;
import io.streamlearn.app.http.HttpSettings;
import io.streamlearn.app.http.HttpSettingsException;
import io.streamlearn.topology.PipelineDefinition;
import io.streamlearn.topology.PipelineRefusedException;
import java.net.BindException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.apache.kafka.streams.StreamsConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code run}: the production mode against an existing Kafka cluster. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Runs the pipelines of the given topology specs against a Kafka cluster until stopped.")
public final class RunCommand implements Callable<Integer> {

    @Option(names = "--topology", arity = "1..*", required = true, paramLabel = "FILE",
            description = "Topology spec files (YAML).")
    List<Path> topologies;

    @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT",
            description = "Kafka bootstrap servers (else env STREAMLEARN_BOOTSTRAP_SERVERS or bootstrap.servers in --config).")
    String bootstrapServers;

    @Option(names = "--config", paramLabel = "FILE",
            description = "Properties file passed to Kafka Streams and its clients (security, SASL/TLS, ...) and "
                    + "streamlearn.* settings.")
    Path config;

    @Option(names = "--http-port", defaultValue = "8080", paramLabel = "P",
            description = "Port of the HTTP server (the console at /, /health, /metrics, /models, /predict); -1 for none. Default ${DEFAULT-VALUE}.")
    int httpPort;

    @Option(names = "--http-host", paramLabel = "HOST",
            description = "Address the HTTP server binds to, e.g. 127.0.0.1 for this machine only (without "
                    + "--http-token-file the HTTP port has no authentication). Default: all interfaces.")
    String httpHost;

    @Mixin
    HttpSecurityOptions httpSecurity;

    @Option(names = "--http-tls-truststore", paramLabel = "FILE",
            description = "PKCS12 truststore of the certificates trusted when a ?key= request is forwarded to another "
                    + "instance over HTTPS (password in env STREAMLEARN_HTTP_TLS_TRUSTSTORE_PASSWORD, else "
                    + "STREAMLEARN_HTTP_TLS_PASSWORD). Default: the JDK's trusted certificates.")
    Path truststore;

    @Option(names = "--state-dir", paramLabel = "DIR", description = "Kafka Streams state directory.")
    String stateDir;

    @Option(names = "--application-id", paramLabel = "ID",
            description = "Kafka Streams application id (consumer group, internal topic prefix). Default streamlearn.")
    String applicationId;

    @Option(names = "--advertised-http", paramLabel = "HOST:PORT",
            description = "This instance's HTTP address as the other instances of the application reach it "
                    + "(Kafka Streams' application.server): a ?key= query that reaches an instance without the key's "
                    + "task is forwarded to the instance that holds it. Default: none (answered from this instance only).")
    String advertisedHttp;

    @Option(names = "--standby-replicas", paramLabel = "N",
            description = "Warm copies of each task's state stores on other instances (num.standby.replicas). "
                    + "Default 1 (placed once a second instance runs).")
    Integer standbyReplicas;

    private final StopSignal stop = StopSignal.forCommand();

    /** Asks a running {@code run} to stop (as SIGTERM or Ctrl-C does) and waits until it has. */
    public void stop() throws InterruptedException {
        stop.request();
        stop.awaitFinished();
    }

    /**
     * Runs until stopped. SIGTERM or SIGINT, at any moment, closes Kafka Streams (committing, and
     * leaving the consumer group, so that a restart gets its tasks without waiting for the session
     * timeout) and the HTTP server, then exits 0; status 1 when the application stopped on an error,
     * 2 when a spec is refused (before connecting, or at start for the topics it found).
     */
    @Override
    public Integer call() throws Exception {
        stop.install("streamlearn-run", Duration.ofSeconds(60));
        int status = 1;
        try {
            status = runUntilStopped();
        } finally {
            stop.finish(status);
        }
        return status;
    }

    private int runUntilStopped() throws Exception {
        List<PipelineDefinition> pipelines = PipelineSpecs.readOrReport(topologies, System.err);
        if (pipelines == null) {
            return 2;
        }
        Map<String, String> flags = new HashMap<>();
        flags.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        flags.put(StreamsConfig.STATE_DIR_CONFIG, stateDir);
        flags.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        if (advertisedHttp != null && !advertisedHttp.matches("[^:/\\s]+:\\d{1,5}")) {
            System.err.println("--advertised-http must be HOST:PORT, not " + advertisedHttp);
            return 2;
        }
        if (advertisedHttp != null && httpPort < 0) {
            System.err.println("--advertised-http needs the HTTP server, which --http-port -1 turns off");
            return 2;
        }
        if (standbyReplicas != null && standbyReplicas < 0) {
            System.err.println("--standby-replicas must be 0 or more, not " + standbyReplicas);
            return 2;
        }
        flags.put(StreamsConfig.APPLICATION_SERVER_CONFIG, advertisedHttp);
        flags.put(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, standbyReplicas == null ? null : standbyReplicas.toString());
        httpSecurity.addTo(flags);
        flags.put(AppSettings.HTTP_TLS_TRUSTSTORE_CONFIG, truststore == null ? null : truststore.toString());
        String configProblem = InputFile.problem("--config", config);
        if (configProblem != null) {
            System.err.println(configProblem);
            return 2;
        }
        AppSettings settings;
        HttpSettings http;
        try {
            settings = AppSettings.resolve(config, System.getenv(), flags);
            http = settings.http(httpHost, httpPort);
        } catch (HttpSettingsException e) {
            System.err.println("streamlearn: " + e.getMessage());
            return 2;
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            return 2;
        }
        if (stop.requested()) {
            return 0;
        }
        StreamlearnApp started;
        try {
            started = StreamlearnApp.start(pipelines, settings, httpPort < 0 ? Optional.empty() : Optional.of(http));
        } catch (PipelineRefusedException e) {
            System.err.println("streamlearn: " + e.getMessage());
            return 2;
        } catch (BindException e) {
            System.err.println("--http-port " + httpPort + (httpHost == null ? "" : " --http-host " + httpHost) + ": "
                    + e.getMessage() + " (give another port, 0 for an ephemeral one, or -1 for no HTTP server)");
            return 2;
        }
        try (StreamlearnApp app = started) {
            System.out.printf("streamlearn running %d pipeline(s) against %s%s%n", pipelines.size(),
                    settings.bootstrapServers(), app.httpPort() >= 0 ? ", HTTP on port " + app.httpPort() : "");
            if (app.httpPort() >= 0) {
                System.out.println("open " + http.consoleUrl(app.httpPort()) + " (the console; /health, /metrics, /models, "
                        + "/predict on the same port)");
            }
            boolean failed = false;
            while (!stop.await(Duration.ofMillis(200))) {
                if (app.awaitFailure(Duration.ZERO)) {
                    failed = true;
                    break;
                }
            }
            app.close(Duration.ofSeconds(30));
            if (failed) {
                System.err.println("streamlearn stopped on an error (see the log above)");
                return 1;
            }
            System.out.println("streamlearn stopped");
        }
        return 0;
    }
}
