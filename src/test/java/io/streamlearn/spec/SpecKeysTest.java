package io.streamlearn.spec;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The spec reference (docs/spec.md) is the validator's: its key table is
 * {@link SpecKeys#markdownTable()}, every key the validator accepts is in it (a spec that uses each
 * one validates, and the validator names no key the table lacks), and its example is
 * {@code topologies/diabetes.yaml}; the README's short example is {@code examples/mine.yaml}.
 */
class SpecKeysTest {

    private static String specPage() throws Exception {
        return Files.readString(Path.of("docs", "spec.md"), StandardCharsets.UTF_8);
    }

    @Test
    void theSpecPageKeyTableIsTheGeneratedOne() throws Exception {
        String page = specPage();
        String begin = "<!-- spec-keys:begin -->\n";
        int from = page.indexOf(begin);
        int to = page.indexOf("<!-- spec-keys:end -->");
        assertThat(from).as("docs/spec.md marker spec-keys:begin").isPositive();
        assertThat(page.substring(from + begin.length(), to))
                .as("docs/spec.md key table; regenerate with java -cp target/classes io.streamlearn.spec.SpecKeys")
                .isEqualTo(SpecKeys.markdownTable());
    }

    @Test
    void theSpecPageExampleIsTheShippedDiabetesSpec() throws Exception {
        String yaml = Files.readString(Path.of("topologies", "diabetes.yaml"), StandardCharsets.UTF_8);
        assertThat(specPage()).contains("```yaml\n" + yaml + "```");
    }

    @Test
    void theReadmeExampleIsTheShippedStarterSpec() throws Exception {
        String yaml = Files.readString(Path.of("examples", "mine.yaml"), StandardCharsets.UTF_8);
        assertThat(Files.readString(Path.of("README.md"), StandardCharsets.UTF_8)).contains("```yaml\n" + yaml + "```");
        assertThat(SpecParser.parse(Path.of("examples", "mine.yaml")).name()).isEqualTo("mine");
    }

    /** Every key the validator lists as allowed, in any section, is a documented key. */
    @Test
    void everyKeyTheValidatorNamesIsDocumented() throws Exception {
        // an unknown key at each level makes the validator list the keys it knows there
        String spec = """
                name: p
                input: in
                output: out
                task: classification
                classes: [a, b]
                bogus: 1
                features: {dimension: 2, bogus: 1}
                evaluation: {bogus: 1}
                labels: {topic: labels, bogus: 1}
                learners:
                  - {name: l, type: linear, bogus: 1, augment: {bogus: 1}, optimizer: {name: sgd, bogus: 1}, target: {bogus: 1}}
                  - {name: f, type: linear, optimizer: {name: ftrl, bogus: 1}, drift: {detector: adwin, bogus: 1}}
                  - {name: r, type: linear, optimizer: {name: rda, bogus: 1}, drift: {detector: page-hinkley, bogus: 1}}
                  - {name: m, type: mlp, hidden: [2], bogus: 1, augment: {bogus: 1}, optimizer: {name: adamw, bogus: 1}}
                """;
        List<String> errors = new ArrayList<>();
        // parallel goes without labels: its section in a spec of its own
        // the raw-event form of features, in a spec of its own too
        String events = """
                name: e
                input: in
                output: out
                fields: {bogus: 1}
                features:
                  numeric: [{field: a, bogus: 1}]
                  categorical: [{field: b, bogus: 1}]
                  text: [{field: c, bogus: 1}]
                  interactions: [{fields: [a, b], bogus: 1}]
                learners: [{name: l, type: linear}]
                """;
        for (String text : List.of(spec, "name: q\ninput: in\noutput: out\nfeatures: {dimension: 2}\n"
                + "parallel: {every: 10, bogus: 1}\nlearners: [{name: l, type: linear}]\n", events)) {
            try {
                SpecParser.parse(text, "keys.yaml");
            } catch (SpecException e) {
                errors.addAll(e.errors());
            }
        }
        List<String> named = new ArrayList<>();
        for (String error : errors) {
            String path = error.substring(0, error.indexOf(':'));
            assertThat(path).endsWith("bogus");
            String prefix = path.substring(0, path.length() - "bogus".length()).replaceAll("\\[\\d+]", "[]");
            String list = error.substring(error.indexOf("(expected one of ") + "(expected one of ".length(),
                    error.lastIndexOf(')'));
            for (String key : list.split(", ")) {
                named.add(key.equals("name") && prefix.endsWith("optimizer.") ? prefix + "name" : prefix + key);
            }
        }
        assertThat(errors).hasSize(21);
        List<String> documented = SpecKeys.ALL.stream().map(SpecKeys.Key::path).toList();
        for (String key : named) {
            if (key.endsWith("optimizer.name")) {
                continue; // the optimizer mapping's own name, documented under learners[].optimizer
            }
            assertThat(documented).as("documented keys").contains(key);
        }
        // and every documented key is one the validator knows
        assertThat(named).containsAll(documented);
    }

    /** A spec with every key of the table (and each optimizer) validates. */
    @Test
    void aSpecWithEveryDocumentedKeyValidates() throws Exception {
        TopologySpec spec = SpecParser.parse("""
                name: every-key
                input: in
                output: out
                deadLetter: dead
                task: classification
                classes: [a, b]
                features: {names: [x, y], dimension: 2, standardize: true}
                evaluation: {holdoutFraction: 0.2, reservoir: 10, every: 5, window: 20}
                labels: {topic: labels, timeout: 5m, maxPending: 100, earlyWait: 30s, maxEarly: 10}
                learners:
                  - {name: sgd, type: linear, l1: 0.1, l2: 0.1, seed: 1, augment: {noise: 0.1},
                     optimizer: {name: sgd, learningRate: 0.1, schedule: invscaling, power: 0.5}}
                  - {name: ftrl, type: linear, optimizer: {name: ftrl, alpha: 0.1, beta: 1}}
                  - {name: rda, type: linear, optimizer: {name: rda, gamma: 2}}
                  - {name: mlp, type: mlp, hidden: [4], dropout: 0.1, batchSize: 8, clipNorm: 1, layerNorm: true,
                     weightNorm: true, labelSmoothing: 0.1, seed: 3, augment: {noise: 0.1, mixup: 0.2},
                     optimizer: {name: adamw, learningRate: 0.01, betas: [0.9, 0.99], eps: 1.0e-6, weightDecay: 0.1}}
                """, "every.yaml");
        assertThat(spec.learners()).hasSize(4);
        assertThat(spec.labels().maxEarly()).isEqualTo(10);
        TopologySpec regression = SpecParser.parse("""
                name: every-regression-key
                input: in
                output: out
                features: {dimension: 2}
                learners:
                  - {name: a, type: linear, target: {standardize: true},
                     drift: {detector: adwin, action: reset, delta: 0.01, clock: 16}}
                  - {name: p, type: mlp, hidden: [2], target: {standardize: true},
                     drift: {detector: page-hinkley, action: challenger, delta: 0.01, threshold: 20, alpha: 0.999,
                             minInstances: 10}}
                """, "regression.yaml");
        assertThat(regression.learners()).hasSize(2);
        // parallel goes with neither delayed labels nor drift actions
        TopologySpec parallel = SpecParser.parse("""
                name: every-parallel-key
                input: in
                output: out
                features: {dimension: 2}
                parallel: {every: 100}
                learners: [{name: a, type: linear}]
                """, "parallel.yaml");
        assertThat(parallel.parallel().every()).isEqualTo(100);
        TopologySpec events = SpecParser.parse("""
                name: every-event-key
                input: in
                output: out
                fields: {id: order_id, label: is_fraud, timestamp: ts}
                features:
                  numeric: [{field: a, transform: log1p, missing: zero}]
                  categorical: [{field: b, maxCategories: 5}, {field: /c/d, hash: 16}]
                  text: [{field: e, hash: 32}]
                  interactions: [{fields: [a, b], hash: 8}]
                  standardize: true
                learners: [{name: l, type: linear}]
                """, "events.yaml");
        assertThat(events.dimension()).isEqualTo(2 + 7 + 16 + 32 + 8);
    }
}
