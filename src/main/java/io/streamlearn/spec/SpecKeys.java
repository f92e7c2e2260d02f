package io.streamlearn.spec;

import io.streamlearn.encode.FeatureField;
import io.streamlearn.learn.drift.DriftOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Every key a topology spec may have, where it may appear, what it means and its default: the
 * validator ({@link SpecParser}, {@link LearnerParser}) takes its lists of allowed keys from here,
 * and docs/spec.md's key table is {@link #markdownTable()} (a test checks that it is), so the two
 * cannot disagree.
 */
public final class SpecKeys {

    /** Where a key may appear. */
    public enum Section {
        ROOT("", "every spec"),
        FEATURES("features.", "every spec"),
        EVENT_FEATURES("features.", "raw events"),
        FIELDS("fields.", "raw events"),
        NUMERIC("features.numeric[].", "a numeric field"),
        CATEGORICAL("features.categorical[].", "a categorical field"),
        TEXT("features.text[].", "a text field"),
        INTERACTION("features.interactions[].", "an interaction"),
        EVALUATION("evaluation.", "every spec"),
        LABELS("labels.", "`labels:`"),
        PARALLEL("parallel.", "`scope: global`"),
        LEARNER("learners[].", "every learner"),
        LINEAR("learners[].", "`type: linear`"),
        MLP("learners[].", "`type: mlp`"),
        AUGMENT("learners[].augment.", "every learner"),
        AUGMENT_MLP("learners[].augment.", "`type: mlp`"),
        DRIFT("learners[].drift.", "every learner"),
        DRIFT_ADWIN("learners[].drift.", "`detector: adwin`"),
        DRIFT_PAGE_HINKLEY("learners[].drift.", "`detector: page-hinkley`"),
        TARGET("learners[].target.", "every learner"),
        SGD("learners[].optimizer.", "`name: sgd` (linear)"),
        FTRL("learners[].optimizer.", "`name: ftrl` (linear)"),
        RDA("learners[].optimizer.", "`name: rda` (linear)"),
        ADAMW("learners[].optimizer.", "`name: adamw` (mlp)");

        final String prefix;
        final String scope;

        Section(String prefix, String scope) {
            this.prefix = prefix;
            this.scope = scope;
        }
    }

    /** One key: its section, name, meaning and default (as text; "required" when it has none). */
    public record Key(Section section, String name, String meaning, String defaultValue) {

        /** The key's path in a spec, {@code learners[].optimizer.alpha}. */
        public String path() {
            return section.prefix + name;
        }
    }

    private static final EvaluationSpec EVAL = EvaluationSpec.DEFAULT;
    private static final DriftOptions.AdwinOptions ADWIN = DriftOptions.AdwinOptions.DEFAULT;
    private static final DriftOptions.PageHinkleyOptions PAGE_HINKLEY = DriftOptions.PageHinkleyOptions.DEFAULT;

    public static final List<Key> ALL = List.of(
            new Key(Section.ROOT, "name", "pipeline name (`[A-Za-z0-9][A-Za-z0-9_.-]*`, at most 100): metric label and "
                    + "state key prefix", "required"),
            new Key(Section.ROOT, "input", "topic of the feature records", "required"),
            new Key(Section.ROOT, "output", "topic of the predictions (not the input)", "required"),
            new Key(Section.ROOT, "deadLetter", "topic of the records that cannot be used", "`<input>.dlq`"),
            new Key(Section.ROOT, "task", "`regression` or `classification`", "`regression`"),
            new Key(Section.ROOT, "features", "the features: `names` or `dimension` (feature records), or `numeric`, "
                    + "`categorical`, `text` and `interactions` (raw events, one form or the other); and `standardize`",
                    "required"),
            new Key(Section.ROOT, "fields", "raw events: where the event holds its id, label and timestamp (below)",
                    "`{id: id, label: label, timestamp: timestamp}`"),
            new Key(Section.ROOT, "evaluation", "how losses are measured (below)", "all defaults"),
            new Key(Section.ROOT, "classes", "classification only, required there: the class labels, a list of at least "
                    + "2 distinct scalars (`[benign, malignant]`, `[0, 1]`); a record's `label` names one of them", "—"),
            new Key(Section.ROOT, "learners", "the learners, at least one, distinct names", "required"),
            new Key(Section.ROOT, "scope", "`global`: one model set for the pipeline; `key`: one model set per record "
                    + "key (every learner with its optimizer state, the MLP's batch buffer, the scaler, the reservoirs "
                    + "and the evaluation); with `key` a record without a key is dead-lettered as `missing_key`",
                    "`global`"),
            new Key(Section.ROOT, "maxKeys", "`scope: key`: keys kept in memory per task; beyond it the least recently "
                    + "used key is written to the store and dropped, and reloaded on its next record "
                    + "(`streamlearn_keys_evicted_total`, and a warning the first time)",
                    fmt(ScopeSpec.DEFAULT_MAX_KEYS)),
            new Key(Section.ROOT, "keyTtl", "`scope: key`: a key without a record for this long (stream time: record "
                    + "timestamps) is deleted, and starts afresh if it comes back (`streamlearn_keys_expired_total`); "
                    + "`<n>ms`, `s`, `m`, `h` or `d`", "never"),
            new Key(Section.ROOT, "labels", "delayed labels: label records `{\"id\": ..., \"label\": ...}` on their own "
                    + "topic join the feature record of the same id predicted earlier (below); `scope: global` only",
                    "off"),
            new Key(Section.ROOT, "parallel", "`scope: global` only: train the one model set data-parallel, a "
                    + "replica in every input partition's task, merged every `every` records (below); without it "
                    + "one task trains it", "off"),
            new Key(Section.PARALLEL, "every", "training records a replica trains between publishing its model set "
                    + "as the next generation; the records-weighted average of every partition's generation is "
                    + "merged back into each replica", "required"),
            new Key(Section.FEATURES, "names", "feature names; a dense `features` array is matched to them in this order",
                    "— (give `names` or `dimension`)"),
            new Key(Section.FEATURES, "dimension", "number of features, when they have no names (records then "
                    + "give dense arrays); must match `names` when both are given", "length of `names`"),
            new Key(Section.FEATURES, "standardize", "online running mean / variance scaling of every feature (raw "
                    + "events: of the numeric ones; one-hot and hashed columns stay 0/1)", "false"),
            new Key(Section.EVENT_FEATURES, "numeric", "fields holding a JSON number: each a field name, or a mapping "
                    + "(below); 2 columns each, the value and `<field>:missing` (1 when null or absent)", "—"),
            new Key(Section.EVENT_FEATURES, "categorical", "fields holding a category (a string, number or boolean, "
                    + "as text): each a field name (one-hot, at most " + FeatureField.DEFAULT_MAX_CATEGORIES
                    + " values), or a mapping (below); `maxCategories` + 2 columns (`<other>`, `<missing>`) or `hash`",
                    "—"),
            new Key(Section.EVENT_FEATURES, "text", "fields holding text: lower-cased runs of letters and digits, each "
                    + "`<field>=<token>` hashed and counted; each a field name or a mapping (below)", "—"),
            new Key(Section.EVENT_FEATURES, "interactions", "crosses of two numeric or categorical fields listed "
                    + "above, `<a>=<x>^<b>=<y>` hashed (a numeric member multiplies by its value): each `[a, b]` or a "
                    + "mapping (below)", "—"),
            new Key(Section.FIELDS, "id", "the event's id: a top-level field name (any characters) or a JSON Pointer "
                    + "(`/order/id`), as every field below", "`id`"),
            new Key(Section.FIELDS, "label", "the event's label (a number, or a class)", "`label`"),
            new Key(Section.FIELDS, "timestamp", "the event's timestamp (epoch milliseconds)", "`timestamp`"),
            new Key(Section.NUMERIC, "field", "the field: a top-level name or a JSON Pointer (RFC 6901, starts with "
                    + "`/`, `~1` for `/` and `~0` for `~` in a name)", "required"),
            new Key(Section.NUMERIC, "transform", "`none`, or `log1p`: sign(v)·log(1 + |v|)", "`none`"),
            new Key(Section.NUMERIC, "missing", "a null or absent value becomes the running `mean` of the values seen "
                    + "(after the transform) or `zero`", "`mean`"),
            new Key(Section.CATEGORICAL, "field", "the field (as above)", "required"),
            new Key(Section.CATEGORICAL, "maxCategories", "one-hot vocabulary size, in first-seen order; later new "
                    + "values share `<field>=<other>`", fmt(FeatureField.DEFAULT_MAX_CATEGORIES)),
            new Key(Section.CATEGORICAL, "hash", "hash into this many columns instead: |murmur3_32(utf8(\"<field>="
                    + "<value>\"), 0)| mod hash, as scikit-learn's `FeatureHasher`", "off"),
            new Key(Section.TEXT, "field", "the field (as above)", "required"),
            new Key(Section.TEXT, "hash", "hashed columns", "2^18"),
            new Key(Section.INTERACTION, "fields", "the pair `[a, b]`", "required"),
            new Key(Section.INTERACTION, "hash", "hashed columns", "2^18"),
            new Key(Section.EVALUATION, "holdoutFraction", "share of labeled records never trained on (a stable "
                    + "hash of the id), in [0, 1)", fmt(EVAL.holdoutFraction())),
            new Key(Section.EVALUATION, "reservoir", "recent records kept per split for the train and holdout losses",
                    fmt(EVAL.reservoir())),
            new Key(Section.EVALUATION, "every", "train and holdout losses recomputed every N labeled records",
                    fmt(EVAL.every())),
            new Key(Section.EVALUATION, "window", "training records the prequential loss averages over",
                    fmt(EVAL.window())),
            new Key(Section.LABELS, "topic", "topic of the label records (not the input, output or dead-letter topic)",
                    "required"),
            new Key(Section.LABELS, "timeout", "a feature record whose label has not come after this long (stream time) "
                    + "is dropped (`outcome=expired`); `<n>ms`, `s`, `m`, `h` or `d`", "10m"),
            new Key(Section.LABELS, "maxPending", "feature records awaiting their label (and labeled ids remembered to "
                    + "refuse a duplicate) kept at most; beyond it the oldest is dropped first",
                    fmt(LabelsSpec.DEFAULT_MAX_PENDING)),
            new Key(Section.LABELS, "earlyWait", "a label that comes before its features waits this long (stream time) "
                    + "for them, then is dead-lettered `unknown_id`", "1m"),
            new Key(Section.LABELS, "maxEarly", "labels waiting for their features kept at most; beyond it the oldest "
                    + "is dead-lettered `unknown_id`", fmt(LabelsSpec.DEFAULT_MAX_EARLY)),
            new Key(Section.LEARNER, "name", "learner name (as a pipeline name): metric label", "required"),
            new Key(Section.LEARNER, "type", "`linear` (optimizer `sgd`, `ftrl` or `rda`) or `mlp` (optimizer "
                    + "`adamw` only)", "required"),
            new Key(Section.LEARNER, "optimizer", "a mapping with `name` and that optimizer's settings (below), or just "
                    + "the name for its defaults: `optimizer: ftrl`", "`sgd` (linear), `adamw` (mlp)"),
            new Key(Section.LEARNER, "seed", "seed of initialisation, dropout and augmentation noise",
                    fmt(LearnerParser.DEFAULT_SEED)),
            new Key(Section.LEARNER, "augment", "`{noise: σ}`: Gaussian noise on the features of training records", "off"),
            new Key(Section.LEARNER, "drift", "drift detection on the learner's prequential loss: a mapping (below), or "
                    + "just the detector's name for its defaults with action none: `drift: adwin`", "off"),
            new Key(Section.LEARNER, "target", "regression only: `{standardize: true}`", "off"),
            new Key(Section.LINEAR, "l1", "L1 penalty of the objective mean ½(y − w·x − b)² + (l2/2)‖w‖² + l1‖w‖₁ "
                    + "(the intercept is never penalized); Lasso: `l1` only; elastic net: both `l1` and `l2`", "0"),
            new Key(Section.LINEAR, "l2", "L2 penalty (above); Ridge: `l2` only. A list for `l1` and/or `l2` "
                    + "(`l1: [0.0001, 0.001, 0.01, 0.1]`) makes a [λ path](learning.md#a-live-regularization-path): one model per value (per "
                    + "pair for two lists), at most 16, predicting with the champion's", "0"),
            new Key(Section.LINEAR, "select", "a λ path's champion: the member with the lowest `holdout` or "
                    + "`prequential` loss", "`holdout`"),
            new Key(Section.MLP, "hidden", "widths of the hidden layers, at least one (`[32, 16]`)", "required"),
            new Key(Section.MLP, "dropout", "inverted dropout rate after each hidden layer, in [0, 1)", "0"),
            new Key(Section.MLP, "batchSize", "records per mini-batch step", fmt(LearnerParser.DEFAULT_BATCH_SIZE)),
            new Key(Section.MLP, "clipNorm", "maximum total gradient norm (`clip_grad_norm_`); 0 = off", "0"),
            new Key(Section.MLP, "layerNorm", "LayerNorm after each hidden layer", "false"),
            new Key(Section.MLP, "weightNorm", "weight normalization of the layers", "false"),
            new Key(Section.MLP, "labelSmoothing", "classification only: label smoothing of the cross-entropy, in [0, 1)",
                    "0"),
            new Key(Section.AUGMENT, "noise", "σ of the Gaussian feature noise", "0"),
            new Key(Section.AUGMENT_MLP, "mixup", "α of mixup within a mini-batch", "0 (off)"),
            new Key(Section.DRIFT, "detector", "`adwin` or `page-hinkley`", "required"),
            new Key(Section.DRIFT, "action", "on a detection: `none` (count it), `reset` (a fresh model) or `challenger` "
                    + "(a fresh model trained alongside, taking over when better)", "none"),
            new Key(Section.DRIFT_ADWIN, "delta", "ADWIN's confidence δ, in (0, 1)", fmt(ADWIN.delta())),
            new Key(Section.DRIFT_ADWIN, "clock", "check for a cut every N values", fmt(ADWIN.clock())),
            new Key(Section.DRIFT_PAGE_HINKLEY, "delta", "Page-Hinkley's tolerated change δ, >= 0", fmt(PAGE_HINKLEY.delta())),
            new Key(Section.DRIFT_PAGE_HINKLEY, "threshold", "detection threshold λ, > 0", fmt(PAGE_HINKLEY.threshold())),
            new Key(Section.DRIFT_PAGE_HINKLEY, "alpha", "fading factor α of the cumulative sum, in (0, 1]",
                    "1 − 1e-4"),
            new Key(Section.DRIFT_PAGE_HINKLEY, "minInstances", "values seen before any detection",
                    fmt(PAGE_HINKLEY.minInstances())),
            new Key(Section.TARGET, "standardize", "train on z = (y − mean) / std (Welford's running mean and variance of "
                    + "the training targets) and predict mean + std · output, so predictions and losses stay in y's scale",
                    "false"),
            new Key(Section.SGD, "learningRate", "proximal SGD step size η₀", fmt(LearnerParser.DEFAULT_SGD.learningRate())),
            new Key(Section.SGD, "schedule", "`constant`, `invscaling` (η₀ / t^power, scikit-learn's) or `adagrad`",
                    LearnerParser.DEFAULT_SGD.schedule().name().toLowerCase(Locale.ROOT)),
            new Key(Section.SGD, "power", "exponent of `invscaling` (only with it)", fmt(LearnerParser.DEFAULT_SGD.power())),
            new Key(Section.FTRL, "alpha", "FTRL-Proximal learning rate α", fmt(LearnerParser.DEFAULT_FTRL.alpha())),
            new Key(Section.FTRL, "beta", "FTRL-Proximal β of the per-coordinate rate α / (β + √Σg²)",
                    fmt(LearnerParser.DEFAULT_FTRL.beta())),
            new Key(Section.RDA, "gamma", "l1-RDA's γ: the proximal term β_t = γ √t (Xiao 2010); larger is slower",
                    fmt(LearnerParser.DEFAULT_RDA.gamma())),
            new Key(Section.ADAMW, "learningRate", "AdamW step size", fmt(LearnerParser.DEFAULT_ADAMW.learningRate())),
            new Key(Section.ADAMW, "betas", "`[β₁, β₂]`, each in [0, 1)", "[" + fmt(LearnerParser.DEFAULT_ADAMW.beta1())
                    + ", " + fmt(LearnerParser.DEFAULT_ADAMW.beta2()) + "]"),
            new Key(Section.ADAMW, "eps", "AdamW ε", fmt(LearnerParser.DEFAULT_ADAMW.eps())),
            new Key(Section.ADAMW, "weightDecay", "decoupled weight decay (PyTorch's `weight_decay`)",
                    fmt(LearnerParser.DEFAULT_ADAMW.weightDecay())));

    private SpecKeys() {}

    /** The names of the keys allowed in these sections, in table order. */
    static List<String> names(Section... sections) {
        List<String> names = new ArrayList<>();
        for (Key k : ALL) {
            for (Section s : sections) {
                if (k.section() == s && !names.contains(k.name())) {
                    names.add(k.name());
                }
            }
        }
        return names;
    }

    /** The names allowed in an optimizer's mapping: {@code name} and its settings. */
    static List<String> optimizerNames(Section optimizer) {
        List<String> names = new ArrayList<>(List.of("name"));
        names.addAll(names(optimizer));
        return names;
    }

    /** Prints docs/spec.md's key table: {@code java -cp target/classes io.streamlearn.spec.SpecKeys}. */
    public static void main(String[] args) {
        System.out.print(markdownTable());
    }

    /** docs/spec.md's key table: one row per key, in this order. */
    public static String markdownTable() {
        StringBuilder s = new StringBuilder("| key | for | meaning | default |\n| --- | --- | --- | --- |\n");
        for (Key k : ALL) {
            s.append("| `").append(k.path()).append("` | ").append(k.section().scope).append(" | ")
                    .append(k.meaning().replace("|", "\\|")).append(" | ").append(k.defaultValue()).append(" |\n");
        }
        return s.toString();
    }

    private static String fmt(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e9) {
            return Long.toString((long) v);
        }
        String s = Double.toString(v);
        return s.contains("E") ? String.format(Locale.ROOT, "%.0e", v).replace("e-0", "e-") : s;
    }
}
