/**
 * The read side, Kafka-free: what a pipeline has done (monitor, snapshots), the JSON view of models
 * and private copies that answer predictions on any thread. May import metrics, pipeline, record,
 * eval and learn.
 */
package io.streamlearn.query;
