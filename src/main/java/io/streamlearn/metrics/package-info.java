/**
 * The Micrometer meters and their Prometheus names (docs/DESIGN.md, "Metrics"), read from what the
 * pipelines publish. May import pipeline and eval.
 */
package io.streamlearn.metrics;
