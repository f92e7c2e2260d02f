package io.streamlearn.app;

/** One record to produce: its key (null for none) and its JSON value. */
record FeedItem(byte[] key, byte[] value) {}
