/**
 * What sends records: a dataset or a CSV file as feature records ({@code RecordSource}, also read by
 * {@code replay}), as keyed JSON to produce ({@code RecordFeed}), paced ({@code Feeder}), with the one
 * producer configuration ({@code FeedProducer}). May import record and learn.
 */
package io.streamlearn.feed;
