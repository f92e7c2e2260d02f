package io.streamlearn.spec;

import com.fasterxml.jackson.databind.JsonNode;
import io.streamlearn.learn.AdamWOptions;
import io.streamlearn.learn.LinearOptimizerOptions;
import io.streamlearn.learn.ModelPath;
import io.streamlearn.learn.drift.DriftAction;
import io.streamlearn.learn.drift.DriftOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Validates one entry of {@code learners} into a {@link LearnerSpec}, filling in defaults.
 *
 * <p>Optimizer defaults, used for an optimizer or a setting left out:
 * <ul>
 *   <li>{@code sgd}: learningRate 0.01, schedule invscaling, power 0.25 — scikit-learn's
 *       {@code SGDRegressor} defaults ({@code eta0=0.01, learning_rate='invscaling', power_t=0.25});
 *       the default of a linear learner;
 *   <li>{@code ftrl}: alpha 0.1, beta 1.0 — beta = 1 as McMahan et al. (KDD 2013, section 3.1) found
 *       good enough in practice; alpha 0.1 is our starting point for standardized features, to be tuned;
 *   <li>{@code rda}: gamma 1.0 — the scale of beta_t = gamma sqrt(t) in Xiao (JMLR 2010); our neutral
 *       starting point, to be tuned;
 *   <li>{@code adamw}: learningRate 1e-3, betas (0.9, 0.999), eps 1e-8, weightDecay 0.01 —
 *       {@code torch.optim.AdamW}'s defaults; the default (and only) optimizer of an MLP.
 * </ul>
 * MLP defaults: batchSize 32, dropout 0, clipNorm 0 (off), no LayerNorm or WeightNorm, no label
 * smoothing. Every learner: seed 42, no augmentation.
 */
final class LearnerParser {

    static final long DEFAULT_SEED = 42;
    static final int DEFAULT_BATCH_SIZE = 32;
    static final int MAX_BATCH_SIZE = 65_536;
    static final int MAX_WIDTH = 65_536;

    static final LinearOptimizerOptions.Sgd DEFAULT_SGD =
            new LinearOptimizerOptions.Sgd(0.01, LinearOptimizerOptions.Schedule.INVSCALING, 0.25);
    static final LinearOptimizerOptions.Ftrl DEFAULT_FTRL = new LinearOptimizerOptions.Ftrl(0.1, 1.0);
    static final LinearOptimizerOptions.Rda DEFAULT_RDA = new LinearOptimizerOptions.Rda(1.0);
    static final AdamWOptions DEFAULT_ADAMW = new AdamWOptions(1e-3, 0.9, 0.999, 1e-8, 0.01);

    private static final Map<String, String> MLP_ONLY = Map.of(
            "hidden", "only for mlp learners",
            "dropout", "only for mlp learners",
            "batchSize", "only for mlp learners",
            "clipNorm", "only for mlp learners",
            "layerNorm", "only for mlp learners",
            "weightNorm", "only for mlp learners",
            "labelSmoothing", "only for mlp learners");
    private static final Map<String, String> MLP_REJECTS = Map.of(
            "l1", "only for linear learners (an mlp is regularized by optimizer.weightDecay and dropout)",
            "l2", "only for linear learners (an mlp is regularized by optimizer.weightDecay and dropout)",
            "select", "only for linear learners with a list of l1 or l2 values (a regularization path)");

    private LearnerParser() {}

    /** The learner, or null when it has errors (which are added to the node's error list). */
    static LearnerSpec parse(SpecNode n, Task task) {
        int before = n.errors().size();
        String name = n.string("name", true);
        if (name != null && !SpecParser.NAME.matcher(name).matches()) {
            n.error("name", "must match " + SpecParser.NAME.pattern() + " (it is a metric label), got '" + name + "'");
        }
        String type = n.string("type", true);
        DriftOptions drift = drift(n);
        boolean standardizeTarget = standardizeTarget(n, task);
        LearnerSpec learner = switch (type == null ? "" : type) {
            case "linear" -> linear(n, name, drift, standardizeTarget);
            case "mlp" -> mlp(n, name, task, drift, standardizeTarget);
            default -> {
                if (type != null) {
                    n.error("type", "must be linear or mlp, got '" + type + "'");
                }
                checkKeysOfAnyType(n);
                yield null;
            }
        };
        return n.errors().size() > before ? null : learner;
    }

    /**
     * A learner of no known type: its keys and its optimizer's are checked against those of every
     * type, so that one run lists every error (an unknown key, say) and not the type's alone.
     */
    private static void checkKeysOfAnyType(SpecNode n) {
        n.rejectUnknownKeys(SpecKeys.names(SpecKeys.Section.LEARNER, SpecKeys.Section.LINEAR, SpecKeys.Section.MLP),
                Map.of());
        if (n.raw("optimizer") != null && n.raw("optimizer").isObject()) {
            checkOptimizerKeysOfAnyName(n.mapping("optimizer", false));
        }
    }

    /** An optimizer of no known name: its settings are checked against those of every optimizer. */
    private static void checkOptimizerKeysOfAnyName(SpecNode o) {
        List<String> any = new ArrayList<>(List.of("name"));
        for (SpecKeys.Section section : new SpecKeys.Section[] {SpecKeys.Section.SGD, SpecKeys.Section.FTRL,
                SpecKeys.Section.RDA, SpecKeys.Section.ADAMW}) {
            for (String key : SpecKeys.names(section)) {
                if (!any.contains(key)) {
                    any.add(key);
                }
            }
        }
        o.rejectUnknownKeys(any, Map.of());
    }

    /** A linear learner; null when its optimizer has errors. */
    private static LearnerSpec.Linear linear(SpecNode n, String name, DriftOptions drift, boolean standardizeTarget) {
        n.rejectUnknownKeys(SpecKeys.names(SpecKeys.Section.LEARNER, SpecKeys.Section.LINEAR), MLP_ONLY);
        List<Double> l1Path = penaltyList(n, "l1");
        List<Double> l2Path = penaltyList(n, "l2");
        double l1 = penalty(n, "l1", l1Path);
        double l2 = penalty(n, "l2", l2Path);
        // a list, even one with errors: no second error for select or drift
        boolean path = isList(n, "l1") || isList(n, "l2");
        int members = Math.max(1, l1Path.size()) * Math.max(1, l2Path.size());
        if (members > ModelPath.MAX_MEMBERS) {
            n.error(l2Path.isEmpty() ? "l1" : "l2", "a regularization path has at most " + ModelPath.MAX_MEMBERS
                    + " members, got " + members + (l1Path.isEmpty() || l2Path.isEmpty() ? "" : " (l1 x l2)"));
        }
        LearnerSpec.PathSelection select = LearnerSpec.PathSelection.HOLDOUT;
        String s = n.string("select", false);
        if (s != null) {
            if (!path) {
                n.error("select", "only with a list of l1 or l2 values (a regularization path)");
            } else if (s.equals("prequential")) {
                select = LearnerSpec.PathSelection.PREQUENTIAL;
            } else if (!s.equals("holdout")) {
                n.error("select", "must be holdout or prequential, got '" + s + "'");
            }
        }
        if (path && drift != null && drift.action() != DriftAction.NONE) {
            n.error("drift.action", "must be none on a regularization path (a reset or challenger would restart "
                    + "its members apart from their evaluators)");
        }
        LinearOptimizerOptions optimizer = linearOptimizer(n);
        long seed = n.longInteger("seed", DEFAULT_SEED);
        double noise = 0;
        SpecNode augment = n.mapping("augment", false);
        if (augment != null) {
            augment.rejectUnknownKeys(SpecKeys.names(SpecKeys.Section.AUGMENT),
                    Map.of("mixup", "only for mlp learners (mixup mixes the examples of a batch)"));
            noise = augment.number("noise", 0, 0, true, Double.POSITIVE_INFINITY, false);
        }
        return optimizer == null ? null
                : new LearnerSpec.Linear(name, l1, l2, optimizer, noise, seed, drift, standardizeTarget, l1Path,
                        l2Path, select);
    }

    private static boolean isList(SpecNode n, String key) {
        return n.raw(key) != null && n.raw(key).isArray();
    }

    /** One penalty value: the number, or the first of its list. */
    private static double penalty(SpecNode n, String key, List<Double> list) {
        JsonNode raw = n.raw(key);
        if (raw != null && raw.isArray()) {
            return list.isEmpty() ? 0 : list.get(0);
        }
        return n.number(key, 0, 0, true, Double.POSITIVE_INFINITY, false);
    }

    /**
     * {@code l1: [a, b, ...]}: 1 to {@link ModelPath#MAX_MEMBERS} distinct finite values &gt;= 0;
     * empty when the key is absent, a number, or after an error.
     */
    private static List<Double> penaltyList(SpecNode n, String key) {
        JsonNode raw = n.raw(key);
        if (raw == null || !raw.isArray()) {
            return List.of();
        }
        List<Double> values = new ArrayList<>();
        if (raw.isEmpty() || raw.size() > ModelPath.MAX_MEMBERS) {
            n.error(key, "a list of 1 to " + ModelPath.MAX_MEMBERS + " values, got " + raw.size());
            return List.of();
        }
        boolean ok = true;
        for (int i = 0; i < raw.size(); i++) {
            JsonNode v = raw.get(i);
            if (!v.isNumber() || !Double.isFinite(v.asDouble()) || v.asDouble() < 0) {
                n.error(key + "[" + i + "]", "must be a number >= 0, got " + SpecNode.describe(v));
                ok = false;
            } else if (values.contains(v.asDouble())) {
                n.error(key + "[" + i + "]", "repeats " + v.asText());
                ok = false;
            } else {
                values.add(v.asDouble());
            }
        }
        return ok ? values : List.of();
    }

    /** An MLP learner; null when its optimizer or hidden layers have errors. */
    private static LearnerSpec.Mlp mlp(SpecNode n, String name, Task task, DriftOptions drift,
                                       boolean standardizeTarget) {
        n.rejectUnknownKeys(SpecKeys.names(SpecKeys.Section.LEARNER, SpecKeys.Section.MLP), MLP_REJECTS);
        AdamWOptions optimizer = adamW(n);
        List<Integer> hidden = hidden(n);
        double dropout = n.number("dropout", 0, 0, true, 1, false);
        int batchSize = n.integer("batchSize", DEFAULT_BATCH_SIZE, 1, MAX_BATCH_SIZE);
        double clipNorm = n.number("clipNorm", 0, 0, true, Double.POSITIVE_INFINITY, false);
        long seed = n.longInteger("seed", DEFAULT_SEED);
        boolean layerNorm = n.bool("layerNorm", false);
        boolean weightNorm = n.bool("weightNorm", false);
        double labelSmoothing = 0;
        if (n.has("labelSmoothing")) {
            if (task == Task.CLASSIFICATION) {
                labelSmoothing = n.number("labelSmoothing", 0, 0, true, 1, false);
            } else {
                n.error("labelSmoothing", "only for task classification");
            }
        }
        double noise = 0;
        double mixup = 0;
        SpecNode augment = n.mapping("augment", false);
        if (augment != null) {
            augment.rejectUnknownKeys(SpecKeys.names(SpecKeys.Section.AUGMENT, SpecKeys.Section.AUGMENT_MLP), Map.of());
            noise = augment.number("noise", 0, 0, true, Double.POSITIVE_INFINITY, false);
            mixup = augment.number("mixup", 0, 0, true, Double.POSITIVE_INFINITY, false);
        }
        if (optimizer == null || hidden == null) {
            return null;
        }
        return new LearnerSpec.Mlp(name, hidden, dropout, batchSize, optimizer, clipNorm, seed, layerNorm, weightNorm,
                labelSmoothing, noise, mixup, drift, standardizeTarget);
    }

    /**
     * {@code drift: {detector: adwin | page-hinkley, action: none | reset | challenger, ...}}, or just
     * {@code drift: adwin}; null when absent or after an error. ADWIN: {@code delta} in (0, 1),
     * {@code clock} &gt;= 1; Page-Hinkley: {@code delta} &gt;= 0, {@code threshold} &gt; 0,
     * {@code alpha} in (0, 1], {@code minInstances} &gt;= 1.
     */
    private static DriftOptions drift(SpecNode n) {
        JsonNode raw = n.raw("drift");
        if (raw == null) {
            return null;
        }
        if (raw.isTextual()) {
            DriftOptions.Detector d = switch (raw.asText()) {
                case "adwin" -> DriftOptions.AdwinOptions.DEFAULT;
                case "page-hinkley" -> DriftOptions.PageHinkleyOptions.DEFAULT;
                default -> null;
            };
            if (d == null) {
                n.error("drift", "unknown detector '" + raw.asText() + "' (expected adwin or page-hinkley)");
                return null;
            }
            return new DriftOptions(d, DriftAction.NONE);
        }
        SpecNode o = n.mapping("drift", false);
        if (o == null) {
            return null;
        }
        int before = n.errors().size();
        String detector = o.string("detector", true);
        DriftOptions.Detector d = null;
        if (detector != null) {
            switch (detector) {
                case "adwin" -> {
                    o.rejectUnknownKeys(SpecKeys.names(SpecKeys.Section.DRIFT, SpecKeys.Section.DRIFT_ADWIN),
                            Map.of("threshold", "only for page-hinkley", "alpha", "only for page-hinkley",
                                    "minInstances", "only for page-hinkley"));
                    DriftOptions.AdwinOptions a = DriftOptions.AdwinOptions.DEFAULT;
                    d = new DriftOptions.AdwinOptions(o.number("delta", a.delta(), 0, false, 1, false),
                            o.integer("clock", a.clock(), 1, Integer.MAX_VALUE));
                }
                case "page-hinkley" -> {
                    o.rejectUnknownKeys(SpecKeys.names(SpecKeys.Section.DRIFT, SpecKeys.Section.DRIFT_PAGE_HINKLEY),
                            Map.of("clock", "only for adwin"));
                    DriftOptions.PageHinkleyOptions p = DriftOptions.PageHinkleyOptions.DEFAULT;
                    d = new DriftOptions.PageHinkleyOptions(
                            o.number("delta", p.delta(), 0, true, Double.POSITIVE_INFINITY, false),
                            o.number("threshold", p.threshold(), 0, false, Double.POSITIVE_INFINITY, false),
                            o.number("alpha", p.alpha(), 0, false, 1, true),
                            o.integer("minInstances", p.minInstances(), 1, Integer.MAX_VALUE));
                }
                default -> o.error("detector", "must be adwin or page-hinkley, got '" + detector + "'");
            }
        }
        DriftAction action = DriftAction.NONE;
        String a = o.string("action", false);
        if (a != null) {
            action = null;
            for (DriftAction candidate : DriftAction.values()) {
                if (candidate.label().equals(a)) {
                    action = candidate;
                }
            }
            if (action == null) {
                o.error("action", "must be none, reset or challenger, got '" + a + "'");
            }
        }
        return n.errors().size() > before || d == null ? null : new DriftOptions(d, action);
    }

    /** {@code target: {standardize: true}}: regression only. */
    private static boolean standardizeTarget(SpecNode n, Task task) {
        SpecNode t = n.mapping("target", false);
        if (t == null) {
            return false;
        }
        t.rejectUnknownKeys(SpecKeys.names(SpecKeys.Section.TARGET), Map.of());
        boolean standardize = t.bool("standardize", false);
        if (standardize && task != Task.REGRESSION) {
            t.error("standardize", "only for task regression (a classifier's target is a class)");
            return false;
        }
        return standardize;
    }

    private static List<Integer> hidden(SpecNode n) {
        JsonNode seq = n.sequence("hidden", true);
        if (seq == null) {
            return null;
        }
        if (seq.isEmpty()) {
            n.error("hidden", "must list at least one hidden layer width");
            return null;
        }
        List<Integer> widths = new ArrayList<>();
        boolean ok = true;
        for (int i = 0; i < seq.size(); i++) {
            JsonNode w = seq.get(i);
            if (!w.isIntegralNumber() || !w.canConvertToInt() || w.asInt() < 1 || w.asInt() > MAX_WIDTH) {
                n.error("hidden[" + i + "]", "must be an integer in [1, " + MAX_WIDTH + "], got "
                        + SpecNode.describe(w));
                ok = false;
            } else {
                widths.add(w.asInt());
            }
        }
        return ok ? widths : null;
    }

    /**
     * The {@code optimizer} entry: its name, the path of that name and its settings (null for the
     * shorthand {@code optimizer: NAME}).
     */
    private record OptimizerEntry(String name, String namePath, SpecNode settings) {}

    /** The {@code optimizer} entry, which must be present; null after an error. */
    private static OptimizerEntry optimizerEntry(SpecNode n) {
        JsonNode raw = n.raw("optimizer");
        if (raw.isTextual()) {
            // shorthand: "optimizer: ftrl" means that optimizer with its defaults
            return new OptimizerEntry(raw.asText(), "optimizer", null);
        }
        SpecNode o = n.mapping("optimizer", true);
        if (o == null) {
            return null;
        }
        String name = o.string("name", true);
        return name == null ? null : new OptimizerEntry(name, "optimizer.name", o);
    }

    /** A linear learner's optimizer, sgd when left out; null after an error. */
    private static LinearOptimizerOptions linearOptimizer(SpecNode n) {
        if (n.raw("optimizer") == null) {
            return DEFAULT_SGD;
        }
        OptimizerEntry e = optimizerEntry(n);
        if (e == null) {
            return null;
        }
        SpecNode o = e.settings();
        int before = n.errors().size();
        LinearOptimizerOptions result = switch (e.name()) {
            case "sgd" -> o == null ? DEFAULT_SGD : sgd(o);
            case "ftrl" -> o == null ? DEFAULT_FTRL : ftrl(o);
            case "rda" -> o == null ? DEFAULT_RDA : rda(o);
            case "adamw" -> {
                n.error(e.namePath(), "adamw is for mlp learners; a linear learner uses sgd, ftrl or rda");
                yield null;
            }
            default -> {
                n.error(e.namePath(), "unknown optimizer '" + e.name() + "' (expected sgd, ftrl or rda)");
                if (o != null) {
                    checkOptimizerKeysOfAnyName(o);
                }
                yield null;
            }
        };
        return n.errors().size() > before ? null : result;
    }

    /** An MLP's optimizer, adamw with its defaults when left out; null after an error. */
    private static AdamWOptions adamW(SpecNode n) {
        if (n.raw("optimizer") == null) {
            return DEFAULT_ADAMW;
        }
        OptimizerEntry e = optimizerEntry(n);
        if (e == null) {
            return null;
        }
        SpecNode o = e.settings();
        int before = n.errors().size();
        AdamWOptions result = switch (e.name()) {
            case "adamw" -> o == null ? DEFAULT_ADAMW : adamWSettings(o);
            case "sgd", "ftrl", "rda" -> {
                n.error(e.namePath(), "an mlp learner trains with adamw, got '" + e.name() + "'");
                yield null;
            }
            default -> {
                n.error(e.namePath(), "unknown optimizer '" + e.name() + "' (expected adamw)");
                if (o != null) {
                    checkOptimizerKeysOfAnyName(o);
                }
                yield null;
            }
        };
        return n.errors().size() > before ? null : result;
    }

    private static LinearOptimizerOptions.Sgd sgd(SpecNode o) {
        double inf = Double.POSITIVE_INFINITY;
        o.rejectUnknownKeys(SpecKeys.optimizerNames(SpecKeys.Section.SGD), Map.of());
        double rate = o.number("learningRate", DEFAULT_SGD.learningRate(), 0, false, inf, false);
        LinearOptimizerOptions.Schedule schedule = schedule(o);
        if (o.has("power") && schedule != LinearOptimizerOptions.Schedule.INVSCALING) {
            o.error("power", "only with schedule invscaling");
        }
        double power = o.number("power", DEFAULT_SGD.power(), 0, false, inf, false);
        return new LinearOptimizerOptions.Sgd(rate, schedule, power);
    }

    private static LinearOptimizerOptions.Ftrl ftrl(SpecNode o) {
        double inf = Double.POSITIVE_INFINITY;
        o.rejectUnknownKeys(SpecKeys.optimizerNames(SpecKeys.Section.FTRL), Map.of());
        return new LinearOptimizerOptions.Ftrl(
                o.number("alpha", DEFAULT_FTRL.alpha(), 0, false, inf, false),
                o.number("beta", DEFAULT_FTRL.beta(), 0, true, inf, false));
    }

    private static LinearOptimizerOptions.Rda rda(SpecNode o) {
        double inf = Double.POSITIVE_INFINITY;
        o.rejectUnknownKeys(SpecKeys.optimizerNames(SpecKeys.Section.RDA), Map.of());
        return new LinearOptimizerOptions.Rda(o.number("gamma", DEFAULT_RDA.gamma(), 0, false, inf, false));
    }

    private static AdamWOptions adamWSettings(SpecNode o) {
        double inf = Double.POSITIVE_INFINITY;
        o.rejectUnknownKeys(SpecKeys.optimizerNames(SpecKeys.Section.ADAMW), Map.of());
        double rate = o.number("learningRate", DEFAULT_ADAMW.learningRate(), 0, false, inf, false);
        double beta1 = DEFAULT_ADAMW.beta1();
        double beta2 = DEFAULT_ADAMW.beta2();
        JsonNode betas = o.sequence("betas", false);
        if (betas != null) {
            if (betas.size() != 2) {
                o.error("betas", "must be two numbers [beta1, beta2], got " + betas.size());
            } else {
                beta1 = beta(o, betas, 0);
                beta2 = beta(o, betas, 1);
            }
        }
        double eps = o.number("eps", DEFAULT_ADAMW.eps(), 0, false, inf, false);
        double decay = o.number("weightDecay", DEFAULT_ADAMW.weightDecay(), 0, true, inf, false);
        return new AdamWOptions(rate, beta1, beta2, eps, decay);
    }

    private static double beta(SpecNode o, JsonNode betas, int i) {
        JsonNode b = betas.get(i);
        if (!b.isNumber() || !(b.asDouble() >= 0 && b.asDouble() < 1)) {
            o.error("betas[" + i + "]", "must be in [0, 1), got " + SpecNode.describe(b));
            return 0;
        }
        return b.asDouble();
    }

    private static LinearOptimizerOptions.Schedule schedule(SpecNode o) {
        String s = o.string("schedule", false);
        if (s == null) {
            return DEFAULT_SGD.schedule();
        }
        switch (s) {
            case "constant":
                return LinearOptimizerOptions.Schedule.CONSTANT;
            case "invscaling":
                return LinearOptimizerOptions.Schedule.INVSCALING;
            case "adagrad":
                return LinearOptimizerOptions.Schedule.ADAGRAD;
            default:
                o.error("schedule", "must be constant, invscaling or adagrad, got '" + s + "'");
                return DEFAULT_SGD.schedule();
        }
    }
}
