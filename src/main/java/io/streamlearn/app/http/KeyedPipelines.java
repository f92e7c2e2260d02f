package io.streamlearn.app.http;

import io.streamlearn.pipeline.LearningPipeline;
import io.streamlearn.record.RecordSchema;

/**
 * Where the HTTP server reads one record key's pipeline of a {@code scope: key} pipeline: this
 * instance's state stores, as of their last commit. A read never touches the stream thread's
 * working copy. When the key's task is on another instance of the application, {@link #locate}
 * says which (from Kafka Streams' metadata, {@code application.server}), and the request is
 * forwarded there.
 */
public interface KeyedPipelines {

    /** A key's pipeline (its models, scaler and evaluation) and the records' schema. */
    record KeyedPipeline(LearningPipeline pipeline, RecordSchema schema) {}

    KeyedPipelines NONE = (pipeline, key) -> null;

    /**
     * The key's pipeline as last committed on this instance; null when this instance holds no state
     * for it (an unknown pipeline or key, or a key of a task on another instance).
     *
     * @throws IllegalStateException when the store cannot be read now (a rebalance, a restore)
     */
    KeyedPipeline find(String pipeline, byte[] key);

    /**
     * The HTTP address ({@code host:port}) of the other instance whose active task holds the key's
     * partition; null when it is this instance, or when no instance advertises an address.
     *
     * @throws IllegalStateException when the metadata is not available now (a rebalance)
     */
    default String locate(String pipeline, byte[] key) {
        return null;
    }
}
