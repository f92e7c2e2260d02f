package io.streamlearn.topology;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.utils.Bytes;

/**
 * Keys of a pipeline's state store: {@code <pipeline>/<scope>/learner/<name>} for a model and
 * {@code <pipeline>/<scope>/evaluation} for the rest of the pipeline (scaler, splitter, reservoirs,
 * evaluators). The scope is {@code ""} for the one global model set of a pipeline; a later
 * per-key scope (one model set per record key) fills it in without changing the format.
 * A value split into chunks adds {@code /chunk-0001}, {@code /chunk-0002}, ... to its key
 * ({@code store.ChunkedValues}).
 */
public record StateKeys(String pipeline, String scope) {

    public static final String GLOBAL_SCOPE = "";

    public static StateKeys global(String pipeline) {
        return new StateKeys(pipeline, GLOBAL_SCOPE);
    }

    public Bytes learner(String learner) {
        return key(prefix() + "learner/" + learner);
    }

    public Bytes evaluation() {
        return key(prefix() + "evaluation");
    }

    private String prefix() {
        return pipeline + "/" + scope + "/";
    }

    private static Bytes key(String text) {
        return Bytes.wrap(text.getBytes(StandardCharsets.UTF_8));
    }
}
