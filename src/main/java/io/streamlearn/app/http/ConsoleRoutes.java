package io.streamlearn.app.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.streamlearn.eval.EvaluationSettings;
import io.streamlearn.query.PipelineMonitor;
import io.streamlearn.query.RecentOutputs;
import io.streamlearn.query.SeriesHistory;
import io.streamlearn.topology.PipelineDefinition;
import java.io.IOException;
import java.util.List;

/**
 * The web console: {@code GET /}, the page ({@link ConsoleAssets}), and its files under
 * {@code GET /console/{file}}; {@code GET /api/pipelines}, the pipelines with their learners, topics,
 * evaluation settings and spec; {@code GET /api/pipelines/{pipeline}/series?from=N}, the pipeline's
 * recent series ({@link SeriesHistory#toJson(long)}), from sample N on (default 0: all that are
 * kept); {@code GET /api/pipelines/{pipeline}/recent}, the last predictions and dead letters this
 * instance emitted ({@link RecentOutputs#toJson()}).
 *
 * <p>The page and its files are open: they are the same for everyone, hold no data, and the page
 * must load to ask for the token. The {@code /api} routes need the token when one is set; the page
 * asks for it at the first 401 and keeps it in the tab's {@code sessionStorage}.
 */
final class ConsoleRoutes {

    private final ApplicationView app;
    private final ConsoleAssets console;

    private ConsoleRoutes(ApplicationView app, ConsoleAssets console) {
        this.app = app;
        this.console = console;
    }

    static List<Route> of(ApplicationView app) {
        ConsoleRoutes routes = new ConsoleRoutes(app, ConsoleAssets.load());
        return List.of(
                Route.get("/", e -> routes.asset(e, ConsoleAssets.INDEX)).withOpen(true),
                Route.get("/console/{file}", e -> routes.asset(e, e.param("file"))).withOpen(true),
                Route.get("/api/pipelines", routes::pipelines),
                Route.get("/api/pipelines/{pipeline}/series", routes::series),
                Route.get("/api/pipelines/{pipeline}/recent", routes::recent));
    }

    private void asset(Exchange exchange, String name) throws IOException {
        ConsoleAssets.Asset asset = console.get(name);
        if (asset == null) {
            exchange.notFound();
            return;
        }
        exchange.setHeader("Cache-Control", "no-cache");
        exchange.setHeader("X-Content-Type-Options", "nosniff");
        exchange.setHeader("Content-Security-Policy", ConsoleAssets.CONTENT_SECURITY_POLICY);
        exchange.send(200, asset.contentType(), asset.bytes());
    }

    private void pipelines(Exchange exchange) throws IOException {
        ArrayNode body = Exchange.JSON.createArrayNode();
        for (PipelineMonitor m : app.monitors().values()) {
            ObjectNode pipeline = body.addObject().put("name", m.pipeline()).put("classification", m.classification());
            ArrayNode learners = pipeline.putArray("learners");
            m.learnerNames().forEach(learners::add);
            PipelineDefinition definition = app.definitions().get(m.pipeline());
            if (definition != null) {
                describe(pipeline, definition);
            }
        }
        exchange.json(200, body);
    }

    /** What the console shows of a pipeline's definition: scope, topics, evaluation settings and spec. */
    private static void describe(ObjectNode pipeline, PipelineDefinition definition) {
        pipeline.put("scope", definition.scope().perKey() ? "key" : "global");
        ObjectNode topics = pipeline.putObject("topics").put("input", definition.input().name())
                .put("output", definition.output().name()).put("deadLetter", definition.deadLetter().name());
        if (definition.delayedLabels()) {
            topics.put("labels", definition.labels().topic());
        }
        EvaluationSettings evaluation = definition.blueprint().settings();
        pipeline.putObject("evaluation").put("holdoutFraction", evaluation.holdoutFraction())
                .put("reservoir", evaluation.reservoir()).put("every", evaluation.every())
                .put("window", evaluation.window());
        pipeline.put("spec", definition.spec());
    }

    private void recent(Exchange exchange) throws IOException {
        PipelineMonitor monitor = app.monitors().get(exchange.param("pipeline"));
        if (monitor == null) {
            exchange.notFound();
            return;
        }
        exchange.setHeader("Cache-Control", "no-store");
        exchange.json(200, monitor.recent().toJson());
    }

    private void series(Exchange exchange) throws IOException {
        SeriesHistory history = app.series().get(exchange.param("pipeline"));
        if (history == null) {
            exchange.notFound();
            return;
        }
        long from;
        try {
            from = fromParameter(exchange.uri().getRawQuery());
        } catch (NumberFormatException e) {
            exchange.error(400, "from must be a sample number: " + exchange.uri().getRawQuery());
            return;
        }
        exchange.setHeader("Cache-Control", "no-store");
        exchange.json(200, history.toJson(from));
    }

    /** The {@code from} parameter of a query string; 0 when absent. */
    private static long fromParameter(String rawQuery) {
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
}
