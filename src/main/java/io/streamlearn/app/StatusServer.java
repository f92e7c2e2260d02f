package io.streamlearn.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import io.streamlearn.topology.PipelineMonitor;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import org.apache.kafka.streams.KafkaStreams;

/**
 * The HTTP endpoints of a running application (JDK HTTP server, one thread):
 * {@code GET /health} (200 {"state": "RUNNING"} while the Streams client runs, else 503 with its
 * state), {@code GET /models} (every pipeline's learners with their version) and
 * {@code GET /models/{pipeline}/{learner}} (the model's JSON view, as of the last snapshot the
 * stream thread published, about once a second).
 */
final class StatusServer implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;

    private StatusServer(HttpServer server) {
        this.server = server;
    }

    /** Starts serving on {@code port} (0: an ephemeral one) on all interfaces. */
    static StatusServer start(int port, Supplier<KafkaStreams.State> state, Map<String, PipelineMonitor> monitors)
            throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(port), 0);
        server.createContext("/health", readOnly(exchange -> {
            KafkaStreams.State s = state.get();
            ObjectNode body = JSON.createObjectNode().put("state", s.name());
            reply(exchange, s == KafkaStreams.State.RUNNING ? 200 : 503, body);
        }));
        server.createContext("/models", readOnly(exchange -> {
            String[] parts = exchange.getRequestURI().getPath().split("/");
            if (parts.length <= 2) {
                reply(exchange, 200, models(monitors));
                return;
            }
            PipelineMonitor monitor = monitors.get(parts[2]);
            ObjectNode model = monitor == null || parts.length != 4 ? null : monitor.models().get(parts[3]);
            if (model == null) {
                reply(exchange, 404, JSON.createObjectNode().put("error", "no such pipeline or learner"));
            } else {
                reply(exchange, 200, model);
            }
        }));
        server.setExecutor(Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "streamlearn-http");
            t.setDaemon(true);
            return t;
        }));
        server.start();
        return new StatusServer(server);
    }

    /** GET and HEAD only: a request with any other method (and so a body) gets 405 with a message. */
    private static HttpHandler readOnly(HttpHandler handler) {
        return exchange -> {
            String method = exchange.getRequestMethod();
            if (method.equals("GET") || method.equals("HEAD")) {
                handler.handle(exchange);
            } else {
                exchange.getResponseHeaders().set("Allow", "GET, HEAD");
                reply(exchange, 405, JSON.createObjectNode().put("error", "method " + method + " not allowed; use GET"));
            }
        };
    }

    int port() {
        return server.getAddress().getPort();
    }

    private static ObjectNode models(Map<String, PipelineMonitor> monitors) {
        ObjectNode body = JSON.createObjectNode();
        for (PipelineMonitor m : monitors.values()) {
            ObjectNode pipeline = body.putObject(m.pipeline());
            for (PipelineMonitor.LearnerSnapshot l : m.learners()) {
                pipeline.putObject(l.learner()).put("version", l.stats().updates());
            }
        }
        return body;
    }

    private static void reply(HttpExchange exchange, int status, ObjectNode body) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(body);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
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
