/**
 * A real Apache Kafka broker (KRaft) for {@code demo}, {@code bench} and the tests, in this JVM or in
 * one of its own; and a cluster of three such nodes, each in its own JVM, for the tests that kill
 * brokers. Imports Kafka only, nothing of streamlearn.
 */
package io.streamlearn.broker;
