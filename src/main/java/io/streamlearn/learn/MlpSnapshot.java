package io.streamlearn.learn;

import io.streamlearn.learn.mlp.BatchBuffer;
import io.streamlearn.learn.mlp.Parameter;
import io.streamlearn.learn.mlp.ParameterOptimizer;
import io.streamlearn.vector.FeatureVector;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.List;

/**
 * The payload of an {@link Mlp} snapshot (after {@link ModelCodec}'s envelope). Version 1, written
 * while the model holds nothing sparse (no first-layer column owes decay, no sparse example is
 * buffered), so a model trained on dense records writes what it always wrote:
 *
 * <pre>
 *   byte    payload version (1)
 *   options inputs, hidden count and widths, classes, dropout, batchSize, AdamW (lr, beta1, beta2,
 *           eps, weightDecay), clipNorm, layerNorm, weightNorm, labelSmoothing, noise, mixupAlpha, seed
 *   long    random state; long AdamW step t; long clipped steps; long rejected steps;
 *           double last gradient norm; double last loss
 *   int     parameter count P, then per parameter: int n, n values, the optimizer's state of it
 *           (AdamW: n first moments, n second moments)
 *   int     buffered examples b, then b * inputs features and b labels
 * </pre>
 *
 * Version 2, written by a model trained sparse (see {@link Mlp}), is version 1 up to the parameters,
 * then:
 *
 * <pre>
 *   int     the lazily stepped parameter, or -1 when no column owes decay; if not -1: int columns
 *           n, then n longs, the step through which each column had its decay
 *   int     buffered examples b, then per example: byte 0 (dense) or 1 (sparse), double label, and
 *           inputs features, or int nnz, nnz columns (strictly increasing) and nnz values
 * </pre>
 */
final class MlpSnapshot {

    static final byte PAYLOAD_VERSION = 1;
    /** With the lazy first-layer state and sparse buffered examples. */
    static final byte PAYLOAD_VERSION_SPARSE = 2;

    private MlpSnapshot() {}

    static void write(Mlp model, DataOutput out) throws IOException {
        boolean sparse = model.optimizer().lazy() || model.batch().anySparse();
        out.writeByte(sparse ? PAYLOAD_VERSION_SPARSE : PAYLOAD_VERSION);
        writeOptions(model.options(), out);
        out.writeLong(model.random().state());
        out.writeLong(model.optimizer().steps());
        out.writeLong(model.clippedSteps());
        out.writeLong(model.rejectedSteps());
        out.writeDouble(model.lastGradientNorm());
        out.writeDouble(model.lastLoss());
        List<Parameter> params = model.parameterList();
        ParameterOptimizer optimizer = model.optimizer();
        out.writeInt(params.size());
        for (int p = 0; p < params.size(); p++) {
            double[] value = params.get(p).value().data;
            out.writeInt(value.length);
            writeDoubles(value, value.length, out);
            optimizer.writeState(p, out);
        }
        if (sparse) {
            optimizer.writeLazyState(out);
            writeRows(model.batch(), model.inputDimension(), out);
            return;
        }
        int buffered = model.buffered();
        out.writeInt(buffered);
        writeDoubles(model.batch().features(), buffered * model.inputDimension(), out);
        writeDoubles(model.batch().labels(), buffered, out);
    }

    private static void writeRows(BatchBuffer batch, int inputs, DataOutput out) throws IOException {
        out.writeInt(batch.size());
        for (int r = 0; r < batch.size(); r++) {
            out.writeByte(batch.isSparse(r) ? 1 : 0);
            out.writeDouble(batch.label(r));
            if (batch.isSparse(r)) {
                int from = batch.rowStart(r);
                int nnz = batch.rowStart(r + 1) - from;
                out.writeInt(nnz);
                for (int e = from; e < from + nnz; e++) {
                    out.writeInt(batch.indices()[e]);
                }
                for (int e = from; e < from + nnz; e++) {
                    out.writeDouble(batch.values()[e]);
                }
            } else {
                for (int k = 0; k < inputs; k++) {
                    out.writeDouble(batch.features()[r * inputs + k]);
                }
            }
        }
    }

    /** Reads what {@link #writeRows} wrote into the model's empty batch, through {@link BatchBuffer#add}. */
    private static void readRows(Mlp model, MlpOptions options, DataInput in) throws IOException {
        int buffered = in.readInt();
        if (buffered < 0 || buffered >= options.batchSize()) {
            throw new IOException("buffered count " + buffered + " outside [0, " + options.batchSize() + ")");
        }
        int inputs = options.inputs();
        for (int r = 0; r < buffered; r++) {
            byte form = in.readByte();
            double label = in.readDouble();
            FeatureVector x;
            if (form == 0) {
                double[] row = new double[inputs];
                readDoubles(row, inputs, in);
                x = FeatureVector.dense(row);
            } else if (form == 1) {
                int nnz = in.readInt();
                if (nnz < 0 || nnz > inputs) {
                    throw new IOException("buffered example " + r + " has " + nnz + " entries, outside [0, " + inputs + "]");
                }
                int[] columns = new int[nnz];
                for (int e = 0; e < nnz; e++) {
                    columns[e] = in.readInt();
                    if (columns[e] < 0 || columns[e] >= inputs || (e > 0 && columns[e] <= columns[e - 1])) {
                        throw new IOException("buffered example " + r + ": column " + columns[e]
                                + " not increasing in [0, " + inputs + ")");
                    }
                }
                x = FeatureVector.sparse(inputs, Math.max(1, nnz));
                for (int e = 0; e < nnz; e++) {
                    try {
                        x.add(columns[e], in.readDouble());
                    } catch (IllegalArgumentException e2) {
                        throw new IOException("buffered example " + r + ": " + e2.getMessage(), e2);
                    }
                }
                x.finish();
            } else {
                throw new IOException("buffered example " + r + " has unknown form " + form);
            }
            model.batch().add(x, label);
        }
    }

    static Mlp read(DataInput in) throws IOException {
        byte version = in.readByte();
        if (version != PAYLOAD_VERSION && version != PAYLOAD_VERSION_SPARSE) {
            throw new IOException("unsupported MLP payload version " + version);
        }
        MlpOptions options = readOptions(in);
        Mlp model;
        try {
            model = Mlp.uninitialized(options);
        } catch (IllegalArgumentException e) {
            throw new IOException("invalid MLP options in snapshot: " + e.getMessage(), e);
        }
        SeededRandom random = new SeededRandom(in.readLong());
        model.optimizer().setSteps(in.readLong());
        long clipped = in.readLong();
        long rejected = in.readLong();
        double lastNorm = in.readDouble();
        double lastLoss = in.readDouble();
        List<Parameter> params = model.parameterList();
        int count = in.readInt();
        if (count != params.size()) {
            throw new IOException("expected " + params.size() + " parameters, snapshot has " + count);
        }
        for (int p = 0; p < count; p++) {
            double[] value = params.get(p).value().data;
            int n = in.readInt();
            if (n != value.length) {
                throw new IOException(params.get(p).name() + ": expected " + value.length + " values, snapshot has " + n);
            }
            readDoubles(value, n, in);
            model.optimizer().readState(p, in);
        }
        if (version == PAYLOAD_VERSION_SPARSE) {
            model.optimizer().readLazyState(in);
            readRows(model, options, in);
        } else {
            int buffered = in.readInt();
            if (buffered < 0 || buffered >= options.batchSize()) {
                throw new IOException("buffered count " + buffered + " outside [0, " + options.batchSize() + ")");
            }
            readDoubles(model.batch().features(), buffered * options.inputs(), in);
            readDoubles(model.batch().labels(), buffered, in);
            model.batch().restoreSize(buffered);
        }
        model.restoreCounters(random, clipped, rejected, lastNorm, lastLoss);
        return model;
    }

    private static void writeOptions(MlpOptions o, DataOutput out) throws IOException {
        out.writeInt(o.inputs());
        int[] hidden = o.hidden();
        out.writeInt(hidden.length);
        for (int h : hidden) {
            out.writeInt(h);
        }
        out.writeInt(o.classes());
        out.writeDouble(o.dropout());
        out.writeInt(o.batchSize());
        AdamWOptions a = o.optimizer();
        out.writeDouble(a.learningRate());
        out.writeDouble(a.beta1());
        out.writeDouble(a.beta2());
        out.writeDouble(a.eps());
        out.writeDouble(a.weightDecay());
        out.writeDouble(o.clipNorm());
        out.writeBoolean(o.layerNorm());
        out.writeBoolean(o.weightNorm());
        out.writeDouble(o.labelSmoothing());
        out.writeDouble(o.noise());
        out.writeDouble(o.mixupAlpha());
        out.writeLong(o.seed());
    }

    private static MlpOptions readOptions(DataInput in) throws IOException {
        int inputs = in.readInt();
        int hiddenCount = in.readInt();
        if (hiddenCount < 0 || hiddenCount > 1024) {
            throw new IOException("implausible hidden layer count " + hiddenCount);
        }
        int[] hidden = new int[hiddenCount];
        for (int i = 0; i < hiddenCount; i++) {
            hidden[i] = in.readInt();
        }
        int classes = in.readInt();
        double dropout = in.readDouble();
        int batchSize = in.readInt();
        AdamWOptions adamW = new AdamWOptions(
                in.readDouble(), in.readDouble(), in.readDouble(), in.readDouble(), in.readDouble());
        double clipNorm = in.readDouble();
        boolean layerNorm = in.readBoolean();
        boolean weightNorm = in.readBoolean();
        double labelSmoothing = in.readDouble();
        double noise = in.readDouble();
        double mixupAlpha = in.readDouble();
        long seed = in.readLong();
        return new MlpOptions(inputs, hidden, classes, dropout, batchSize, adamW, clipNorm, layerNorm,
                weightNorm, labelSmoothing, noise, mixupAlpha, seed);
    }

    private static void writeDoubles(double[] values, int n, DataOutput out) throws IOException {
        for (int i = 0; i < n; i++) {
            out.writeDouble(values[i]);
        }
    }

    private static void readDoubles(double[] values, int n, DataInput in) throws IOException {
        for (int i = 0; i < n; i++) {
            values[i] = in.readDouble();
        }
    }
}
