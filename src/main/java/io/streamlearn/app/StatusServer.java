package io.streamlearn.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
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
 * state) and {@code GET /models} (every pipeline's learners with version and weights summary).
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
        server.createContext("/health", exchange -> {
            KafkaStreams.State s = state.get();
            ObjectNode body = JSON.createObjectNode().put("state", s.name());
            reply(exchange, s == KafkaStreams.State.RUNNING ? 200 : 503, body);
        });
        server.createContext("/models", exchange -> reply(exchange, 200, models(monitors)));
        server.setExecutor(Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "streamlearn-http");
            t.setDaemon(true);
            return t;
        }));
        server.start();
        return new StatusServer(server);
    }

    int port() {
        return server.getAddress().getPort();
    }

    private static ObjectNode models(Map<String, PipelineMonitor> monitors) {
        ObjectNode body = JSON.createObjectNode();
        for (PipelineMonitor m : monitors.values()) {
            ObjectNode pipeline = body.putObject(m.pipeline());
            for (PipelineMonitor.LearnerSnapshot l : m.learners()) {
                pipeline.putObject(l.learner())
                        .put("version", l.stats().updates())
                        .put("nonZero", l.nonZeroWeights())
                        .put("weights", l.weightCount());
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
