/**
 * Raw events to features: a spec's field encodings ({@link io.streamlearn.encode.FeatureField}) laid
 * out in fixed column ranges ({@link io.streamlearn.encode.EventLayout}), and the stateful
 * {@link io.streamlearn.encode.EventEncoder} (online vocabularies, imputation means, feature hashing
 * as scikit-learn's {@code FeatureHasher}) that fills a sparse feature vector. Imports record and vector.
 */
package io.streamlearn.encode;
