package io.streamlearn.spec;

import java.util.List;

/**
 * The {@code features} section.
 *
 * @param names feature names in order; empty when only {@code dimension} was given
 * @param dimension number of features
 * @param standardize whether features are standardized online (running mean and variance)
 */
public record FeaturesSpec(List<String> names, int dimension, boolean standardize) {

    public FeaturesSpec {
        names = List.copyOf(names);
    }
}
