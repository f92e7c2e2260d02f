package io.streamlearn.app.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.streamlearn.query.ColumnNames;
import io.streamlearn.query.ModelJson;
import io.streamlearn.query.PipelineMonitor;
import io.streamlearn.query.PredictionSnapshot;
import io.streamlearn.record.RecordRejectedException;
import java.io.IOException;
import java.util.List;

/**
 * The models and predictions:
 * <ul>
 *   <li>{@code GET /models}: every pipeline's learners with their version;
 *   <li>{@code GET /models/{pipeline}/{learner}}: the model's JSON view, {@code ?top=N} weights per
 *       row (default {@link ModelJson#DEFAULT_TOP}, at most {@link ModelJson#MAX_TOP}); for a pipeline
 *       of {@code scope: key}, {@code ?key=K} (the record key as UTF-8) gives key K's model as of the
 *       last commit ({@link KeyForwarding});
 *   <li>{@code POST /predict/{pipeline}}: a feature record in, the stream's output JSON for it back
 *       ({@code ?key=K} for a pipeline of {@code scope: key}).
 * </ul>
 * Models and predictions come from what the stream thread published at its last snapshot (about
 * once a second): a request never touches the model the stream thread trains. 400 for a body that
 * is not a valid feature record, 404 for an unknown pipeline or learner, 503 before a pipeline's
 * first snapshot.
 */
final class ModelRoutes {

    private final ApplicationView app;
    private final KeyForwarding keys;

    private ModelRoutes(ApplicationView app, KeyForwarding keys) {
        this.app = app;
        this.keys = keys;
    }

    static List<Route> of(ApplicationView app, KeyForwarding keys) {
        ModelRoutes routes = new ModelRoutes(app, keys);
        return List.of(
                Route.get("/models", routes::models),
                Route.get("/models/{pipeline}/{learner}", routes::model),
                Route.post("/predict/{pipeline}", routes::predict));
    }

    private void models(Exchange exchange) throws IOException {
        ObjectNode body = Exchange.JSON.createObjectNode();
        for (PipelineMonitor m : app.monitors().values()) {
            ObjectNode pipeline = body.putObject(m.pipeline());
            for (PipelineMonitor.LearnerSnapshot l : m.learners()) {
                pipeline.putObject(l.learner()).put("version", l.stats().updates());
            }
        }
        exchange.json(200, body);
    }

    private void model(Exchange exchange) throws IOException {
        String name = exchange.param("pipeline");
        String learner = exchange.param("learner");
        PipelineMonitor monitor = app.monitors().get(name);
        String key = exchange.query("key");
        Integer top = top(exchange.query("top"));
        if (top == null) {
            exchange.error(400, "top must be a whole number from 1 to " + ModelJson.MAX_TOP + ", got "
                    + exchange.query("top"));
            return;
        }
        if (monitor != null && monitor.learnerNames().contains(learner) && (monitor.perKey() || key != null)) {
            KeyedPipelines.KeyedPipeline p = keys.keyedPipeline(exchange, monitor, key);
            if (p != null) {
                ObjectNode view = ModelJson.withEncoding(ModelJson.describe(p.pipeline().model(learner),
                        ColumnNames.of(p.pipeline(), p.schema().featureNames()), p.schema().classes(),
                        p.pipeline().standardizer(), top), p.pipeline());
                exchange.json(200, view.put("key", key));
            }
            return;
        }
        ObjectNode model = monitor == null ? null : monitor.models().get(learner);
        if (model == null) {
            exchange.error(404, "no such pipeline or learner: " + name + "/" + learner);
        } else {
            exchange.json(200, ModelJson.top(model, top));
        }
    }

    /** {@code ?top=N}: N, {@link ModelJson#DEFAULT_TOP} when absent, null when not in [1, MAX_TOP]. */
    private static Integer top(String text) {
        if (text == null) {
            return ModelJson.DEFAULT_TOP;
        }
        try {
            int n = Integer.parseInt(text);
            return n >= 1 && n <= ModelJson.MAX_TOP ? n : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private void predict(Exchange exchange) throws IOException {
        PipelineMonitor monitor = app.monitors().get(exchange.param("pipeline"));
        if (monitor == null) {
            exchange.error(404, "no such pipeline: " + exchange.param("pipeline"));
            return;
        }
        String key = exchange.query("key");
        PredictionSnapshot predictor;
        if (monitor.perKey() || key != null) {
            KeyedPipelines.KeyedPipeline p = keys.keyedPipeline(exchange, monitor, key);
            if (p == null) {
                return;
            }
            predictor = PredictionSnapshot.of(p.pipeline(), p.schema());
        } else {
            predictor = monitor.predictor();
        }
        if (predictor == null) {
            exchange.error(503, "pipeline " + monitor.pipeline() + " has no model on this instance yet");
            return;
        }
        byte[] prediction;
        try {
            prediction = predictor.predict(exchange.body());
        } catch (RecordRejectedException e) {
            exchange.error(400, e.getMessage());
            return;
        }
        exchange.json(200, prediction);
    }
}
