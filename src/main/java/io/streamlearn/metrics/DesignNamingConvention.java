package io.streamlearn.metrics;

import io.micrometer.core.instrument.Meter;
import io.micrometer.prometheusmetrics.PrometheusNamingConvention;

/**
 * Prometheus naming, except that a streamlearn meter's base unit is not appended to its name: the
 * names are fixed by docs/DESIGN.md's metrics table and carry their unit where they have one
 * ({@code streamlearn_update_seconds}), while a base unit such as {@code records} on
 * {@code streamlearn.rejected} would otherwise make it {@code streamlearn_rejected_records_total}.
 * Other meters (JVM, Kafka) are named as Micrometer's Prometheus convention names them.
 */
public final class DesignNamingConvention extends PrometheusNamingConvention {

    @Override
    public String name(String name, Meter.Type type, String baseUnit) {
        return super.name(name, type, name.startsWith("streamlearn.") ? null : baseUnit);
    }
}
