package io.streamlearn.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.streamlearn.feed.RecordSource;
import io.streamlearn.feed.dataset.Datasets;
import io.streamlearn.pipeline.EventInput;
import io.streamlearn.pipeline.LearnerSlot;
import io.streamlearn.pipeline.LearningPipeline;
import io.streamlearn.pipeline.PipelineBlueprint;
import io.streamlearn.pipeline.RawTargetCheck;
import io.streamlearn.query.ModelJson;
import io.streamlearn.record.FeatureRecord;
import io.streamlearn.record.RecordRejectedException;
import io.streamlearn.record.RecordSchema;
import io.streamlearn.spec.TopologySpec;
import io.streamlearn.vector.FeatureVector;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code replay}: the learners of a spec over a CSV file or a built-in dataset, with no Kafka —
 * progressive validation (predict, then train), the metrics table at the end, and optionally every
 * model as JSON. Optimizer steps and schedules continue across passes; a record keeps its id, and
 * so its split, in every pass. Refused records are summed up by reason; exit 1 when none was used.
 */
@Command(name = "replay", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Runs a spec's learners over a CSV file (or a built-in dataset) without Kafka, "
                + "predict-then-train, and prints their losses.")
final class ReplayCommand implements Callable<Integer> {

    @Spec
    picocli.CommandLine.Model.CommandSpec command;

    @Option(names = "--topology", required = true, paramLabel = "FILE", description = "The topology spec (YAML).")
    Path topology;

    @ArgGroup(exclusive = true, multiplicity = "1")
    SourceOptions source;

    @Option(names = "--records", paramLabel = "N",
            description = "Records per pass of --dataset (default: 442 for diabetes, 20000 for the generators).")
    Long records;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "42", description = "Seed of a generated dataset (default 42).")
    long seed;

    @Option(names = "--passes", paramLabel = "K", defaultValue = "1", description = "Passes over the data (default 1).")
    int passes;

    @Option(names = "--dump-models", paramLabel = "FILE", description = "Write every model as JSON to FILE.")
    Path dumpModels;

    @Option(names = "--labels", paramLabel = "FILE",
            description = "Labels from a CSV with columns id and label, joined by id (implies --label-delay, default 0).")
    Path labels;

    @Option(names = "--label-delay", paramLabel = "N",
            description = "Join each record's label after N more records were predicted (delayed labels).")
    Integer labelDelay;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = command.commandLine().getOut();
        PrintWriter err = command.commandLine().getErr();
        if (passes < 1) {
            err.println("--passes must be at least 1, was " + passes);
            return 2;
        }
        List<TopologySpec> specs = SpecFiles.readOrReport(List.of(topology), err);
        if (specs == null) {
            return 2;
        }
        String sourceProblem = source.problem(null);
        if (sourceProblem == null) {
            sourceProblem = InputFile.problem("--labels", labels);
        }
        if (sourceProblem != null) {
            err.println(sourceProblem);
            return 2;
        }
        TopologySpec spec = specs.get(0);
        PipelineBlueprint blueprint = PipelineBlueprint.of(spec);
        RecordSchema schema = blueprint.schema();
        LearningPipeline pipeline = blueprint.newPipeline();
        if (spec.events() != null) {
            return replayEvents(spec, pipeline, out, err);
        }
        if (labelDelay != null && labelDelay < 0) {
            err.println("--label-delay must be at least 0, was " + labelDelay);
            return 2;
        }
        DelayedLabelReplay delayed = null;
        if (labels != null || labelDelay != null) {
            try {
                delayed = new DelayedLabelReplay(pipeline, labelDelay == null ? 0 : labelDelay,
                        labels == null ? null : DelayedLabelReplay.read(labels, schema));
            } catch (IllegalArgumentException e) {
                err.println(e.getMessage());
                return 2;
            }
        }

        Rejections rejected = new Rejections();
        RawTargetCheck rawTarget = RawTargetCheck.of(blueprint);
        ProgressLine progress = new ProgressLine(err, "replay");
        for (int pass = 1; pass <= passes; pass++) {
            try (RecordSource input = source.open(schema,
                    records != null ? records : defaultRecords(source.dataset), seed, null)) {
                for (;;) {
                    FeatureRecord record;
                    try {
                        record = input.next();
                    } catch (RecordRejectedException e) {
                        rejected.add(input.position(), e);
                        continue;
                    }
                    if (record == null) {
                        break;
                    }
                    rawTarget.offer(record.label()).forEach(warning -> err.println("warning: " + warning));
                    if (delayed != null) {
                        delayed.next(record);
                    } else {
                        pipeline.process(record.id(), FeatureVector.dense(record.features()), record.label());
                    }
                    progress.tick("pass " + pass + "/" + passes);
                }
                if (delayed != null) {
                    delayed.endOfPass();
                }
            } catch (IllegalArgumentException e) {
                err.println(e.getMessage());
                return 2;
            }
        }
        progress.finish();

        out.print(LearnerTable.render(pipeline, progress.count(), progress.perSecond()));
        printClipRatesAndDrifts(out, pipeline);
        printPaths(out, pipeline);
        if (delayed != null) {
            out.println(delayed.summary());
        }
        rejected.summary().forEach(out::println);
        if (progress.count() == 0) {
            out.flush();
            err.println("no record was used" + (rejected.total() > 0 ? ": every one was rejected (above)" : ""));
            return 1;
        }
        if (dumpModels != null) {
            writeModels(spec, pipeline);
            out.println("models written to " + dumpModels);
        }
        out.flush();
        return 0;
    }

    /**
     * Replays raw events ({@code --jsonl FILE} or {@code --dataset payments}) through the pipeline's
     * {@link EventInput}: read, encode, predict then train; a bad event is counted by its reason.
     */
    private Integer replayEvents(TopologySpec spec, LearningPipeline pipeline, PrintWriter out, PrintWriter err)
            throws IOException {
        if (labels != null || labelDelay != null) {
            err.println("--labels and --label-delay take feature records; a raw-event spec's events carry their labels");
            return 2;
        }
        if (source.csv != null) {
            err.println("--csv takes feature records; a raw-event spec (" + topology + ") reads --jsonl FILE or "
                    + "--dataset " + String.join(", ", Datasets.EVENT_NAMES));
            return 2;
        }
        if (source.jsonl != null && !Files.isReadable(source.jsonl)) {
            err.println("cannot read --jsonl " + source.jsonl + ": " + (Files.exists(source.jsonl) ? "not readable"
                    : "no such file"));
            return 2;
        }
        if (source.dataset != null && !Datasets.EVENT_NAMES.contains(source.dataset)) {
            err.println("dataset '" + source.dataset + "' holds feature records; a raw-event spec (" + topology
                    + ") reads --jsonl FILE or --dataset " + String.join(", ", Datasets.EVENT_NAMES));
            return 2;
        }
        EventInput input = pipeline.events();
        Rejections rejected = new Rejections();
        ProgressLine progress = new ProgressLine(err, "replay");
        for (int pass = 1; pass <= passes; pass++) {
            try (EventLines events = source.jsonl != null ? EventLines.jsonl(source.jsonl)
                    : EventLines.dataset(source.dataset, seed, records != null ? records : defaultRecords(source.dataset))) {
                for (byte[] value; (value = events.next()) != null; ) {
                    try {
                        input.process(value, events.defaultId());
                    } catch (RecordRejectedException e) {
                        rejected.add(events.position(), e);
                        continue;
                    }
                    progress.tick("pass " + pass + "/" + passes);
                }
            } catch (IllegalArgumentException e) {
                err.println(e.getMessage());
                return 2;
            }
        }
        progress.finish();
        rejected.summary().forEach(out::println);
        if (progress.count() == 0) {
            err.println("no event was learned" + (rejected.total() > 0 ? ": every one was rejected (above)" : ""));
            err.flush();
            return 1;
        }
        out.print(LearnerTable.render(pipeline, progress.count(), progress.perSecond()));
        printClipRatesAndDrifts(out, pipeline);
        if (dumpModels != null) {
            writeModels(spec, pipeline);
            out.println("models written to " + dumpModels);
        }
        out.flush();
        return 0;
    }

    /** A line per learner that clips gradients or detects drift: clipped steps of all steps, drifts. */
    private static void printClipRatesAndDrifts(PrintWriter out, LearningPipeline pipeline) {
        for (LearnerSlot slot : pipeline.slots()) {
            var model = slot.model();
            long steps = model.updates();
            if (!Double.isNaN(model.lastGradientNorm()) && steps > 0) {
                out.printf(java.util.Locale.ROOT, "%s: clipped %d of %d steps (%.1f%%), last gradient norm %.4f%n", slot.name(),
                        model.clippedSteps(), steps, 100.0 * model.clippedSteps() / steps, model.lastGradientNorm());
            }
        }
        if (pipeline.slots().stream().anyMatch(LearnerSlot::monitorsDrift)) {
            for (LearnerSlot slot : pipeline.slots()) {
                out.printf(java.util.Locale.ROOT, "%s: drifts detected %d, models replaced %d%n", slot.name(),
                        slot.driftDetections(), slot.driftReplacements());
            }
        }
    }

    /** Per regularization-path learner: its champion, and each member's losses and nonzeros (* the champion). */
    private static void printPaths(PrintWriter out, LearningPipeline pipeline) {
        for (LearnerSlot slot : pipeline.slots()) {
            if (!(slot.model() instanceof io.streamlearn.learn.ModelPath path)) {
                continue;
            }
            String penalties = String.join(", ", path.penaltyNames());
            out.printf(java.util.Locale.ROOT, "%s: λ path over %s by %s loss, champion %s (%d switches)%n", slot.name(),
                    penalties, slot.selectsByPrequential() ? "prequential" : "holdout",
                    path.labels().get(path.champion()), slot.pathSwitches());
            out.printf(java.util.Locale.ROOT, "  %-14s %12s %12s %12s %10s%n", penalties, "prequential", "train",
                    "holdout", "nonzero");
            var stats = slot.memberStats();
            for (int k = 0; k < path.size(); k++) {
                var m = path.member(k);
                out.printf(java.util.Locale.ROOT, "  %-14s %12.4f %12.4f %12.4f %10s%s%n", path.labels().get(k),
                        stats.get(k).prequentialLoss(), stats.get(k).trainLoss(), stats.get(k).holdoutLoss(),
                        m.nonZeroWeights() + "/" + m.weightCount(), k == path.champion() ? "  *" : "");
            }
        }
    }

    private static long defaultRecords(String dataset) {
        return "diabetes".equals(dataset) ? 442 : 20_000;
    }

    private void writeModels(TopologySpec spec, LearningPipeline pipeline) throws IOException {
        ObjectMapper json = new ObjectMapper();
        ObjectNode root = json.createObjectNode();
        root.put("pipeline", spec.name());
        ObjectNode learners = root.putObject("learners");
        for (String name : pipeline.learnerNames()) {
            learners.set(name, ModelJson.describe(pipeline, name, spec.features().names(), spec.classes(),
                    ModelJson.DEFAULT_TOP));
        }
        Files.write(dumpModels, json.writerWithDefaultPrettyPrinter().writeValueAsBytes(root));
    }
}
