package io.streamlearn.app.dataset;

/** One labelled row of a built-in dataset. */
public record DatasetRow(String id, double[] features, double label) {}
