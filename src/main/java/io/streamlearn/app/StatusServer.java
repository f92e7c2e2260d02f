package io.streamlearn.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.streamlearn.query.PipelineMonitor;
import io.streamlearn.query.PredictionSnapshot;
import io.streamlearn.query.SeriesHistory;
import io.streamlearn.record.RecordRejectedException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import org.apache.kafka.streams.KafkaStreams;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP endpoints of a running application (JDK HTTP server, one thread):
 * <ul>
 *   <li>{@code GET /}: the web console, a page of live charts ({@link ConsoleAssets}; its files under
 *       {@code GET /console/...}); read-only, like every endpoint but {@code /predict};
 *   <li>{@code GET /api/pipelines}: the pipelines and their learners;
 *   <li>{@code GET /api/pipelines/{pipeline}/series?from=N}: the pipeline's recent series
 *       ({@link SeriesHistory#toJson(long)}), from sample N on (default 0: all that are kept);
 *   <li>{@code GET /health}: 200 {"state": "RUNNING"} while the Streams client runs, else 503 with its state;
 *       both with {@code rebalancing} and this instance's {@code activeTasks} and {@code standbyTasks};
 *   <li>{@code GET /models}: every pipeline's learners with their version;
 *   <li>{@code GET /models/{pipeline}/{learner}}: the model's JSON view; for a pipeline of
 *       {@code scope: key}, {@code ?key=K} (the record key as UTF-8) gives key K's model as of the
 *       last commit, read from this instance's state store ({@link KeyedPipelines});
 *   <li>{@code GET /metrics}: every meter in the Prometheus text format;
 *   <li>{@code POST /predict/{pipeline}}: a feature record in, the stream's output JSON for it back
 *       ({@code ?key=K} for a pipeline of {@code scope: key}).
 * </ul>
 * Models and predictions come from what the stream thread published at its last snapshot (about once
 * a second): a request never touches the model the stream thread trains. Errors are JSON
 * {"error": ...}: 400 for a body that is not a valid feature record, 404 for an unknown path,
 * pipeline or learner, 405 for a wrong method, 413 for a body over the record size limit, 503 before
 * a pipeline's first snapshot.
 *
 * <p>A {@code ?key=K} request for a key whose task is on another instance of the application is
 * forwarded to that instance ({@link KeyedPipelines#locate}, from Kafka Streams' metadata and the
 * instances' {@code application.server}) and its answer relayed: the client needs no knowledge of
 * the partitions, and a POST body needs no client that re-sends it on a redirect. A forwarded request
 * carries {@value #FORWARDED_BY} and is never forwarded again (no loop while two instances disagree
 * during a rebalance); an instance that does not answer within {@link #FORWARD_TIMEOUT}, or metadata
 * that is not available (a rebalance), gives 503 with {@code Retry-After}. Requests are served by
 * {@value #THREADS} threads, so that two instances forwarding to each other do not wait on each other.
 */
final class StatusServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(StatusServer.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Header of a request forwarded by another instance: its address. */
    static final String FORWARDED_BY = "X-Streamlearn-Forwarded-By";
    /** Header of a {@code ?key=} answer: the advertised address of the instance that read the key's state. */
    static final String SERVED_BY = "X-Streamlearn-Served-By";
    static final Duration FORWARD_TIMEOUT = Duration.ofSeconds(5);
    static final int THREADS = 4;
    private static final HttpClient PEERS = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();

    /** This instance's tasks, for {@code /health}: task ids such as {@code 0_3} (sub-topology 0, partition 3). */
    record Tasks(List<String> active, List<String> standby) {
        static final Tasks NONE = new Tasks(List.of(), List.of());
    }

    private final HttpServer server;

    private StatusServer(HttpServer server) {
        this.server = server;
    }

    /**
     * Starts serving on {@code port} (0: an ephemeral one) of {@code host} (null: all interfaces).
     *
     * @param series each pipeline's history, by pipeline name, for the console
     * @param metrics the scrape of {@code /metrics}
     * @param maxBodyBytes largest {@code /predict} body accepted
     * @param keyed where a {@code scope: key} pipeline's per-key state is read
     * @param tasks this instance's tasks, for {@code /health}
     * @param self this instance's advertised address (host:port), or null
     */
    static StatusServer start(String host, int port, Supplier<KafkaStreams.State> state,
                              Map<String, PipelineMonitor> monitors, Map<String, SeriesHistory> series,
                              Supplier<String> metrics, int maxBodyBytes, KeyedPipelines keyed,
                              Supplier<Tasks> tasks, String self) throws IOException {
        InetSocketAddress address = host == null ? new InetSocketAddress(port) : new InetSocketAddress(host, port);
        if (address.isUnresolved()) {
            throw new IOException("cannot resolve the HTTP host " + host);
        }
        ConsoleAssets console = ConsoleAssets.load();
        HttpServer server = HttpServer.create(address, 0);
        Routes routes = new Routes(state, monitors, series, metrics, maxBodyBytes, console, keyed, tasks, self);
        server.createContext("/", exchange -> guarded(exchange, () -> route(exchange, routes)));
        server.setExecutor(Executors.newFixedThreadPool(THREADS, r -> {
            Thread t = new Thread(r, "streamlearn-http");
            t.setDaemon(true);
            return t;
        }));
        server.start();
        return new StatusServer(server);
    }

    /** On all interfaces, with series that are never sampled (empty). */
    static StatusServer start(int port, Supplier<KafkaStreams.State> state, Map<String, PipelineMonitor> monitors,
                              Supplier<String> metrics, int maxBodyBytes) throws IOException {
        return start(null, port, state, monitors, unsampled(monitors), metrics, maxBodyBytes, KeyedPipelines.NONE,
                () -> Tasks.NONE, null);
    }

    private static Map<String, SeriesHistory> unsampled(Map<String, PipelineMonitor> monitors) {
        Map<String, SeriesHistory> series = new LinkedHashMap<>();
        monitors.forEach((name, monitor) -> series.put(name, new SeriesHistory(monitor, 1)));
        return series;
    }

    /** What the handlers serve. */
    private record Routes(Supplier<KafkaStreams.State> state, Map<String, PipelineMonitor> monitors,
                          Map<String, SeriesHistory> series, Supplier<String> metrics, int maxBodyBytes,
                          ConsoleAssets console, KeyedPipelines keyed, Supplier<Tasks> tasks, String self) {}

    int port() {
        return server.getAddress().getPort();
    }

    private interface Handler {
        void handle() throws IOException;
    }

    /** Runs a handler; an exception that escapes it is a bug: logged, answered 500. */
    private static void guarded(HttpExchange exchange, Handler handler) throws IOException {
        try (exchange) {
            try {
                handler.handle();
            } catch (IOException e) {
                LOG.debug("HTTP exchange failed: {}", e.toString());
            } catch (RuntimeException e) {
                LOG.error("HTTP {} {} failed", exchange.getRequestMethod(), exchange.getRequestURI(), e);
                error(exchange, 500, "internal error: " + e);
            }
        }
    }

    private static void route(HttpExchange exchange, Routes routes) throws IOException {
        Supplier<KafkaStreams.State> state = routes.state();
        Map<String, PipelineMonitor> monitors = routes.monitors();
        String[] parts = exchange.getRequestURI().getPath().split("/", -1);
        String first = parts.length > 1 ? parts[1] : "";
        int n = parts.length;
        if (first.isEmpty() && n == 2) {
            if (method(exchange, "GET")) {
                asset(exchange, routes.console(), ConsoleAssets.INDEX);
            }
        } else if (first.equals("console") && n == 3) {
            if (method(exchange, "GET")) {
                asset(exchange, routes.console(), parts[2]);
            }
        } else if (first.equals("api") && n >= 3 && parts[2].equals("pipelines") && (n == 3 || n == 5)) {
            if (method(exchange, "GET")) {
                api(exchange, routes, parts);
            }
        } else if (first.equals("health") && n == 2) {
            if (method(exchange, "GET")) {
                health(exchange, state.get(), routes.tasks().get(), routes.self());
            }
        } else if (first.equals("metrics") && n == 2) {
            if (method(exchange, "GET")) {
                send(exchange, 200, AppMetrics.CONTENT_TYPE, routes.metrics().get().getBytes(StandardCharsets.UTF_8));
            }
        } else if (first.equals("models") && (n == 2 || n == 4)) {
            if (method(exchange, "GET")) {
                models(exchange, monitors, parts, routes);
            }
        } else if (first.equals("predict") && n == 3) {
            if (method(exchange, "POST")) {
                predict(exchange, monitors.get(parts[2]), routes);
            }
        } else {
            error(exchange, 404, "no such path: " + exchange.getRequestURI().getPath());
        }
    }

    private static void health(HttpExchange exchange, KafkaStreams.State s, Tasks tasks, String self)
            throws IOException {
        ObjectNode body = JSON.createObjectNode().put("state", s.name())
                .put("rebalancing", s == KafkaStreams.State.REBALANCING);
        if (self != null) {
            body.put("instance", self);
        }
        tasks.active().forEach(body.putArray("activeTasks")::add);
        tasks.standby().forEach(body.putArray("standbyTasks")::add);
        reply(exchange, s == KafkaStreams.State.RUNNING ? 200 : 503, body);
    }

    /** True when the request has {@code allowed} method; else answers 405 and returns false. */
    private static boolean method(HttpExchange exchange, String allowed) throws IOException {
        if (exchange.getRequestMethod().equals(allowed)) {
            return true;
        }
        exchange.getResponseHeaders().set("Allow", allowed);
        error(exchange, 405, exchange.getRequestMethod() + " not allowed; use " + allowed);
        return false;
    }

    private static void asset(HttpExchange exchange, ConsoleAssets console, String name) throws IOException {
        ConsoleAssets.Asset asset = console.get(name);
        if (asset == null) {
            error(exchange, 404, "no such path: " + exchange.getRequestURI().getPath());
            return;
        }
        exchange.getResponseHeaders().set("Cache-Control", "no-cache");
        exchange.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
        exchange.getResponseHeaders().set("Content-Security-Policy", ConsoleAssets.CONTENT_SECURITY_POLICY);
        send(exchange, 200, asset.contentType(), asset.bytes());
    }

    /** {@code /api/pipelines} and {@code /api/pipelines/{pipeline}/series}. */
    private static void api(HttpExchange exchange, Routes routes, String[] parts) throws IOException {
        if (parts.length == 3) {
            ArrayNode body = JSON.createArrayNode();
            for (PipelineMonitor m : routes.monitors().values()) {
                ObjectNode pipeline = body.addObject().put("name", m.pipeline()).put("classification", m.classification());
                ArrayNode learners = pipeline.putArray("learners");
                m.learnerNames().forEach(learners::add);
            }
            send(exchange, 200, "application/json", JSON.writeValueAsBytes(body));
            return;
        }
        SeriesHistory history = routes.series().get(parts[3]);
        if (history == null || !parts[4].equals("series")) {
            error(exchange, 404, "no such path: " + exchange.getRequestURI().getPath());
            return;
        }
        long from;
        try {
            from = fromParameter(exchange.getRequestURI().getRawQuery());
        } catch (NumberFormatException e) {
            error(exchange, 400, "from must be a sample number: " + exchange.getRequestURI().getRawQuery());
            return;
        }
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        reply(exchange, 200, history.toJson(from));
    }

    /**
     * Key {@code key}'s pipeline of a {@code scope: key} pipeline, or null when the request was
     * answered otherwise: forwarded to the instance that holds the key (with {@code body}, null for a
     * GET), or an error: 400 without a key or for a global pipeline, 404 when no instance holds state
     * for the key, 503 when its store or the metadata cannot be read now.
     */
    private static KeyedPipelines.KeyedPipeline keyedPipeline(HttpExchange exchange, PipelineMonitor monitor, String key,
                                                              Routes routes, byte[] body) throws IOException {
        KeyedPipelines keyed = routes.keyed();
        if (!monitor.perKey()) {
            error(exchange, 400, "pipeline " + monitor.pipeline() + " has one model set (scope: global): no ?key=");
            return null;
        }
        if (key == null) {
            error(exchange, 400, "pipeline " + monitor.pipeline() + " has one model set per record key (scope: key):"
                    + " give ?key=K");
            return null;
        }
        KeyedPipelines.KeyedPipeline p;
        try {
            p = keyed.find(monitor.pipeline(), key.getBytes(StandardCharsets.UTF_8));
        } catch (IllegalStateException e) {
            retryLater(exchange, "the state of key " + key + " cannot be read now (" + e.getMessage() + "); retry");
            return null;
        }
        if (p != null) {
            if (routes.self() != null) {
                exchange.getResponseHeaders().set(SERVED_BY, routes.self());
            }
            return p;
        }
        if (exchange.getRequestHeaders().getFirst(FORWARDED_BY) == null) {
            String target;
            try {
                target = keyed.locate(monitor.pipeline(), key.getBytes(StandardCharsets.UTF_8));
            } catch (IllegalStateException e) {
                retryLater(exchange, "no instance holds key " + key + " now (" + e.getMessage() + "); retry");
                return null;
            }
            if (target != null) {
                forward(exchange, target, body, routes.self());
                return null;
            }
        }
        error(exchange, 404, "no model for key " + key + " of pipeline " + monitor.pipeline()
                + (routes.self() == null ? " on this instance" : ""));
        return null;
    }

    /** Sends the request on to the instance at {@code target} (host:port) and relays its answer. */
    private static void forward(HttpExchange exchange, String target, byte[] body, String self) throws IOException {
        URI request = exchange.getRequestURI();
        HttpRequest.Builder builder;
        try {
            builder = HttpRequest.newBuilder(URI.create("http://" + target + request.getRawPath()
                    + (request.getRawQuery() == null ? "" : "?" + request.getRawQuery())));
        } catch (IllegalArgumentException e) {
            error(exchange, 400, "cannot forward this request: " + e.getMessage());
            return;
        }
        builder.timeout(FORWARD_TIMEOUT).header(FORWARDED_BY, self == null ? "unknown" : self);
        if (body == null) {
            builder.GET();
        } else {
            builder.POST(HttpRequest.BodyPublishers.ofByteArray(body)).header("Content-Type", "application/json");
        }
        HttpResponse<byte[]> answer;
        try {
            answer = PEERS.send(builder.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            retryLater(exchange, "the instance holding the key, " + target + ", did not answer (" + e + "); retry");
            return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            retryLater(exchange, "interrupted while forwarding to " + target);
            return;
        }
        exchange.getResponseHeaders().set(SERVED_BY, answer.headers().firstValue(SERVED_BY).orElse(target));
        answer.headers().firstValue("Retry-After").ifPresent(v -> exchange.getResponseHeaders().set("Retry-After", v));
        send(exchange, answer.statusCode(), answer.headers().firstValue("Content-Type").orElse("application/json"),
                answer.body());
    }

    /** 503 with {@code Retry-After: 1}: a rebalance or a moving task; the client should ask again. */
    private static void retryLater(HttpExchange exchange, String message) throws IOException {
        exchange.getResponseHeaders().set("Retry-After", "1");
        error(exchange, 503, message);
    }

    /** The first value of a query parameter, URL-decoded; null when absent. */
    private static String queryParameter(HttpExchange exchange, String name) {
        String query = exchange.getRequestURI().getRawQuery();
        if (query == null) {
            return null;
        }
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            String n = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            if (n.equals(name)) {
                return eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            }
        }
        return null;
    }

    /** The {@code from} parameter of a query string; 0 when absent. */
    static long fromParameter(String rawQuery) {
        if (rawQuery == null || rawQuery.isEmpty()) {
            return 0;
        }
        long from = 0;
        for (String pair : rawQuery.split("&")) {
            if (pair.startsWith("from=")) {
                from = Long.parseLong(pair.substring("from=".length()));
            }
        }
        return from;
    }

    private static void models(HttpExchange exchange, Map<String, PipelineMonitor> monitors, String[] parts,
                               Routes routes) throws IOException {
        if (parts.length == 2) {
            ObjectNode body = JSON.createObjectNode();
            for (PipelineMonitor m : monitors.values()) {
                ObjectNode pipeline = body.putObject(m.pipeline());
                for (PipelineMonitor.LearnerSnapshot l : m.learners()) {
                    pipeline.putObject(l.learner()).put("version", l.stats().updates());
                }
            }
            reply(exchange, 200, body);
            return;
        }
        PipelineMonitor monitor = monitors.get(parts[2]);
        String key = queryParameter(exchange, "key");
        if (monitor != null && monitor.learnerNames().contains(parts[3]) && (monitor.perKey() || key != null)) {
            KeyedPipelines.KeyedPipeline p = keyedPipeline(exchange, monitor, key, routes, null);
            if (p != null) {
                ObjectNode view = io.streamlearn.query.ModelJson.describe(p.pipeline().model(parts[3]),
                        p.schema().featureNames(), p.schema().classes(), p.pipeline().standardizer());
                reply(exchange, 200, view.put("key", key));
            }
            return;
        }
        ObjectNode model = monitor == null ? null : monitor.models().get(parts[3]);
        if (model == null) {
            error(exchange, 404, "no such pipeline or learner: " + parts[2] + "/" + parts[3]);
        } else {
            reply(exchange, 200, model);
        }
    }

    private static void predict(HttpExchange exchange, PipelineMonitor monitor, Routes routes) throws IOException {
        int maxBodyBytes = routes.maxBodyBytes();
        if (monitor == null) {
            error(exchange, 404, "no such pipeline: " + exchange.getRequestURI().getPath().substring("/predict/".length()));
            return;
        }
        byte[] body = readBody(exchange, maxBodyBytes);
        if (body == null) {
            error(exchange, 413, "body over " + maxBodyBytes + " bytes");
            return;
        }
        String key = queryParameter(exchange, "key");
        PredictionSnapshot predictor;
        if (monitor.perKey() || key != null) {
            KeyedPipelines.KeyedPipeline p = keyedPipeline(exchange, monitor, key, routes, body);
            if (p == null) {
                return;
            }
            predictor = PredictionSnapshot.of(p.pipeline(), p.schema());
        } else {
            predictor = monitor.predictor();
        }
        if (predictor == null) {
            error(exchange, 503, "pipeline " + monitor.pipeline() + " has no model on this instance yet");
            return;
        }
        byte[] prediction;
        try {
            prediction = predictor.predict(body);
        } catch (RecordRejectedException e) {
            error(exchange, 400, e.getMessage());
            return;
        }
        send(exchange, 200, "application/json", prediction);
    }

    /** The request body, or null when it is longer than {@code max} bytes (then it is not read on). */
    private static byte[] readBody(HttpExchange exchange, int max) throws IOException {
        String declared = exchange.getRequestHeaders().getFirst("Content-Length");
        if (declared != null) {
            try {
                if (Long.parseLong(declared.trim()) > max) {
                    return null;
                }
            } catch (NumberFormatException e) {
                // the JDK server refuses a malformed Content-Length before a handler runs; read and see
            }
        }
        try (InputStream in = exchange.getRequestBody()) {
            byte[] bytes = in.readNBytes(max + 1);
            return bytes.length > max ? null : bytes;
        }
    }

    private static void error(HttpExchange exchange, int status, String message) throws IOException {
        reply(exchange, status, JSON.createObjectNode().put("error", message));
    }

    private static void reply(HttpExchange exchange, int status, ObjectNode body) throws IOException {
        send(exchange, status, "application/json", JSON.writeValueAsBytes(body));
    }

    private static void send(HttpExchange exchange, int status, String contentType, byte[] bytes) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
