/**
 * Feature records, raw events and predictions: JSON and CSV readers and writers, limits and the
 * reasons a record is refused. Imports nothing of streamlearn.
 */
package io.streamlearn.record;
