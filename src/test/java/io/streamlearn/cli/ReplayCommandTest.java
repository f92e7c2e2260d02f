package io.streamlearn.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.streamlearn.testing.ReferenceFiles;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code replay} end to end through the command line, as a user runs it. */
class ReplayCommandTest {

    @TempDir
    Path dir;

    private record Run(int exitCode, String out, String err) {}

    private static Run replay(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new Main());
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        String[] all = new String[args.length + 1];
        all[0] = "replay";
        System.arraycopy(args, 0, all, 1, args.length);
        int code = cli.execute(all);
        return new Run(code, out.toString(), err.toString());
    }

    /** Issue 26: a raw-event spec learns from --dataset payments; a dataset of the other kind is refused in one line. */
    @Test
    void aRawEventSpecReplaysThePaymentsDatasetAndRefusesFeatureRecords() {
        Run run = replay("--topology", "topologies/payments.yaml", "--dataset", "payments", "--records", "300");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("pipeline payments", "records 300", "logistic", "mlp");
        Run records = replay("--topology", "topologies/payments.yaml", "--dataset", "friedman1");
        assertThat(records.exitCode()).isEqualTo(2);
        assertThat(records.err()).contains("dataset 'friedman1' holds feature records; a raw-event spec")
                .doesNotContain("Exception");
        Run dataset = replay("--topology", "topologies/diabetes.yaml", "--dataset", "payments");
        assertThat(dataset.exitCode()).isEqualTo(2);
        assertThat(dataset.err()).contains("dataset 'payments' is raw events").doesNotContain("Exception");
        Run jsonl = replay("--topology", "topologies/diabetes.yaml", "--jsonl", "events.jsonl");
        assertThat(jsonl.exitCode()).isEqualTo(2);
        assertThat(jsonl.err()).contains("--jsonl events.jsonl holds raw events").doesNotContain("Exception");
    }

    /** Issue 26: replay --jsonl learns one raw event per line; a bad one is counted by its reason, named once. */
    @Test
    void jsonlEventsAreLearnedAndABadOneIsCountedByItsReason() throws IOException {
        Path events = dir.resolve("events.jsonl");
        StringBuilder lines = new StringBuilder();
        java.util.Iterator<byte[]> data = io.streamlearn.feed.dataset.Datasets.events("payments", 3);
        for (int i = 0; i < 50; i++) {
            lines.append(new String(data.next(), java.nio.charset.StandardCharsets.UTF_8)).append('\n');
        }
        lines.append("{\"order_id\": \"bad\", \"amount\": \"12.5\", \"is_fraud\": 0}\n\n");
        lines.append("{\"amount\": 3.5, \"country\": \"DE\", \"is_fraud\": \"1\"}\n");
        Files.writeString(events, lines);
        Run run = replay("--topology", "topologies/payments.yaml", "--jsonl", events.toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("records 51", "rejected 1 record: wrong_type, the first at " + events + " line 51: ",
                "amount");
        Run missing = replay("--topology", "topologies/payments.yaml", "--jsonl", dir.resolve("none.jsonl").toString());
        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(missing.err()).contains("cannot read --jsonl").contains("no such file").doesNotContain("Exception");
    }

    @Test
    void diabetesCsvPrintsTheTableAndDumpsEveryModel() throws IOException {
        Path models = dir.resolve("models.json");
        Run run = replay("--topology", "topologies/diabetes.yaml",
                "--csv", ReferenceFiles.path("diabetes_standardized.csv").toString(), "--label", "target",
                "--passes", "3", "--dump-models", models.toString());

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("pipeline diabetes", "records 1,326", "ridge", "lasso", "lasso-ftrl", "mlp");
        JsonNode dump = new ObjectMapper().readTree(models.toFile());
        assertThat(dump.get("pipeline").asText()).isEqualTo("diabetes");
        JsonNode ridge = dump.get("learners").get("ridge");
        assertThat(ridge.get("type").asText()).isEqualTo("linear");
        assertThat(ridge.get("weights").fieldNames()).toIterable()
                .containsExactly("age", "sex", "bmi", "bp", "s1", "s2", "s3", "s4", "s5", "s6");
        // the target's mean is 152.13 and the features are centred: after three passes the intercept
        // has climbed most of the way (the exact mapping to the original scale is ModelJsonTest's)
        assertThat(ridge.get("intercept").asDouble()).isBetween(100.0, 160.0);
        // bmi is the strongest single predictor of the set (batch Ridge weight about 24 per std)
        assertThat(ridge.get("weights").get("bmi").asDouble()).isGreaterThan(10);
        assertThat(ridge.get("updates").asLong()).isEqualTo(ridge.get("version").asLong()).isPositive();
        JsonNode mlp = dump.get("learners").get("mlp");
        assertThat(mlp.get("type").asText()).isEqualTo("mlp");
        assertThat(mlp.get("layers")).hasSize(4);
        assertThat(mlp.get("parameters").asLong()).isEqualTo(10 * 16 + 16 + 16 * 8 + 8 + 8 + 1);
    }

    @Test
    void badRowsAreCountedByReasonAndTheRestLearns() throws IOException {
        Path csv = dir.resolve("rows.csv");
        StringBuilder text = new StringBuilder("a,b,y\n");
        for (int i = 0; i < 200; i++) {
            text.append(i % 7).append(',').append(i % 3).append(',').append(2.0 * (i % 7) - (i % 3)).append('\n');
        }
        text.append("1,NaN,3\n").append("x,1,2\n").append("1,2\n");
        Files.writeString(csv, text, StandardCharsets.UTF_8);
        Path spec = dir.resolve("tiny.yaml");
        Files.writeString(spec, String.join("\n", List.of(
                "name: tiny", "input: tiny.in", "output: tiny.out",
                "features: {names: [a, b]}",
                "evaluation: {holdoutFraction: 0.2, reservoir: 50, every: 20}",
                "learners:",
                "  - {name: ols, type: linear, optimizer: {name: sgd, learningRate: 0.01, schedule: constant}}")));

        Run run = replay("--topology", spec.toString(), "--csv", csv.toString(), "--label", "y");

        assertThat(run.exitCode()).as(run.err()).isZero();
        // one line per reason, by its code, with the first example
        assertThat(run.out()).contains("records 200",
                "rejected 1 record: invalid_record, the first at CSV row 201: rows-201: column 'b' is NaN".replace(
                        "invalid_record", "non_finite"),
                "rejected 1 record: invalid_record, the first at CSV row 202: rows-202: column 'a' is not a number",
                "rejected 1 record: wrong_dimension, the first at CSV row 203: rows-203: 2 cells, the header has 3");
    }

    @Test
    void aRunThatUsedNoRecordExits1WithOneLinePerReason() throws IOException {
        Path csv = dir.resolve("ids.csv");
        StringBuilder text = new StringBuilder("id,a,b,y\n");
        for (int i = 0; i < 5000; i++) {
            text.append("p").append(i).append(",1,2,3\n");
        }
        Files.writeString(csv, text, StandardCharsets.UTF_8);
        Path spec = dir.resolve("three.yaml");
        Files.writeString(spec, String.join("\n", List.of(
                "name: three", "input: in", "output: out", "features: {dimension: 3}",
                "learners:", "  - {name: ridge, type: linear, l2: 0.1}")));

        Run run = replay("--topology", spec.toString(), "--csv", csv.toString(), "--label", "y");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out()).contains("records 0").containsOnlyOnce("rejected ")
                .contains("rejected 5,000 records: invalid_record, the first at CSV row 1: ids-1: column 'id' is not "
                        + "a number: 'p0'");
        assertThat(run.err()).contains("no record was used");
    }

    /** An MLP that clips, on diabetes' raw target (rms about 170, clipNorm 1): warned once, naming the fix. */
    @Test
    void anMlpOnARawTargetWhoseScaleMakesClippingCertainIsWarnedOf() throws IOException {
        Path raw = dir.resolve("raw.yaml");
        Files.writeString(raw, Files.readString(Path.of("topologies/diabetes.yaml"))
                .replaceAll("(?m)^    target: \\{standardize: true}.*$", ""));
        String[] source = {"--csv", ReferenceFiles.path("diabetes_standardized.csv").toString(), "--label", "target"};

        Run unscaled = replay(with(with(new String[] {"--topology", raw.toString()}, source), "--passes", "2"));
        Run shipped = replay(with(new String[] {"--topology", "topologies/diabetes.yaml"}, source));

        assertThat(unscaled.exitCode()).isZero();
        assertThat(unscaled.err()).containsOnlyOnce("warning: ").contains("warning: pipeline diabetes, learner mlp: the "
                + "labels' root mean square is 1").contains("give it target: {standardize: true}");
        assertThat(unscaled.out()).containsPattern("mlp: clipped (\\d+) of \\1 steps \\(100.0%\\)");
        assertThat(shipped.err()).doesNotContain("warning");
    }

    @Test
    void anInvalidSpecIsRefusedWithEveryErrorByPath() throws IOException {
        Path spec = dir.resolve("bad.yaml");
        Files.writeString(spec, String.join("\n", List.of(
                "name: bad", "input: in", "output: out", "features: {dimension: 3}",
                "learners:",
                "  - {name: m, type: mlp, dropout: 1.5}",
                "  - {name: m, type: linear, l1: -1}")));

        Run run = replay("--topology", spec.toString(), "--dataset", "friedman1");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("learners[0].dropout").contains("learners[1].l1").contains("learners[1].name");
    }

    @Test
    void aDatasetOfTheWrongDimensionIsAClearError() throws IOException {
        Path spec = dir.resolve("three.yaml");
        Files.writeString(spec, String.join("\n", List.of(
                "name: three", "input: in", "output: out", "features: {dimension: 3}",
                "learners:", "  - {name: ridge, type: linear, l2: 0.1}")));

        Run run = replay("--topology", spec.toString(), "--dataset", "friedman1", "--records", "10");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("dataset friedman1 has 10 features; the spec expects 3");
    }

    @Test
    void aMissingSpecFileIsOneLineAndStatus2ForReplayAndRun() throws Exception {
        String missing = dir.resolve("missing.yaml").toString();

        Run replay = replay("--topology", missing, "--dataset", "friedman1");
        Run run = runCommand("--topology", missing, "--bootstrap-servers", "localhost:1");

        for (Run r : List.of(replay, run)) {
            assertThat(r.exitCode()).isEqualTo(2);
            assertThat(r.err()).isEqualTo("cannot read topology " + missing + ": no such file" + System.lineSeparator());
        }
    }

    @Test
    void aMissingCsvLabelsOrConfigFileIsOneLineNamingTheFlagAndStatus2() throws Exception {
        Path missing = dir.resolve("nosuch.csv");
        String nl = System.lineSeparator();
        Run csv = replay("--topology", "topologies/diabetes.yaml", "--csv", missing.toString(), "--label", "y");
        Run labels = replay("--topology", "topologies/diabetes.yaml", "--dataset", "diabetes",
                "--labels", missing.toString());
        Run config = runCommand("--topology", "topologies/diabetes.yaml", "--bootstrap-servers", "localhost:1",
                "--config", missing.toString());
        var produce = ProduceCommandTest.produce("--csv", missing.toString(), "--label", "y");
        assertThat(List.of(csv.exitCode(), labels.exitCode(), config.exitCode(), produce.exitCode())).containsOnly(2);
        assertThat(csv.err()).isEqualTo("--csv " + missing + ": no such file" + nl);
        assertThat(labels.err()).isEqualTo("--labels " + missing + ": no such file" + nl);
        assertThat(config.err()).isEqualTo("--config " + missing + ": no such file" + nl);
        assertThat(produce.err()).isEqualTo("--csv " + missing + ": no such file" + nl);
    }

    @Test
    void replayAndRunReportAnInvalidSpecInTheSameFormat() throws Exception {
        Path spec = dir.resolve("bad.yaml");
        Files.writeString(spec, String.join("\n", List.of(
                "name: bad", "input: in", "output: out", "features: {dimension: 3}",
                "learners:", "  - {name: m, type: mlp, hidden: [2], dropout: 1.5}")));

        Run replay = replay("--topology", spec.toString(), "--dataset", "friedman1");
        Run run = runCommand("--topology", spec.toString(), "--bootstrap-servers", "localhost:1");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(replay.exitCode()).isEqualTo(2);
        String nl = System.lineSeparator();
        assertThat(replay.err()).isEqualTo("invalid topology " + spec + ":" + nl
                + "  " + spec + ": learners[0].dropout: must be in [0, 1), got 1.5" + nl);
        assertThat(run.err()).isEqualTo(replay.err());
    }

    /** {@code run}, which reports on System.err (as Kafka's clients log there too). */
    private static Run runCommand(String... args) throws Exception {
        java.io.PrintStream original = System.err;
        java.io.ByteArrayOutputStream captured = new java.io.ByteArrayOutputStream();
        int code;
        try (java.io.PrintStream capture = new java.io.PrintStream(captured, true, java.nio.charset.StandardCharsets.UTF_8)) {
            System.setErr(capture);
            String[] all = new String[args.length + 1];
            all[0] = "run";
            System.arraycopy(args, 0, all, 1, args.length);
            code = new CommandLine(new Main()).execute(all);
        } finally {
            System.setErr(original);
        }
        return new Run(code, "", captured.toString(java.nio.charset.StandardCharsets.UTF_8));
    }

    @Test
    void delayedLabelsFromALabelCsvJoinByIdAfterTheDelay() throws IOException {
        Path csv = ReferenceFiles.path("diabetes_standardized.csv");
        List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
        List<String> header = List.of(lines.get(0).split(","));
        int target = header.indexOf("target");
        StringBuilder labels = new StringBuilder("id,label\n");
        for (int row = 1; row < lines.size(); row++) {
            labels.append("diabetes_standardized-").append(row).append(',').append(lines.get(row).split(",")[target]).append('\n');
        }
        Path labelFile = dir.resolve("labels.csv");
        Files.writeString(labelFile, labels.toString());
        Path immediate = dir.resolve("immediate.json");
        Path delayedZero = dir.resolve("delay0.json");
        Path ownDelayed = dir.resolve("own5.json");
        Path joined = dir.resolve("joined5.json");
        String[] base = {"--topology", "topologies/diabetes.yaml", "--csv", csv.toString(), "--label", "target"};
        assertThat(replay(with(base, "--dump-models", immediate.toString())).exitCode()).isZero();
        Run zero = replay(with(base, "--label-delay", "0", "--dump-models", delayedZero.toString()));
        assertThat(zero.exitCode()).as(zero.err()).isZero();
        assertThat(zero.out()).contains("delayed labels: 442 joined after 0 records, 0 records without label");
        assertThat(replay(with(base, "--label-delay", "5", "--dump-models", ownDelayed.toString())).exitCode()).isZero();
        Run fromFile = replay(with(base, "--labels", labelFile.toString(), "--label-delay", "5",
                "--dump-models", joined.toString()));
        assertThat(fromFile.exitCode()).as(fromFile.err()).isZero();
        assertThat(fromFile.out()).contains("delayed labels: 442 joined after 5 records");
        // a label right after its record learns as the record with its label inside, bit for bit
        assertThat(Files.readString(delayedZero)).isEqualTo(Files.readString(immediate));
        // the label file joined by id is the CSV's own label column
        assertThat(Files.readString(joined)).isEqualTo(Files.readString(ownDelayed));
        assertThat(replay(with(base, "--label-delay", "-1")).exitCode()).isEqualTo(2);
        Files.writeString(labelFile, "key,y\nrow-1,3\n");
        Run bad = replay(with(base, "--labels", labelFile.toString()));
        assertThat(bad.exitCode()).isEqualTo(2);
        assertThat(bad.err()).contains("needs columns id and label");
    }

    private static String[] with(String[] base, String... more) {
        String[] all = java.util.Arrays.copyOf(base, base.length + more.length);
        System.arraycopy(more, 0, all, base.length, more.length);
        return all;
    }
}
