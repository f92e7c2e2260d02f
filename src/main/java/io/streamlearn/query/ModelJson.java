package io.streamlearn.query;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.streamlearn.eval.LearnerStats;
import io.streamlearn.learn.LinearModel;
import io.streamlearn.learn.Mlp;
import io.streamlearn.learn.ModelPath;
import io.streamlearn.learn.OnlineModel;
import io.streamlearn.learn.RunningStandardizer;
import io.streamlearn.learn.TargetStandardizedModel;
import io.streamlearn.pipeline.LearnerSlot;
import io.streamlearn.pipeline.LearningPipeline;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The JSON view of a model, as {@code GET /models/{pipeline}/{learner}} and
 * {@code replay --dump-models} show it (docs/DESIGN.md, "HTTP"): {@code type}, {@code updates},
 * {@code version}; a linear model adds {@code weights} (by feature name, {@link ColumnNames}; an
 * array when the columns have no names and all are shown; in the original feature scale when the
 * pipeline standardizes), {@code hashed} (the features seen in each hashed column shown),
 * {@code columns} (per weight row), {@code top}, {@code intercept} and {@code nonZero}; a classifier
 * over K > 2 classes has one weight set and intercept per class, by class name. A row of at most
 * {@code top} columns shows them all in column order; a wider one its {@code top} nonzero weights of
 * largest |w|, largest first ({@link TopColumns}); {@link #top} cuts a view to fewer. A raw-event
 * pipeline's view adds {@code encoding} ({@link FieldCounts}). An MLP adds its layer sizes and parameter count. Both add the gradient statistics
 * the metrics export and the weight norms {@code l1Norm}, {@code l2Norm} with {@code normScale}
 * naming their scale: a linear model's are the norms of the weights shown ({@code original}); an
 * MLP's are of its weights as trained ({@code standardized} when the pipeline standardizes, as the
 * {@code streamlearn_weights_norm} metric is for every model).
 *
 * <p>A regularization path ({@link ModelPath}) shows its champion's view, plus {@code path}:
 * {@code select} (holdout or prequential), {@code champion} (its λ label), {@code switches} and
 * {@code members}, per λ: {@code lambda} (the label), its penalties ({@code l1} and/or {@code l2}),
 * {@code loss} by split ({@code prequential}, {@code train}, {@code holdout}; null before measured)
 * and the member's own view (weights, intercept, nonZero, ...).
 */
public final class ModelJson {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    /** The weights a view shows when the request names no {@code top}. */
    public static final int DEFAULT_TOP = 100;
    /** The most weights a view shows per row: what a published view keeps for any {@code ?top=N}. */
    public static final int MAX_TOP = 1000;

    private ModelJson() {}

    /**
     * The view of a pipeline's learner, a path with its members' losses; call on the thread that owns
     * {@code p}.
     */
    public static ObjectNode describe(LearningPipeline p, String learner, List<String> featureNames,
                                      List<String> classes, int top) {
        LearnerSlot slot = p.slot(learner);
        OnlineModel model = slot.model();
        ColumnNames names = ColumnNames.of(p, featureNames);
        if (!(model instanceof ModelPath path)) {
            return withEncoding(describe(model, names, classes, p.standardizer(), top), p);
        }
        ObjectNode node = describe(path.member(path.champion()), names, classes, p.standardizer(), top);
        ObjectNode view = node.putObject("path");
        view.put("select", slot.selectsByPrequential() ? "prequential" : "holdout");
        view.put("champion", path.labels().get(path.champion()));
        view.put("switches", slot.pathSwitches());
        ArrayNode members = view.putArray("members");
        List<LearnerStats> stats = slot.memberStats();
        for (int k = 0; k < path.size(); k++) {
            ObjectNode m = members.addObject();
            m.put("lambda", path.labels().get(k));
            path.penalties(k).forEach(m::put);
            ObjectNode loss = m.putObject("loss");
            if (k < stats.size()) {
                loss.put("prequential", finiteOrNull(stats.get(k).prequentialLoss()));
                loss.put("train", finiteOrNull(stats.get(k).trainLoss()));
                loss.put("holdout", finiteOrNull(stats.get(k).holdoutLoss()));
            }
            m.setAll(describe(path.member(k), names, classes, p.standardizer(), top));
        }
        return withEncoding(node, p);
    }

    /**
     * Adds {@code encoding} to a raw-event pipeline's view: the events the encoder learned from and,
     * per numeric and categorical field, {@code missing}, and for a one-hot field {@code vocabulary},
     * {@code maxCategories} and {@code other} ({@link FieldCounts}); call on the thread that owns p.
     */
    public static ObjectNode withEncoding(ObjectNode view, LearningPipeline p) {
        if (p.events() == null) {
            return view;
        }
        FieldCounts counts = FieldCounts.of(p);
        ObjectNode encoding = view.putObject("encoding");
        encoding.put("events", counts.events());
        ArrayNode fields = encoding.putArray("fields");
        for (FieldCounts.Field f : counts.fields()) {
            ObjectNode field = fields.addObject();
            field.put("field", f.name());
            field.put("missing", counts.missing(f.name()));
            if (f.oneHot()) {
                field.put("vocabulary", counts.vocabularySize(f.name()));
                field.put("maxCategories", f.maxCategories());
                field.put("other", counts.other(f.name()));
            }
        }
        return view;
    }

    /**
     * A feature record pipeline's model, {@link #DEFAULT_TOP} weights.
     *
     * @param featureNames the spec's feature names; empty when only the dimension is known
     * @param classes the spec's classes; empty for regression
     * @param standardizer the pipeline's running standardizer, or null when it does not standardize
     */
    public static ObjectNode describe(
            OnlineModel model, List<String> featureNames, List<String> classes, RunningStandardizer standardizer) {
        return describe(model, ColumnNames.of(model.inputDimension(), featureNames), classes, standardizer,
                DEFAULT_TOP);
    }

    /**
     * @param names the columns' names (and for raw events the columns the standardizer scales)
     * @param classes the spec's classes; empty for regression
     * @param standardizer the pipeline's running standardizer, or null when it does not standardize
     * @param top the most weights shown per row
     */
    public static ObjectNode describe(OnlineModel model, ColumnNames names, List<String> classes,
                                      RunningStandardizer standardizer, int top) {
        if (model instanceof ModelPath path) {
            // without the pipeline's evaluation: the champion's view and the members' weights
            ObjectNode node = describe(path.member(path.champion()), names, classes, standardizer, top);
            ObjectNode view = node.putObject("path");
            view.put("champion", path.labels().get(path.champion()));
            ArrayNode members = view.putArray("members");
            for (int k = 0; k < path.size(); k++) {
                ObjectNode m = members.addObject();
                m.put("lambda", path.labels().get(k));
                path.penalties(k).forEach(m::put);
                m.setAll(describe(path.member(k), names, classes, standardizer, top));
            }
            return node;
        }
        if (model instanceof TargetStandardizedModel scaled) {
            // the inner model's view, a linear model's weights mapped back to the original target scale
            double mean = scaled.targetMean();
            double std = scaled.targetStd();
            ObjectNode node = describe(scaled.inner(), names, classes, standardizer, top, std > 0 ? std : 1, mean);
            ObjectNode target = node.putObject("target");
            target.put("standardize", true);
            target.put("mean", mean);
            target.put("std", std);
            return node;
        }
        return describe(model, names, classes, standardizer, top, 1, 0);
    }

    private static ObjectNode describe(OnlineModel model, ColumnNames names, List<String> classes,
            RunningStandardizer standardizer, int top, double targetScale, double targetShift) {
        ObjectNode node = JSON.objectNode();
        node.put("updates", model.updates());
        node.put("version", model.updates());
        double[] norms = null;
        if (model instanceof LinearModel linear) {
            node.put("type", "linear");
            norms = linear(node, linear, names, classes, standardizer, top, targetScale, targetShift);
        } else if (model instanceof Mlp mlp) {
            node.put("type", "mlp");
            ArrayNode layers = node.putArray("layers");
            for (int size : mlp.layerSizes()) {
                layers.add(size);
            }
            node.put("parameters", mlp.parameterCount());
            node.put("nonZero", mlp.nonZeroWeights());
        } else {
            throw new IllegalArgumentException("no JSON view for " + model.getClass().getName());
        }
        node.put("weightCount", model.weightCount());
        if (norms != null) {
            node.put("l1Norm", finiteOrNull(norms[0]));
            node.put("l2Norm", finiteOrNull(Math.sqrt(norms[1])));
            node.put("normScale", "original");
        } else {
            node.put("l1Norm", finiteOrNull(model.weightsL1()));
            node.put("l2Norm", finiteOrNull(model.weightsL2()));
            node.put("normScale", standardizer != null ? "standardized" : "original");
        }
        if (!Double.isNaN(model.lastGradientNorm())) {
            node.put("gradientNorm", model.lastGradientNorm());
            node.put("clippedSteps", model.clippedSteps());
        }
        return node;
    }

    /** Writes the weights and intercepts in the original scale; returns the L1 norm and squared L2 norm of those weights. */
    private static double[] linear(ObjectNode node, LinearModel model, ColumnNames names, List<String> classes,
            RunningStandardizer standardizer, int top, double targetScale, double targetShift) {
        int rows = model.rows();
        double[] norms = new double[2];
        ObjectNode hashed = JSON.objectNode();
        if (rows == 1) {
            double intercept = row(node, "weights", model, 0, names, standardizer, top, targetScale, norms, hashed);
            node.put("intercept", targetScale * intercept + targetShift);
        } else {
            ObjectNode weights = node.putObject("weights");
            ObjectNode intercepts = node.putObject("intercept");
            for (int k = 0; k < rows; k++) {
                String label = k < classes.size() ? classes.get(k) : Integer.toString(k);
                intercepts.put(label, row(weights, label, model, k, names, standardizer, top, 1, norms, hashed));
            }
        }
        if (!hashed.isEmpty()) {
            node.set("hashed", hashed);
        }
        node.put("columns", names.width());
        node.put("top", top);
        node.put("nonZero", model.nonZeroWeights());
        return norms;
    }

    /**
     * Writes row k's weights under {@code field} of {@code parent}, and the features of its hashed
     * columns shown into {@code hashed}; returns its intercept, both in the original scale.
     */
    private static double row(ObjectNode parent, String field, LinearModel model, int k, ColumnNames names,
            RunningStandardizer standardizer, int top, double targetScale, double[] norms, ObjectNode hashed) {
        double[] w = model.weights(k);
        double b = model.intercept(k);
        if (standardizer != null) {
            b = toOriginalScale(standardizer, names.scaledColumns(), w, b);
        }
        if (targetScale != 1) {
            for (int j = 0; j < w.length; j++) {
                w[j] *= targetScale;
            }
        }
        for (double v : w) {
            norms[0] += Math.abs(v);
            norms[1] += v * v;
        }
        boolean all = w.length <= top;
        if (all && names.positional()) {
            ArrayNode array = parent.putArray(field);
            for (double v : w) {
                array.add(v);
            }
            return b;
        }
        ObjectNode named = parent.putObject(field);
        int[] shown = all ? null : TopColumns.of(w, top);
        for (int i = 0, n = all ? w.length : shown.length; i < n; i++) {
            int c = all ? i : shown[i];
            String name = names.name(c);
            named.put(name, w[c]);
            List<String> features = names.hashedFeatures(c);
            if (!features.isEmpty()) {
                ArrayNode list = hashed.putArray(name);
                features.forEach(list::add);
            }
        }
        return b;
    }

    /**
     * Maps w (in place) and b from the standardized scale to the original one: w_j / s_j and
     * b − Σ w_j μ_j / s_j over the scaled columns ({@code scaled}: null means every column).
     */
    private static double toOriginalScale(RunningStandardizer standardizer, int[] scaled, double[] w, double b) {
        if (scaled == null) {
            return standardizer.toOriginalScale(w, b, w);
        }
        double[] picked = new double[scaled.length];
        for (int j = 0; j < scaled.length; j++) {
            picked[j] = w[scaled[j]];
        }
        double intercept = standardizer.toOriginalScale(picked, b, picked);
        for (int j = 0; j < scaled.length; j++) {
            w[scaled[j]] = picked[j];
        }
        return intercept;
    }

    /**
     * A copy of a view (as {@link #describe} wrote it with a larger or equal top) that shows at most
     * {@code top} weights per row, by the same rule: a row of at most {@code top} columns as it is,
     * a wider one its {@code top} nonzero weights of largest |w|, largest first; {@code hashed} keeps
     * the columns still shown. Path members are cut alike.
     */
    public static ObjectNode top(ObjectNode view, int top) {
        ObjectNode copy = view.deepCopy();
        cut(copy, top);
        if (copy.path("path").path("members").isArray()) {
            for (JsonNode m : copy.path("path").path("members")) {
                cut((ObjectNode) m, top);
            }
        }
        return copy;
    }

    private static void cut(ObjectNode node, int top) {
        if (!node.has("columns") || !node.has("weights")) {
            return; // no weight rows (an MLP)
        }
        node.put("top", top);
        if (node.get("columns").asLong() <= top) {
            return;
        }
        JsonNode weights = node.get("weights");
        Set<String> kept = new HashSet<>();
        if (weights.isArray() || weights.isObject() && !weights.isEmpty() && !weights.elements().next().isObject()) {
            node.set("weights", cutRow(weights, top, kept));
        } else {
            ObjectNode perClass = JSON.objectNode();
            weights.fields().forEachRemaining(e -> perClass.set(e.getKey(), cutRow(e.getValue(), top, kept)));
            node.set("weights", perClass);
        }
        if (node.get("hashed") instanceof ObjectNode hashed) {
            hashed.retain(kept);
            if (hashed.isEmpty()) {
                node.remove("hashed");
            }
        }
    }

    /** One row cut to its top nonzero weights: entries in the order shown, their names added to {@code kept}. */
    private static ObjectNode cutRow(JsonNode row, int top, Set<String> kept) {
        List<String> keys = new ArrayList<>();
        List<Double> values = new ArrayList<>();
        if (row.isArray()) {
            for (int c = 0; c < row.size(); c++) {
                keys.add("#" + c);
                values.add(row.get(c).asDouble());
            }
        } else {
            row.fields().forEachRemaining(e -> {
                keys.add(e.getKey());
                values.add(e.getValue().asDouble());
            });
        }
        double[] w = values.stream().mapToDouble(Double::doubleValue).toArray();
        ObjectNode out = JSON.objectNode();
        for (int i : TopColumns.of(w, top)) {
            out.put(keys.get(i), w[i]);
            kept.add(keys.get(i));
        }
        return out;
    }

    private static Double finiteOrNull(double v) {
        return Double.isFinite(v) ? v : null;
    }
}
