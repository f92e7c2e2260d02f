package io.streamlearn.feed;

/** One record to produce: its key (null for none) and its JSON value. */
public record FeedItem(byte[] key, byte[] value) {}
