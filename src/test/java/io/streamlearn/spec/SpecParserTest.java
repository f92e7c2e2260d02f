package io.streamlearn.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.streamlearn.learn.AdamWOptions;
import io.streamlearn.learn.LinearModel;
import io.streamlearn.learn.LinearOptimizerOptions;
import io.streamlearn.learn.LinearOptions;
import io.streamlearn.learn.Mlp;
import io.streamlearn.learn.MlpOptions;
import io.streamlearn.learn.TargetStandardizedModel;
import io.streamlearn.learn.drift.DriftAction;
import io.streamlearn.learn.drift.DriftOptions;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class SpecParserTest {

    private static Path resource(String name) throws URISyntaxException {
        return Path.of(SpecParserTest.class.getResource("/spec/" + name).toURI());
    }

    private static List<String> errors(String yaml) {
        return catchThrowableOfType(SpecException.class, () -> SpecParser.parse(yaml, "test.yaml")).errors();
    }

    /** docs/DESIGN.md's example spec, read from that file: every value comes back, defaults filled in. */
    @Test
    void parsesTheDesignExample() throws Exception {
        String design = Files.readString(Path.of("docs/DESIGN.md"));
        int start = design.indexOf("```yaml\n") + "```yaml\n".length();
        TopologySpec spec = SpecParser.parse(design.substring(start, design.indexOf("```", start)), "docs/DESIGN.md");
        assertThat(spec.name()).isEqualTo("diabetes");
        assertThat(spec.input()).isEqualTo("diabetes.features");
        assertThat(spec.output()).isEqualTo("diabetes.predictions");
        assertThat(spec.deadLetter()).isEqualTo("diabetes.dlq");
        assertThat(spec.task()).isEqualTo(Task.REGRESSION);
        assertThat(spec.features()).isEqualTo(new FeaturesSpec(
                List.of("age", "sex", "bmi", "bp", "s1", "s2", "s3", "s4", "s5", "s6"), 10, true));
        assertThat(spec.dimension()).isEqualTo(10);
        assertThat(spec.classCount()).isZero();
        assertThat(spec.evaluation()).isEqualTo(new EvaluationSpec(0.1, 1000, 500, 1000));
        assertThat(spec.learners()).extracting(LearnerSpec::name).containsExactly("ridge", "lasso", "mlp");

        assertThat(spec.learner("ridge")).isInstanceOfSatisfying(LearnerSpec.Linear.class, ridge ->
                assertThat(ridge.options(10, 0)).isEqualTo(new LinearOptions(10, 0, 0.0, 0.01,
                        new LinearOptimizerOptions.Sgd(0.01, LinearOptimizerOptions.Schedule.INVSCALING, 0.25), 0.0, 42)));
        assertThat(spec.learner("lasso")).isInstanceOfSatisfying(LearnerSpec.Linear.class, lasso ->
                assertThat(lasso.options(10, 0)).isEqualTo(new LinearOptions(10, 0, 0.01, 0.0,
                        new LinearOptimizerOptions.Sgd(0.01, LinearOptimizerOptions.Schedule.INVSCALING, 0.25), 0.0, 42)));
        assertThat(spec.learner("mlp")).isInstanceOfSatisfying(LearnerSpec.Mlp.class, mlp ->
                assertThat(mlp.options(10, 0)).isEqualTo(new MlpOptions(10, new int[] {32, 16}, 0, 0.2, 32,
                        new AdamWOptions(0.001, 0.9, 0.999, 1e-8, 0.01), 1.0, false, false, 0.0, 0.0, 0.0,
                        42)));
        assertThat(spec.learner("ridge").newModel(10, 0)).isInstanceOf(LinearModel.class);
        assertThat(spec.learner("mlp").newModel(10, 0)).isInstanceOf(Mlp.class);
        assertThatThrownBy(() -> spec.learner("forest")).isInstanceOf(IllegalArgumentException.class);
        // parsing is a pure function of the text
        assertThat(SpecParser.parse(resource("diabetes.yaml"))).isEqualTo(spec);
    }

    @Test
    void parsesClassificationAndDefaults() throws Exception {
        TopologySpec spec = SpecParser.parse(resource("classify.yaml"));
        assertThat(spec.task()).isEqualTo(Task.CLASSIFICATION);
        assertThat(spec.classes()).containsExactly("benign", "malignant");
        assertThat(spec.classCount()).isEqualTo(2);
        assertThat(spec.dimension()).isEqualTo(30);
        assertThat(spec.features().names()).isEmpty();
        assertThat(spec.features().standardize()).isFalse();
        assertThat(spec.deadLetter()).isEqualTo("cancer.features.dlq");
        assertThat(spec.evaluation()).isEqualTo(new EvaluationSpec(0.2, 1000, 500, 200));
        assertThat(spec.learner("logit")).isInstanceOfSatisfying(LearnerSpec.Linear.class, logit ->
                assertThat(logit.options(30, 2)).isEqualTo(
                        new LinearOptions(30, 2, 0.001, 0.0, new LinearOptimizerOptions.Ftrl(0.1, 1.0), 0.05, 42)));
        assertThat(spec.learner("rda")).isInstanceOfSatisfying(LearnerSpec.Linear.class, rda ->
                assertThat(rda.optimizer()).isEqualTo(new LinearOptimizerOptions.Rda(2.0)));
        assertThat(spec.learner("mlp")).isInstanceOfSatisfying(LearnerSpec.Mlp.class, mlp ->
                assertThat(mlp.options(30, 2)).isEqualTo(new MlpOptions(30, new int[] {16}, 2, 0.0, 32,
                        new AdamWOptions(1e-3, 0.9, 0.999, 1e-8, 0.01), 0.0, true, true, 0.1, 0.1, 0.2, 42)));
    }

    /** Every error of a badly broken spec, each with its exact path, in document order. */
    @Test
    void listsEveryErrorByPath() throws Exception {
        SpecException e = catchThrowableOfType(SpecException.class, () -> SpecParser.parse(resource("bad.yaml")));
        assertThat(e.errors()).containsExactly(
                "name: must match [A-Za-z0-9][A-Za-z0-9_.-]{0,99} (it is a metric label and a state key prefix), got 'bad name!'",
                "output: must differ from input 'in'",
                "task: must be regression or classification, got 'clasification'",
                "features.scale: unknown key (expected one of names, dimension, standardize, numeric, categorical, text, "
                        + "interactions)",
                "features.names[2]: duplicate 'a'",
                "features.dimension: must be in [1, 100000], got 0",
                "evaluation.holdoutFraction: must be in [0, 1), got 1.5",
                "evaluation.reservoir: must be in [1, 1000000], got 0",
                "evaluation.every: must be an integer, got the string 'ten'",
                "learners[0].dropout: only for mlp learners",
                "learners[0].l2: must be >= 0, got -1",
                "learners[0].optimizer.name: adamw is for mlp learners; a linear learner uses sgd, ftrl or rda",
                "learners[1].name: duplicate learner name 'ridge' (also learners[0])",
                "learners[1].optimizer.momentum: unknown key (expected one of name, learningRate, schedule, power)",
                "learners[1].optimizer.power: only with schedule invscaling",
                "learners[1].augment.mixup: only for mlp learners (mixup mixes the examples of a batch)",
                "learners[2].l1: only for linear learners (an mlp is regularized by optimizer.weightDecay and dropout)",
                "learners[2].optimizer.lr: unknown key (expected one of name, learningRate, betas, eps, weightDecay)",
                "learners[2].optimizer.betas[1]: must be in [0, 1), got the number 1.5",
                "learners[2].hidden[1]: must be an integer in [1, 65536], got the number 0",
                "learners[2].dropout: must be in [0, 1), got 1.0",
                "learners[2].batchSize: must be in [1, 65536], got 0",
                "learners[2].labelSmoothing: only for task classification",
                "learners[3].type: must be linear or mlp, got 'forest'",
                "learners[4].name: required",
                "learners[4].hidden: required",
                "learners[4].seed: must be a 64-bit integer, got the number 1.5",
                "learners[4].layerNorm: must be true or false, got the string 'yes'",
                "learners[5]: must be a mapping, got the string 'just a string'");
        assertThat(e.getMessage()).startsWith("invalid topology spec ").contains("bad.yaml: 29 errors\n  name: ");
        assertThat(e.source()).endsWith("bad.yaml");
    }

    @Test
    void missingRequiredFields() {
        assertThat(errors("task: classification\nlearners: []\nextra: 1\n")).containsExactly(
                "extra: unknown key (expected one of name, input, output, deadLetter, task, features, fields, evaluation, "
                        + "classes, learners, scope, maxKeys, keyTtl, labels, parallel)",
                "name: required",
                "input: required",
                "output: required",
                "features: required",
                "classes: required",
                "learners: must list at least one learner");
        assertThat(errors("name: p\ninput: a\noutput: b\nfeatures: {standardize: true}\nlearners: [{name: x, type: linear}]\n"))
                .containsExactly("features: give names or dimension (feature records), or numeric, categorical, text (raw events)");
    }

    /** An unknown type or optimizer does not hide the errors of the keys: one run lists them all. */
    @Test
    void anUnknownTypeOrOptimizerStillHasItsKeysChecked() {
        String base = "name: t\ninput: in\noutput: out\nfeatures: {dimension: 2}\nlearners:\n";
        assertThat(errors(base + "  - {name: r, type: ridge, alpha: 1.0, l2: 0.1, dropout: 0.1}\n"))
                .anyMatch(e -> e.startsWith("learners[0].type: must be linear or mlp"))
                .anyMatch(e -> e.startsWith("learners[0].alpha: unknown key"))
                .noneMatch(e -> e.contains(".l2") || e.contains(".dropout"));
        assertThat(errors(base + "  - {name: r, alpha: 1.0, target: {scale: true}}\n"))
                .anyMatch(e -> e.startsWith("learners[0].type: "))
                .anyMatch(e -> e.startsWith("learners[0].alpha: unknown key"))
                .anyMatch(e -> e.startsWith("learners[0].target.scale: unknown key"));
        assertThat(errors(base + "  - {name: r, type: linear, optimizer: {name: adam, learningRate: 0.1, lr: 0.1}}\n"))
                .anyMatch(e -> e.startsWith("learners[0].optimizer.name: unknown optimizer 'adam'"))
                .anyMatch(e -> e.startsWith("learners[0].optimizer.lr: unknown key"))
                .noneMatch(e -> e.startsWith("learners[0].optimizer.learningRate"));
    }

    @Test
    void classesMustFitTheTaskAndReservoirsTheMemory() throws SpecException {
        String base = "name: p\ninput: a\noutput: b\nfeatures: {dimension: 2}\nlearners: [{name: x, type: linear}]\n";
        assertThat(errors(base + "classes: [a, b]\n")).containsExactly("classes: only for task classification");
        assertThat(errors(base + "task: classification\nclasses: [a]\n"))
                .containsExactly("classes: classification needs at least 2 classes, got 1");
        assertThat(errors(base + "task: classification\nclasses: [a, a, [x]]\n"))
                .containsExactly("classes[1]: duplicate 'a'", "classes[2]: must be a non-empty scalar, got a list");
        String wide = base.replace("dimension: 2", "dimension: 100000");
        assertThat(errors(wide + "evaluation: {reservoir: 101}\n")).containsExactly("evaluation.reservoir: 101 records x "
                + "100000 features is over 10000000 values per reservoir; keep fewer records");
        assertThat(SpecParser.parse(wide + "evaluation: {reservoir: 100}\n", "t").evaluation().reservoir()).isEqualTo(100);
    }

    @Test
    void topicsAndOptimizerNames() {
        String base = "name: p\nfeatures: {names: [a, b], dimension: 3}\n";
        assertThat(errors(base + "input: 'a b'\noutput: b\ndeadLetter: b\nlearners:\n"
                + "  - {name: x, type: linear, optimizer: {name: adam}}\n"
                + "  - {name: y, type: mlp, hidden: [4], optimizer: sgd}\n"
                + "  - {name: z, type: linear, optimizer: {learningRate: 0.1}}\n"
                + "  - {name: w, type: linear, optimizer: {name: sgd, schedule: cyclic, learningRate: 0}}\n"))
                .containsExactly(
                        "input: not a legal Kafka topic name (letters, digits, '.', '_', '-'; at most 249): 'a b'",
                        "deadLetter: must differ from input and output, got 'b'",
                        "features.dimension: 3 does not match the 2 names",
                        "learners[0].optimizer.name: unknown optimizer 'adam' (expected sgd, ftrl or rda)",
                        "learners[1].optimizer: an mlp learner trains with adamw, got 'sgd'",
                        "learners[2].optimizer.name: required",
                        "learners[3].optimizer.learningRate: must be > 0, got 0",
                        "learners[3].optimizer.schedule: must be constant, invscaling or adagrad, got 'cyclic'");
    }

    @Test
    void driftAndTargetOptions() throws SpecException {
        String base = "name: p\ninput: a\noutput: b\nfeatures: {dimension: 2}\nlearners:\n";
        TopologySpec spec = SpecParser.parse(base
                + "  - {name: a, type: linear, drift: {detector: adwin, delta: 0.01, action: reset}}\n"
                + "  - {name: b, type: linear, drift: page-hinkley, target: {standardize: true}}\n"
                + "  - {name: c, type: mlp, hidden: [4], drift: {detector: page-hinkley, threshold: 5, alpha: 1,"
                + " action: challenger}, target: {standardize: true}}\n"
                + "  - {name: d, type: linear}\n", "t");
        assertThat(spec.learner("a").drift()).isEqualTo(new DriftOptions(new DriftOptions.AdwinOptions(0.01, 32),
                DriftAction.RESET));
        assertThat(spec.learner("b").drift()).isEqualTo(new DriftOptions(DriftOptions.PageHinkleyOptions.DEFAULT,
                DriftAction.NONE));
        assertThat(spec.learner("c").drift()).isEqualTo(new DriftOptions(
                new DriftOptions.PageHinkleyOptions(0.005, 5, 1, 30), DriftAction.CHALLENGER));
        assertThat(spec.learner("d").drift()).isNull();
        assertThat(spec.learner("a").standardizeTarget()).isFalse();
        assertThat(spec.learner("b").newModel(2, 0)).isInstanceOf(TargetStandardizedModel.class);
        assertThat(spec.learner("c").newModel(2, 0)).isInstanceOfSatisfying(TargetStandardizedModel.class,
                m -> assertThat(m.inner()).isInstanceOf(Mlp.class));
        assertThat(spec.learner("d").newModel(2, 0)).isInstanceOf(LinearModel.class);

        assertThat(errors(base
                + "  - {name: a, type: linear, drift: {delta: 2, clock: 0}}\n"
                + "  - {name: b, type: linear, drift: {detector: adwin, delta: 2, clock: 0, threshold: 1, action: retrain}}\n"
                + "  - {name: c, type: linear, drift: {detector: page-hinkley, threshold: 0, alpha: 1.5, clock: 3}}\n"
                + "  - {name: d, type: linear, drift: ddm, target: {standardize: yes please, scale: 2}}\n"
                + "  - {name: e, type: mlp, hidden: [2], drift: [adwin], target: true}\n"))
                .containsExactly(
                        "learners[0].drift.detector: required",
                        "learners[1].drift.threshold: only for page-hinkley",
                        "learners[1].drift.delta: must be in (0, 1), got 2",
                        "learners[1].drift.clock: must be >= 1, got 0",
                        "learners[1].drift.action: must be none, reset or challenger, got 'retrain'",
                        "learners[2].drift.clock: only for adwin",
                        "learners[2].drift.threshold: must be > 0, got 0",
                        "learners[2].drift.alpha: must be in (0, 1], got 1.5",
                        "learners[3].drift: unknown detector 'ddm' (expected adwin or page-hinkley)",
                        "learners[3].target.scale: unknown key (expected one of standardize)",
                        "learners[3].target.standardize: must be true or false, got the string 'yes please'",
                        "learners[4].drift: must be a mapping, got a list",
                        "learners[4].target: must be a mapping, got true");
        assertThat(errors("name: p\ninput: a\noutput: b\nfeatures: {dimension: 2}\ntask: classification\n"
                + "classes: [x, y]\nlearners: [{name: a, type: linear, target: {standardize: true}}]\n"))
                .containsExactly("learners[0].target.standardize: only for task regression (a classifier's target is a class)");
    }

    @Test
    void yamlSyntaxErrorsAndDuplicateKeys() {
        List<String> syntax = errors("name: p\nlearners: [\n");
        assertThat(syntax).hasSize(1);
        assertThat(syntax.get(0)).startsWith("(yaml): line ");
        List<String> duplicate = errors("name: p\nname: q\n");
        assertThat(duplicate).hasSize(1);
        assertThat(duplicate.get(0)).contains("Duplicate field 'name'");
        assertThat(errors("")).containsExactly("(root): the spec is empty");
        assertThat(errors("- a\n- b\n")).containsExactly("(root): a spec is a mapping, got a list");
    }

    @Test
    void scopeKeyWithItsLimits() throws Exception {
        String base = "name: p\ninput: a\noutput: b\nfeatures: {dimension: 2}\nlearners:\n  - {name: r, type: linear}\n";
        assertThat(SpecParser.parse(base, "t").scope()).isEqualTo(ScopeSpec.GLOBAL);
        assertThat(SpecParser.parse(base + "scope: global\n", "t").scope()).isEqualTo(ScopeSpec.GLOBAL);
        assertThat(SpecParser.parse(base + "scope: key\n", "t").scope())
                .isEqualTo(ScopeSpec.perKey(ScopeSpec.DEFAULT_MAX_KEYS, java.time.Duration.ZERO));
        ScopeSpec limited = SpecParser.parse(base + "scope: key\nmaxKeys: 500\nkeyTtl: 7d\n", "t").scope();
        assertThat(limited.perKey()).isTrue();
        assertThat(limited.maxKeys()).isEqualTo(500);
        assertThat(limited.keyTtl()).isEqualTo(java.time.Duration.ofDays(7));
        assertThat(SpecParser.parse(base + "scope: key\nkeyTtl: 250ms\n", "t").scope().keyTtl())
                .isEqualTo(java.time.Duration.ofMillis(250));
        assertThat(errors(base + "scope: user\n")).containsExactly("scope: must be global or key, got 'user'");
        assertThat(errors(base + "maxKeys: 10\nkeyTtl: 1h\n"))
                .containsExactly("maxKeys: only with scope: key", "keyTtl: only with scope: key");
        assertThat(errors(base + "scope: key\nmaxKeys: 0\nkeyTtl: 90\n")).containsExactly(
                "maxKeys: must be in [1, 100000000], got 0",
                "keyTtl: must be a positive duration with a unit (ms, s, m, h, d), e.g. 30m or 7d, got the number 90");
    }

    @Test
    void missingFileIsAnIoError() {
        assertThatThrownBy(() -> SpecParser.parse(Path.of("no/such/spec.yaml"))).isInstanceOf(IOException.class);
    }

    @Test
    void delayedLabels() throws Exception {
        String base = "name: p\ninput: a\noutput: b\nfeatures: {dimension: 2}\nlearners: [{name: x, type: linear}]\n";
        TopologySpec spec = SpecParser.parse(base + "labels: {topic: a.labels}\n", "t");
        assertThat(spec.labels()).isEqualTo(LabelsSpec.of("a.labels"));
        assertThat(SpecParser.parse(base, "t").labels()).isNull();
        assertThat(SpecParser.parse(base + "labels: {topic: l, timeout: 30s, maxPending: 10, earlyWait: 2s, maxEarly: 5}\n",
                "t").labels()).isEqualTo(new LabelsSpec("l", java.time.Duration.ofSeconds(30), 10,
                java.time.Duration.ofSeconds(2), 5));
        assertThat(errors(base + "labels: {topic: a, timeout: 0s, maxPending: 0}\n")).containsExactly(
                "labels.topic: must differ from input, output and deadLetter, got 'a'",
                "labels.timeout: must be a positive duration with a unit (ms, s, m, h, d), e.g. 30m or 7d, got the string '0s'",
                "labels.maxPending: must be in [1, 100000000], got 0");
        assertThat(errors(base + "scope: key\nlabels: {topic: l}\n")).containsExactly(
                "labels: not supported with scope: key (labels are joined on the pipeline's one task; use scope: global)");
        assertThat(errors(base + "labels: {}\n")).containsExactly("labels.topic: required");
        assertThat(errors(base + "parallel: {every: 10}\nlabels: {topic: l}\n")).containsExactly(
                "labels: not supported with parallel (labels are joined on the pipeline's one task; drop parallel or labels)");
    }

    @Test
    void parallelTakesEveryWithGlobalScopeOnly() throws Exception {
        String base = "name: p\ninput: a\noutput: b\nfeatures: {dimension: 2}\n";
        TopologySpec off = SpecParser.parse(base + "learners: [{name: x, type: linear}]\n", "off.yaml");
        assertThat(off.parallel()).isEqualTo(ParallelSpec.OFF);
        TopologySpec on = SpecParser.parse(base + "parallel: {every: 1000}\nlearners: [{name: x, type: linear}]\n",
                "on.yaml");
        assertThat(on.parallel().every()).isEqualTo(1000);
        assertThat(errors(base + "scope: key\nparallel: {every: 10}\nlearners: [{name: x, type: linear}]\n"))
                .containsExactly("parallel: only with scope: global (a scope: key pipeline already trains its keys in "
                        + "their partitions' tasks)");
        assertThat(errors(base + "parallel: {}\nlearners: [{name: x, type: linear}]\n"))
                .containsExactly("parallel.every: is required: training records between a replica's publications");
        assertThat(errors(base + "parallel: {every: 0}\nlearners: [{name: x, type: linear}]\n")).hasSize(1)
                .allMatch(e -> e.startsWith("parallel.every:"));
        assertThat(errors(base + "parallel: {every: 5}\nlearners: [{name: x, type: linear, l1: [0.1, 1]},"
                + " {name: y, type: linear, drift: {detector: adwin, action: reset}}]\n")).containsExactly(
                "learners[0].l1: a regularization path cannot be trained with parallel (yet)",
                "learners[1].drift.action: must be none with parallel: a replica's reset or challenger would not be "
                        + "the merged model's");
    }
}
