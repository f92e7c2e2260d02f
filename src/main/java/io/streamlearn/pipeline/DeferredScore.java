package io.streamlearn.pipeline;

import io.streamlearn.learn.ByteSink;
import io.streamlearn.learn.ModelCodec;
import io.streamlearn.learn.OnlineModel;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * One learner's model as it was at the last rescore, kept (as its {@link ModelCodec} snapshot, in a
 * buffer reused from one rescore to the next) until its train and holdout figures are read: a
 * rescore that the next one supersedes before anything reads it is never computed. The figures,
 * when computed, are those of that model over the reservoirs of that rescore, bit for bit: the
 * snapshot reads back as the same model.
 *
 * <p>A model whose snapshot does not read back (a test model of its own type) is not deferred.
 */
final class DeferredScore {

    /** Created at the first rescore: a pipeline that never rescores (or a model that is not kept) holds none. */
    private ByteSink bytes;
    private DataOutputStream out;
    /** Whether the model's snapshot reads back; null until first tried. */
    private Boolean readable;
    private boolean pending;

    /**
     * Keeps a copy of {@code model} to be scored later, superseding any copy not scored yet.
     *
     * @return false when the model cannot be kept (score it now)
     */
    boolean defer(OnlineModel model) {
        pending = false;
        if (Boolean.FALSE.equals(readable)) {
            return false;
        }
        if (bytes == null) {
            bytes = new ByteSink(64); // grows to the model's snapshot: per key of a `scope: key` pipeline, that much per learner
            out = new DataOutputStream(bytes);
        }
        bytes.reset();
        try {
            ModelCodec.write(model, out);
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (readable == null) {
            try {
                ModelCodec.read(input());
                readable = true;
            } catch (IOException | RuntimeException e) {
                readable = false;
                bytes = null;
                out = null;
                return false;
            }
        }
        pending = true;
        return true;
    }

    boolean pending() {
        return pending;
    }

    /** The kept model, read back from its snapshot; nothing is pending afterwards. */
    OnlineModel take() {
        pending = false;
        try {
            return ModelCodec.read(input());
        } catch (IOException e) {
            throw new IllegalStateException("a snapshot that read back once no longer does", e);
        }
    }

    /** Drops the kept copy (the evaluator's figures were restored from a stored state). */
    void discard() {
        pending = false;
    }

    /** The snapshot, read in place. */
    private DataInputStream input() {
        return new DataInputStream(new ByteArrayInputStream(bytes.buffer(), 0, bytes.size()));
    }
}
