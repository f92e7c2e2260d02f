/**
 * Feature records, raw events and predictions: JSON and CSV readers and writers, limits and the
 * reasons a record is refused. Imports only {@code vector} (a record's features as a {@code FeatureVector}).
 */
package io.streamlearn.record;
