package io.streamlearn.app;

import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.streamlearn.app.http.StatusServer;
import io.streamlearn.metrics.DesignNamingConvention;
import io.streamlearn.metrics.PipelineMetrics;
import io.streamlearn.metrics.PipelineReadings;
import java.util.List;
import org.apache.kafka.streams.KafkaStreams;

/**
 * The application's Prometheus registry: the pipelines' meters ({@link PipelineMetrics}), Kafka
 * Streams' own metrics and the JVM binders (memory, GC, threads, class loading, processor, uptime).
 */
final class AppMetrics implements AutoCloseable {

    /** Content-Type of {@link #scrape()}: the Prometheus text format 0.0.4. */
    static final String CONTENT_TYPE = StatusServer.METRICS_CONTENT_TYPE;

    private final PrometheusMeterRegistry registry;
    private final JvmGcMetrics gc;
    private final KafkaStreamsMetrics kafkaStreams;

    private AppMetrics(PrometheusMeterRegistry registry, JvmGcMetrics gc, KafkaStreamsMetrics kafkaStreams) {
        this.registry = registry;
        this.gc = gc;
        this.kafkaStreams = kafkaStreams;
    }

    /** A registry with every binder bound; {@code streams} null binds no Kafka Streams metrics. */
    static AppMetrics bind(List<? extends PipelineReadings> pipelines, KafkaStreams streams) {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        registry.config().namingConvention(new DesignNamingConvention());
        new PipelineMetrics(pipelines).bindTo(registry);
        new JvmMemoryMetrics().bindTo(registry);
        JvmGcMetrics gc = new JvmGcMetrics();
        gc.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        KafkaStreamsMetrics ks = null;
        if (streams != null) {
            ks = new KafkaStreamsMetrics(streams);
            ks.bindTo(registry);
        }
        return new AppMetrics(registry, gc, ks);
    }

    PrometheusMeterRegistry registry() {
        return registry;
    }

    /** Every meter in the Prometheus text format ({@link #CONTENT_TYPE}). */
    String scrape() {
        return registry.scrape(CONTENT_TYPE);
    }

    @Override
    public void close() {
        if (kafkaStreams != null) {
            kafkaStreams.close();
        }
        gc.close();
        registry.close();
    }
}
