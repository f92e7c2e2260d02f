/**
 * The built-in datasets (friedman1, drift, diabetes) and their input JSON. Kafka-free; may import
 * learn (seeded random numbers).
 */
package io.streamlearn.feed.dataset;
