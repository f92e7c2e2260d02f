/**
 * The Kafka Streams topology built from a spec, its thin processors, routing, dead letters and the
 * pipeline working copy ({@code PipelineState}) with its store keys. May import query, metrics,
 * pipeline, spec, record, eval and learn.
 */
package io.streamlearn.topology;
