package io.streamlearn.feed.dataset;

/** One labelled row of a built-in dataset. */
public record DatasetRow(String id, double[] features, double label) {}
