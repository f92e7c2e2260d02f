package io.streamlearn.query;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.streamlearn.learn.LinearModel;
import io.streamlearn.learn.Mlp;
import io.streamlearn.learn.OnlineModel;
import io.streamlearn.learn.RunningStandardizer;
import java.util.List;

/**
 * The JSON view of a model, as {@code GET /models/{pipeline}/{learner}} and
 * {@code replay --dump-models} show it (docs/DESIGN.md, "HTTP"): {@code type}, {@code updates},
 * {@code version}; a linear model adds {@code weights} (by feature name where names are known, else
 * an array; in the original feature scale when the pipeline standardizes), {@code intercept} and
 * {@code nonZero}; a classifier over K > 2 classes has one weight set and intercept per class, by
 * class name. An MLP adds its layer sizes and parameter count. Both add the weight norms and the
 * gradient statistics the metrics export.
 */
public final class ModelJson {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private ModelJson() {}

    /**
     * @param featureNames the spec's feature names; empty when only the dimension is known
     * @param classes the spec's classes; empty for regression
     * @param standardizer the pipeline's running standardizer, or null when it does not standardize
     */
    public static ObjectNode describe(
            OnlineModel model, List<String> featureNames, List<String> classes, RunningStandardizer standardizer) {
        ObjectNode node = JSON.objectNode();
        node.put("updates", model.updates());
        node.put("version", model.updates());
        if (model instanceof LinearModel linear) {
            node.put("type", "linear");
            linear(node, linear, featureNames, classes, standardizer);
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
        node.put("l1Norm", finiteOrNull(model.weightsL1()));
        node.put("l2Norm", finiteOrNull(model.weightsL2()));
        if (!Double.isNaN(model.lastGradientNorm())) {
            node.put("gradientNorm", model.lastGradientNorm());
            node.put("clippedSteps", model.clippedSteps());
        }
        return node;
    }

    private static void linear(ObjectNode node, LinearModel model, List<String> featureNames, List<String> classes,
            RunningStandardizer standardizer) {
        int rows = model.rows();
        if (rows == 1) {
            double intercept = row(node, "weights", model, 0, featureNames, standardizer);
            node.put("intercept", intercept);
        } else {
            ObjectNode weights = node.putObject("weights");
            ObjectNode intercepts = node.putObject("intercept");
            for (int k = 0; k < rows; k++) {
                String label = k < classes.size() ? classes.get(k) : Integer.toString(k);
                intercepts.put(label, row(weights, label, model, k, featureNames, standardizer));
            }
        }
        node.put("nonZero", model.nonZeroWeights());
    }

    /** Writes row k's weights under {@code field} of {@code parent}; returns its intercept, both in the original scale. */
    private static double row(ObjectNode parent, String field, LinearModel model, int k, List<String> featureNames,
            RunningStandardizer standardizer) {
        double[] w = model.weights(k);
        double b = model.intercept(k);
        if (standardizer != null) {
            b = standardizer.toOriginalScale(w, b, w);
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
