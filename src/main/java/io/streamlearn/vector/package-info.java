/**
 * The feature vector a model reads, dense or sparse ({@link io.streamlearn.vector.FeatureVector}):
 * the one type at the record → pipeline → model boundary. Imports nothing of streamlearn; every
 * other package may import it.
 */
package io.streamlearn.vector;
