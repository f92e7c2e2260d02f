/**
 * The runtime of {@code run} and {@code demo}: the Kafka Streams client and its life cycle, the HTTP
 * server ({@code app.http}, which imports nothing of this package), settings and the metrics registry. May
 * import topology, query, metrics and below.
 */
package io.streamlearn.app;
