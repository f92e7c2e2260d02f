/**
 * A real Apache Kafka broker (KRaft) for {@code demo}, {@code bench} and the tests, in this JVM or in
 * one of its own. Imports Kafka only, nothing of streamlearn.
 */
package io.streamlearn.broker;
