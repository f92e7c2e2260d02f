package io.streamlearn.app.http;

import io.streamlearn.query.PipelineMonitor;
import io.streamlearn.query.SeriesHistory;
import io.streamlearn.topology.PipelineDefinition;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.kafka.streams.KafkaStreams;

/**
 * What the endpoints read of a running application: the Streams client's state, each pipeline's
 * monitor and sampled series, the metrics scrape, where a {@code scope: key} pipeline's per-key
 * state is read, this instance's tasks, and each pipeline's definition (topics, evaluation, spec)
 * for the console. Immutable; {@code withX} gives a copy.
 *
 * @param metrics every meter in the Prometheus text format, for {@code /metrics}
 * @param definitions by pipeline name; a pipeline without one is shown without its topics and spec
 */
public record ApplicationView(Supplier<KafkaStreams.State> state, Map<String, PipelineMonitor> monitors,
                              Map<String, SeriesHistory> series, Supplier<String> metrics, KeyedPipelines keyed,
                              Supplier<InstanceTasks> tasks, Map<String, PipelineDefinition> definitions) {

    public ApplicationView {
        definitions = Map.copyOf(definitions);
    }

    /** The monitors with series that are never sampled (empty), no per-key state and no tasks. */
    public static ApplicationView of(Supplier<KafkaStreams.State> state, Map<String, PipelineMonitor> monitors,
                                     Supplier<String> metrics) {
        Map<String, SeriesHistory> unsampled = new LinkedHashMap<>();
        monitors.forEach((name, monitor) -> unsampled.put(name, new SeriesHistory(monitor, 1)));
        return new ApplicationView(state, monitors, unsampled, metrics, KeyedPipelines.NONE, () -> InstanceTasks.NONE,
                Map.of());
    }

    /** Each pipeline's history, by pipeline name, for the console. */
    public ApplicationView withSeries(Map<String, SeriesHistory> series) {
        return new ApplicationView(state, monitors, series, metrics, keyed, tasks, definitions);
    }

    public ApplicationView withKeyed(KeyedPipelines keyed) {
        return new ApplicationView(state, monitors, series, metrics, keyed, tasks, definitions);
    }

    public ApplicationView withTasks(Supplier<InstanceTasks> tasks) {
        return new ApplicationView(state, monitors, series, metrics, keyed, tasks, definitions);
    }

    public ApplicationView withDefinitions(List<PipelineDefinition> pipelines) {
        Map<String, PipelineDefinition> byName = new LinkedHashMap<>();
        pipelines.forEach(p -> byName.put(p.name(), p));
        return new ApplicationView(state, monitors, series, metrics, keyed, tasks, byName);
    }
}
