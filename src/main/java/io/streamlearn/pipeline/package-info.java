/**
 * The learning loop shared by {@code replay} and the stream processor (split, predict, train,
 * evaluate), its blueprint from a spec and its stored state. Everything kept per learner is in
 * that learner's {@link io.streamlearn.pipeline.LearnerSlot}. Kafka-free; may import spec, record,
 * eval and learn.
 */
package io.streamlearn.pipeline;
