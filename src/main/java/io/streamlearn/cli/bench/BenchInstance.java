package io.streamlearn.cli.bench;

import io.streamlearn.app.StreamlearnApp;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.streams.KafkaStreams;

/** One Kafka Streams client of a measured application: a bare pass-through or a streamlearn application. */
interface BenchInstance {

    boolean running();

    int activeTasks();

    /** The Kafka Streams client's metrics, its producers' and consumers' included. */
    Map<MetricName, ? extends Metric> metrics();

    void pause();

    void resume();

    void close();

    /** A started Kafka Streams client of the pass-through topology. */
    static BenchInstance of(KafkaStreams streams) {
        return new BenchInstance() {
            @Override
            public boolean running() {
                return streams.state() == KafkaStreams.State.RUNNING;
            }

            @Override
            public int activeTasks() {
                return streams.metadataForLocalThreads().stream().mapToInt(t -> t.activeTasks().size()).sum();
            }

            @Override
            public Map<MetricName, ? extends Metric> metrics() {
                return streams.metrics();
            }

            @Override
            public void pause() {
                streams.pause();
            }

            @Override
            public void resume() {
                streams.resume();
            }

            @Override
            public void close() {
                streams.close(Duration.ofSeconds(30));
            }
        };
    }

    /** A started streamlearn application. */
    static BenchInstance of(StreamlearnApp app) {
        return new BenchInstance() {
            @Override
            public boolean running() {
                return app.state() == KafkaStreams.State.RUNNING;
            }

            @Override
            public int activeTasks() {
                return app.activeTasks().size();
            }

            @Override
            public Map<MetricName, ? extends Metric> metrics() {
                return app.kafkaMetrics();
            }

            @Override
            public void pause() {
                app.pause();
            }

            @Override
            public void resume() {
                app.resume();
            }

            @Override
            public void close() {
                app.close();
            }
        };
    }
}
