package io.streamlearn.cli.bench;

import io.streamlearn.app.StreamlearnApp;
import io.streamlearn.topology.PipelineDefinition;
import io.streamlearn.topology.StreamlearnTopology;
import io.streamlearn.topology.Topic;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.KafkaStreams;

/**
 * Starts the instances of a planned measurement's application, each with a state directory of its
 * own under {@code stateDir}, on the step's topics and application id.
 */
final class ApplicationLauncher {

    static final String PASS_THROUGH_NAME = "(a) pass-through";

    private final BenchClients clients;
    private final Path stateDir;
    private final StateFootprint footprint;

    ApplicationLauncher(BenchClients clients, Path stateDir, StateFootprint footprint) {
        this.clients = clients;
        this.stateDir = stateDir;
        this.footprint = footprint;
    }

    RunningApplication passThrough(MeasurementPlan.Step step) throws Exception {
        Topic<byte[], byte[]> in = Topic.ofBytes(step.input());
        Topic<byte[], byte[]> out = Topic.ofBytes(step.output());
        Layout layout = step.layout();
        List<BenchInstance> instances = new ArrayList<>();
        for (int i = 0; i < layout.instances(); i++) {
            KafkaStreams streams = new KafkaStreams(StreamlearnTopology.passThrough(in, out),
                    clients.settings(step.applicationId(), instanceDir(step, i), layout.threads()).kafka());
            streams.start();
            instances.add(BenchInstance.of(streams));
        }
        return new RunningApplication(instances, () -> "");
    }

    /** {@code spec}'s pipeline on the step's topics (and a dead-letter topic of its own). */
    static PipelineDefinition onTopicsOf(PipelineDefinition spec, MeasurementPlan.Step step) {
        return new PipelineDefinition(spec.blueprint(), Topic.ofBytes(step.input()), Topic.ofBytes(step.output()),
                Topic.ofBytes(step.prefix() + ".dlq"), spec.scope(), null, spec.parallel(), spec.spec());
    }

    /** How the results file names a learner application: (b), or (c) when it trains data-parallel. */
    static String name(PipelineDefinition pipeline) {
        return (pipeline.parallel().enabled() ? "(c) streamlearn data-parallel: " : "(b) streamlearn: ")
                + String.join(", ", pipeline.learnerNames())
                + (pipeline.scope().perKey() ? ", scope: key" : "")
                + (pipeline.parallel().enabled() ? ", parallel: {every: " + pipeline.parallel().every() + "}" : "");
    }

    /** {@code pipeline} ({@link #onTopicsOf}) in the step's layout. */
    RunningApplication learner(PipelineDefinition pipeline, MeasurementPlan.Step step) throws Exception {
        Layout layout = step.layout();
        List<StreamlearnApp> apps = new ArrayList<>();
        List<BenchInstance> instances = new ArrayList<>();
        for (int i = 0; i < layout.instances(); i++) {
            StreamlearnApp app = StreamlearnApp.start(List.of(pipeline),
                    clients.settings(step.applicationId(), instanceDir(step, i), layout.threads()), -1);
            apps.add(app);
            instances.add(BenchInstance.of(app));
        }
        return new RunningApplication(instances, () -> footprint.describe(step.applicationId(), pipeline, apps));
    }

    private Path instanceDir(MeasurementPlan.Step step, int instance) {
        return stateDir.resolve(step.applicationId() + "-" + instance);
    }
}
