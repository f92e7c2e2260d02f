package io.streamlearn.app.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.kafka.streams.KafkaStreams;

/**
 * {@code GET /health}: 200 {@code {"state": "RUNNING", ...}} while the Streams client runs, else
 * 503 with its state; both with {@code rebalancing}, this instance's advertised address when it has
 * one, and its {@code activeTasks} and {@code standbyTasks}. {@code GET /metrics}: every meter in the
 * Prometheus text format. {@code /health} is open (no token), for load balancers and orchestrators;
 * {@code /metrics} too, for Prometheus, unless {@link HttpSettings#protectMetrics()}.
 */
final class HealthRoutes {

    private final ApplicationView app;
    private final String self;

    private HealthRoutes(ApplicationView app, String self) {
        this.app = app;
        this.self = self;
    }

    static List<Route> of(ApplicationView app, HttpSettings settings) {
        HealthRoutes routes = new HealthRoutes(app, settings.advertised());
        return List.of(
                Route.get("/health", routes::health).withOpen(true),
                Route.get("/metrics", routes::metrics).withOpen(!settings.protectMetrics()));
    }

    private void health(Exchange exchange) throws IOException {
        KafkaStreams.State s = app.state().get();
        InstanceTasks tasks = app.tasks().get();
        ObjectNode body = Exchange.JSON.createObjectNode().put("state", s.name())
                .put("rebalancing", s == KafkaStreams.State.REBALANCING);
        if (self != null) {
            body.put("instance", self);
        }
        tasks.active().forEach(body.putArray("activeTasks")::add);
        tasks.standby().forEach(body.putArray("standbyTasks")::add);
        exchange.json(s == KafkaStreams.State.RUNNING ? 200 : 503, body);
    }

    private void metrics(Exchange exchange) throws IOException {
        exchange.send(200, StatusServer.METRICS_CONTENT_TYPE, app.metrics().get().getBytes(StandardCharsets.UTF_8));
    }
}
