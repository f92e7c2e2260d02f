package io.streamlearn.query;

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
import java.util.List;

/**
 * The JSON view of a model, as {@code GET /models/{pipeline}/{learner}} and
 * {@code replay --dump-models} show it (docs/DESIGN.md, "HTTP"): {@code type}, {@code updates},
 * {@code version}; a linear model adds {@code weights} (by feature name where names are known, else
 * an array; in the original feature scale when the pipeline standardizes), {@code intercept} and
 * {@code nonZero}; a classifier over K > 2 classes has one weight set and intercept per class, by
 * class name. An MLP adds its layer sizes and parameter count. Both add the gradient statistics
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

    private ModelJson() {}

    /**
     * The view of a pipeline's learner, a path with its members' losses; call on the thread that owns
     * {@code p}.
     */
    public static ObjectNode describe(LearningPipeline p, String learner, List<String> featureNames,
                                      List<String> classes) {
        LearnerSlot slot = p.slot(learner);
        OnlineModel model = slot.model();
        if (!(model instanceof ModelPath path)) {
            return describe(model, featureNames, classes, p.standardizer());
        }
        ObjectNode node = describe(path.member(path.champion()), featureNames, classes, p.standardizer());
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
            m.setAll(describe(path.member(k), featureNames, classes, p.standardizer()));
        }
        return node;
    }

    /**
     * @param featureNames the spec's feature names; empty when only the dimension is known
     * @param classes the spec's classes; empty for regression
     * @param standardizer the pipeline's running standardizer, or null when it does not standardize
     */
    public static ObjectNode describe(
            OnlineModel model, List<String> featureNames, List<String> classes, RunningStandardizer standardizer) {
        if (model instanceof ModelPath path) {
            // without the pipeline's evaluation: the champion's view and the members' weights
            ObjectNode node = describe(path.member(path.champion()), featureNames, classes, standardizer);
            ObjectNode view = node.putObject("path");
            view.put("champion", path.labels().get(path.champion()));
            ArrayNode members = view.putArray("members");
            for (int k = 0; k < path.size(); k++) {
                ObjectNode m = members.addObject();
                m.put("lambda", path.labels().get(k));
                path.penalties(k).forEach(m::put);
                m.setAll(describe(path.member(k), featureNames, classes, standardizer));
            }
            return node;
        }
        if (model instanceof TargetStandardizedModel scaled) {
            // the inner model's view, a linear model's weights mapped back to the original target scale
            double mean = scaled.targetMean();
            double std = scaled.targetStd();
            ObjectNode node = describe(scaled.inner(), featureNames, classes, standardizer, std > 0 ? std : 1, mean);
            ObjectNode target = node.putObject("target");
            target.put("standardize", true);
            target.put("mean", mean);
            target.put("std", std);
            return node;
        }
        return describe(model, featureNames, classes, standardizer, 1, 0);
    }

    private static ObjectNode describe(OnlineModel model, List<String> featureNames, List<String> classes,
            RunningStandardizer standardizer, double targetScale, double targetShift) {
        ObjectNode node = JSON.objectNode();
        node.put("updates", model.updates());
        node.put("version", model.updates());
        double[] norms = null;
        if (model instanceof LinearModel linear) {
            node.put("type", "linear");
            norms = linear(node, linear, featureNames, classes, standardizer, targetScale, targetShift);
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
    private static double[] linear(ObjectNode node, LinearModel model, List<String> featureNames, List<String> classes,
            RunningStandardizer standardizer, double targetScale, double targetShift) {
        int rows = model.rows();
        double[] norms = new double[2];
        if (rows == 1) {
            double intercept = row(node, "weights", model, 0, featureNames, standardizer, targetScale, norms);
            node.put("intercept", targetScale * intercept + targetShift);
        } else {
            ObjectNode weights = node.putObject("weights");
            ObjectNode intercepts = node.putObject("intercept");
            for (int k = 0; k < rows; k++) {
                String label = k < classes.size() ? classes.get(k) : Integer.toString(k);
                intercepts.put(label, row(weights, label, model, k, featureNames, standardizer, 1, norms));
            }
        }
        node.put("nonZero", model.nonZeroWeights());
        return norms;
    }

    /** Writes row k's weights under {@code field} of {@code parent}; returns its intercept, both in the original scale. */
    private static double row(ObjectNode parent, String field, LinearModel model, int k, List<String> featureNames,
            RunningStandardizer standardizer, double targetScale, double[] norms) {
        double[] w = model.weights(k);
        double b = model.intercept(k);
        if (standardizer != null) {
            b = standardizer.toOriginalScale(w, b, w);
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
        if (featureNames.isEmpty()) {
            ArrayNode array = parent.putArray(field);
            for (double v : w) {
                array.add(v);
            }
        } else {
            ObjectNode named = parent.putObject(field);
            for (int j = 0; j < w.length; j++) {
                named.put(featureNames.get(j), w[j]);
            }
        }
        return b;
    }

    private static Double finiteOrNull(double v) {
        return Double.isFinite(v) ? v : null;
    }
}
