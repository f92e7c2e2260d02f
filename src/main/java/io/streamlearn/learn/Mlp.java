package io.streamlearn.learn;

import io.streamlearn.learn.mlp.AdamW;
import io.streamlearn.learn.mlp.BatchBuffer;
import io.streamlearn.learn.mlp.BatchLoss;
import io.streamlearn.learn.mlp.GradientClipper;
import io.streamlearn.learn.mlp.Mixup;
import io.streamlearn.learn.mlp.MseLoss;
import io.streamlearn.learn.mlp.Network;
import io.streamlearn.learn.mlp.Parameter;
import io.streamlearn.learn.mlp.ParameterOptimizer;
import io.streamlearn.learn.mlp.SoftmaxCrossEntropyLoss;
import io.streamlearn.learn.mlp.TouchedColumns;
import io.streamlearn.vector.FeatureVector;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.List;
import org.ejml.data.DMatrixRMaj;

/**
 * A mini-batch multilayer perceptron trained online: {@link #train} buffers examples and, when
 * {@code batchSize} are buffered, takes one step: forward with dropout (and the optional noise and
 * mixup augmentations), the loss ({@link MseLoss} for regression, {@link SoftmaxCrossEntropyLoss}
 * with label smoothing for classification), backward, {@link GradientClipper} and one
 * {@link AdamW} step, as PyTorch would with {@code model.train()}, {@code clip_grad_norm_} and
 * {@code torch.optim.AdamW}. The model talks to its optimizer through {@link ParameterOptimizer}
 * only; AdamW is named once, where it is built. The buffer, the optimizer's state and the random
 * state are part of the model's state and of its snapshot.
 *
 * <p>A sparse input is predicted through the first layer's sparse product (nonzeros x first hidden
 * width, not inputs x first hidden width: {@link Network#forwardSparse}). A batch of sparse inputs
 * is trained sparse when the options allow it (no input noise, no mixup, no weight normalization:
 * each makes the first layer's input or gradient dense): forward and backward over the nonzeros
 * only, the first layer's weight gradient on the batch's columns only ({@link TouchedColumns}),
 * and {@link ParameterOptimizer#stepSparse}: the first layer's weight lazily (AdamW: SparseAdam's
 * moments for the touched columns, the decoupled decay of the others owed and applied exactly when
 * they are next touched or read), the other parameters as a dense step. A step costs the batch's
 * nonzeros x first hidden width plus the rest of the network, not inputs x first hidden width. A
 * batch with a dense row (or any batch under those options) takes the dense step, on the dense
 * copies, after catching every owed decay up; a model never given a sparse batch steps exactly as
 * before. Every read of the first layer (prediction, {@link #parameters}, the weight norms)
 * takes a column's owed decay into account without storing it, so reading never changes the state.
 */
public final class Mlp implements OnlineModel {

    /** The first layer's weight: parameter 0 of {@link Network#parameters()} without weight normalization. */
    private static final int FIRST_WEIGHT = 0;

    private final MlpOptions options;
    private final Network network;
    private final BatchLoss loss;
    private final ParameterOptimizer optimizer;
    private final GradientClipper clipper;
    private final Mixup mixup;
    private SeededRandom random;

    private final BatchBuffer batch;

    private long clippedSteps;
    private long rejectedSteps;
    private double lastGradientNorm = Double.NaN;
    private double lastLoss = Double.NaN;

    private final Network.Workspace trainSpace;
    private final Network.Workspace predictSpace;
    private final DMatrixRMaj target;
    private final DMatrixRMaj inputCopy;
    private final DMatrixRMaj targetCopy;
    private final int[] permutation;

    /** Whether a batch of sparse rows is stepped sparse (the options leave the first layer's input sparse). */
    private final boolean sparseSteps;
    /** The sparse batch's columns and first-layer gradient; null unless {@link #sparseSteps}. */
    private final TouchedColumns touched;
    /** The owed-decay factor of each entry of a sparse batch or input (grows to the largest). */
    private double[] entryScale = new double[64];
    /** A dense input's nonzeros, to predict through the lazy sparse path (allocated at first use). */
    private FeatureVector denseAsSparse;

    private Mlp(MlpOptions options, boolean initialize) {
        validate(options);
        this.options = options;
        this.network = new Network(layerSizes(options), options.layerNorm(), options.weightNorm(), options.dropout());
        this.loss = options.classes() == 0 ? new MseLoss() : new SoftmaxCrossEntropyLoss();
        this.optimizer = new AdamW(options.optimizer(), network.parameters());
        this.clipper = new GradientClipper(options.clipNorm());
        this.mixup = options.mixupAlpha() > 0 ? new Mixup(options.mixupAlpha()) : null;
        this.random = new SeededRandom(options.seed());
        if (initialize) {
            network.initialize(random);
        }
        int b = options.batchSize();
        int in = options.inputs();
        int out = network.outputs();
        this.batch = new BatchBuffer(b, in);
        this.trainSpace = network.workspace(b);
        this.predictSpace = network.workspace(1);
        this.target = new DMatrixRMaj(b, out);
        this.inputCopy = new DMatrixRMaj(b, in);
        this.targetCopy = new DMatrixRMaj(b, out);
        this.permutation = new int[b];
        this.sparseSteps = options.noise() == 0 && options.mixupAlpha() == 0 && !options.weightNorm();
        this.touched = sparseSteps ? new TouchedColumns(in, network.sizes()[1]) : null;
    }

    /** A new model with PyTorch's default initialisation drawn from {@code options.seed()}. */
    public static Mlp create(MlpOptions options) {
        return new Mlp(options, true);
    }

    static Mlp readFrom(DataInput in) throws IOException {
        return MlpSnapshot.read(in);
    }

    /** A model with zero parameters, for a snapshot reader to fill. */
    static Mlp uninitialized(MlpOptions options) {
        return new Mlp(options, false);
    }

    private static void validate(MlpOptions o) {
        if (o.inputs() < 1) {
            throw new IllegalArgumentException("inputs must be >= 1: " + o.inputs());
        }
        if (o.classes() == 1 || o.classes() < 0) {
            throw new IllegalArgumentException("classes must be 0 (regression) or >= 2: " + o.classes());
        }
        if (o.batchSize() < 1) {
            throw new IllegalArgumentException("batchSize must be >= 1: " + o.batchSize());
        }
        if (!(o.labelSmoothing() >= 0 && o.labelSmoothing() < 1)) {
            throw new IllegalArgumentException("labelSmoothing must be in [0, 1): " + o.labelSmoothing());
        }
        if (!(o.noise() >= 0) || !(o.mixupAlpha() >= 0) || !(o.clipNorm() >= 0)) {
            throw new IllegalArgumentException("noise, mixupAlpha and clipNorm must be >= 0");
        }
    }

    private static int[] layerSizes(MlpOptions o) {
        int[] hidden = o.hidden();
        int[] sizes = new int[hidden.length + 2];
        sizes[0] = o.inputs();
        System.arraycopy(hidden, 0, sizes, 1, hidden.length);
        sizes[sizes.length - 1] = o.classes() == 0 ? 1 : o.classes();
        return sizes;
    }

    public MlpOptions options() {
        return options;
    }

    @Override
    public int inputDimension() {
        return options.inputs();
    }

    @Override
    public int outputDimension() {
        return network.outputs();
    }

    /**
     * Forward pass with dropout and augmentation off; softmax probabilities for a classifier. While
     * some first-layer column owes decay ({@link ParameterOptimizer#lazy}), through the sparse path
     * with each column's owed factor, a dense input as its nonzeros.
     */
    @Override
    public void predict(FeatureVector x, double[] out) {
        checkInput(x);
        DMatrixRMaj output;
        if (!x.isSparse() && optimizer.lazy()) {
            x = nonZerosOf(x);
        }
        if (x.isSparse()) {
            double[] scale = null;
            if (optimizer.lazy()) {
                scale = entryScales(x.indices(), 0, x.nonZeros());
            }
            output = network.forwardSparse(predictSpace, x.indices(), x.values(), scale, x.nonZeros());
        } else {
            System.arraycopy(x.denseValues(), 0, predictSpace.input().data, 0, options.inputs());
            output = network.forward(predictSpace, false, random);
        }
        int k = network.outputs();
        if (options.classes() == 0) {
            out[0] = output.data[0];
        } else {
            SoftmaxCrossEntropyLoss.softmax(output.data, 0, k, out, 0);
        }
    }

    /**
     * Forward passes of {@code batchSize} dense rows at a time through the training workspace (in
     * eval mode: between steps it holds nothing), the rest, and a chunk with a sparse row, one by one;
     * each row's outputs are those of {@link #predict(FeatureVector, double[])}, bit for bit
     * ({@code DenseLayerMultTest}).
     */
    @Override
    public void predict(FeatureVector[] rows, int n, double[][] out) {
        int chunk = trainSpace.rows();
        int in = options.inputs();
        int k = network.outputs();
        int i = 0;
        for (; i + chunk <= n; i += chunk) {
            if (optimizer.lazy() || !allDense(rows, i, chunk)) {
                for (int r = 0; r < chunk; r++) {
                    predict(rows[i + r], out[i + r]);
                }
                continue;
            }
            double[] input = trainSpace.input().data;
            for (int r = 0; r < chunk; r++) {
                checkInput(rows[i + r]);
                System.arraycopy(rows[i + r].denseValues(), 0, input, r * in, in);
            }
            double[] output = network.forward(trainSpace, false, random).data;
            for (int r = 0; r < chunk; r++) {
                if (options.classes() == 0) {
                    out[i + r][0] = output[r];
                } else {
                    SoftmaxCrossEntropyLoss.softmax(output, r * k, k, out[i + r], 0);
                }
            }
        }
        for (; i < n; i++) {
            predict(rows[i], out[i]);
        }
    }

    /** The nonzeros of a dense input, in a vector reused from call to call. */
    private FeatureVector nonZerosOf(FeatureVector x) {
        if (denseAsSparse == null) {
            denseAsSparse = FeatureVector.sparse(options.inputs(), 64);
        }
        denseAsSparse.clear();
        double[] values = x.denseValues();
        for (int k = 0; k < values.length; k++) {
            if (values[k] != 0.0) {
                denseAsSparse.add(k, values[k]);
            }
        }
        denseAsSparse.finish();
        return denseAsSparse;
    }

    /** {@link #entryScale}[e] = the owed-decay factor of column indices[e], for e in [from, to). */
    private double[] entryScales(int[] indices, int from, int to) {
        if (to > entryScale.length) {
            entryScale = new double[Math.max(to, 2 * entryScale.length)];
        }
        for (int e = from; e < to; e++) {
            entryScale[e] = optimizer.columnScale(FIRST_WEIGHT, indices[e]);
        }
        return entryScale;
    }

    private static boolean allDense(FeatureVector[] rows, int from, int count) {
        for (int r = from; r < from + count; r++) {
            if (rows[r].isSparse()) {
                return false;
            }
        }
        return true;
    }

    /**
     * Copies the example into the batch buffer; when the buffer is full, steps (see
     * {@link #step()}) and empties it, also when the step is rejected.
     */
    @Override
    public TrainResult train(FeatureVector x, double label) {
        checkInput(x);
        if (options.classes() > 0 && !(label >= 0 && label < options.classes() && label == Math.rint(label))) {
            throw new IllegalArgumentException("class index must be an integer in [0, " + options.classes() + "): " + label);
        }
        batch.add(x, label);
        if (!batch.isFull()) {
            return TrainResult.BUFFERED;
        }
        TrainResult result = step();
        batch.clear();
        return result;
    }

    /**
     * One optimizer step on the full buffer: targets (smoothed one-hot rows for a classifier),
     * Gaussian feature noise x += noise * N(0, 1), mixup, forward in training mode, loss, backward,
     * clipping, AdamW. When AdamW reports a non-finite result, nothing is applied and the random
     * state is restored, so the model is as before the batch.
     */
    private TrainResult step() {
        if (sparseSteps && batch.allSparse()) {
            return sparseStep();
        }
        optimizer.catchUp();
        long randomBefore = random.state();
        DMatrixRMaj x = trainSpace.input();
        batch.copyFeaturesTo(x);
        batch.copyTargetsTo(target, options.classes(), options.labelSmoothing());
        if (options.noise() > 0) {
            double[] xd = x.data;
            for (int i = 0; i < xd.length; i++) {
                xd[i] += options.noise() * random.nextGaussian();
            }
        }
        if (mixup != null) {
            mixup.mix(x, target, inputCopy, targetCopy, permutation, random);
        }
        DMatrixRMaj output = network.forward(trainSpace, true, random);
        double batchLoss = loss.lossAndGradient(output, target, trainSpace.outputGradient());
        network.backward(trainSpace);
        double norm = clipper.clip(network.parameters());
        if (!optimizer.step()) {
            random = new SeededRandom(randomBefore);
            rejectedSteps++;
            return TrainResult.rejected("MLP step would make a parameter non-finite (batch loss "
                    + batchLoss + ", gradient norm " + norm + "); batch discarded");
        }
        network.refreshWeights();
        lastLoss = batchLoss;
        lastGradientNorm = norm;
        if (clipper.scaleFactor(norm) < 1.0) {
            clippedSteps++;
        }
        return TrainResult.STEPPED;
    }

    /**
     * {@link #step()} for a batch of sparse rows under options that keep them sparse: targets,
     * forward in training mode over the nonzeros (each column at its current value: stored times its
     * owed decay), loss, backward with the first layer's weight gradient on the batch's columns,
     * clipping by the total norm (the dense norm: the other columns' gradients are zero), and
     * {@link ParameterOptimizer#stepSparse}. Rejection as in {@link #step()}.
     */
    private TrainResult sparseStep() {
        long randomBefore = random.state();
        batch.copyTargetsTo(target, options.classes(), options.labelSmoothing());
        touched.clear();
        touched.addAll(batch.indices(), 0, batch.rowStart(batch.size()));
        double[] scale = optimizer.lazy() ? entryScales(batch.indices(), 0, batch.rowStart(batch.size())) : null;
        DMatrixRMaj output = network.forwardSparse(trainSpace, batch, scale, true, random);
        double batchLoss = loss.lossAndGradient(output, target, trainSpace.outputGradient());
        network.backwardSparse(trainSpace, batch, touched);
        double norm = clipper.clipSparse(network.parameters(), FIRST_WEIGHT, touched.gradient(),
                touched.count() * touched.hidden());
        if (!optimizer.stepSparse(FIRST_WEIGHT, touched)) {
            random = new SeededRandom(randomBefore);
            rejectedSteps++;
            return TrainResult.rejected("MLP step would make a parameter non-finite (batch loss "
                    + batchLoss + ", gradient norm " + norm + "); batch discarded");
        }
        lastLoss = batchLoss;
        lastGradientNorm = norm;
        if (clipper.scaleFactor(norm) < 1.0) {
            clippedSteps++;
        }
        return TrainResult.STEPPED;
    }

    private void checkInput(FeatureVector x) {
        if (x.width() != options.inputs()) {
            throw new IllegalArgumentException("expected " + options.inputs() + " features, got " + x.width());
        }
    }

    @Override
    public long updates() {
        return optimizer.steps();
    }

    @Override
    public double weightsL1() {
        return network.weightsL1(firstLayerScale());
    }

    @Override
    public double weightsL2() {
        return network.weightsL2(firstLayerScale());
    }

    @Override
    public long nonZeroWeights() {
        return network.nonZeroWeights(firstLayerScale());
    }

    /** Each first-layer column's owed-decay factor while some column owes one, else null. */
    private double[] firstLayerScale() {
        if (!optimizer.lazy()) {
            return null;
        }
        double[] scale = new double[options.inputs()];
        for (int k = 0; k < scale.length; k++) {
            scale[k] = optimizer.columnScale(FIRST_WEIGHT, k);
        }
        return scale;
    }

    @Override
    public long weightCount() {
        return network.weightCount();
    }

    @Override
    public double lastGradientNorm() {
        return lastGradientNorm;
    }

    @Override
    public long clippedSteps() {
        return clippedSteps;
    }

    /** Batch loss (before the step) of the last applied step; NaN before the first. */
    public double lastLoss() {
        return lastLoss;
    }

    /** Steps not applied because they would have made a parameter non-finite. */
    public long rejectedSteps() {
        return rejectedSteps;
    }

    /** Examples waiting in the batch buffer. */
    public int buffered() {
        return batch.size();
    }

    /** Layer widths: inputs, hidden widths..., outputs. */
    public int[] layerSizes() {
        return network.sizes();
    }

    /** Number of trainable values, weights, biases and normalization parameters. */
    public long parameterCount() {
        return network.parameterCount();
    }

    /**
     * Copies of all trainable parameters, flattened row-major, in PyTorch's order: per layer the
     * weight ([out][in]) and the bias (with weight normalization: the bias, weight_g [out], weight_v
     * [out][in]), then the LayerNorm weight and bias when enabled.
     */
    public double[][] parameters() {
        List<Parameter> params = network.parameters();
        double[][] copy = new double[params.size()][];
        for (int p = 0; p < copy.length; p++) {
            copy[p] = params.get(p).value().data.clone();
        }
        double[] scale = firstLayerScale();
        if (scale != null) {
            double[] w = copy[FIRST_WEIGHT];
            for (int i = 0; i < w.length; i++) {
                w[i] *= scale[i % scale.length];
            }
        }
        return copy;
    }

    /** Overwrites all parameters from arrays in the order and layout of {@link #parameters()}. */
    public void setParameters(double[][] values) {
        List<Parameter> params = network.parameters();
        if (values.length != params.size()) {
            throw new IllegalArgumentException("expected " + params.size() + " parameter arrays, got " + values.length);
        }
        optimizer.catchUp();
        for (int p = 0; p < values.length; p++) {
            double[] dst = params.get(p).value().data;
            if (values[p].length != dst.length) {
                throw new IllegalArgumentException(params.get(p).name() + ": expected " + dst.length
                        + " values, got " + values[p].length);
            }
            System.arraycopy(values[p], 0, dst, 0, dst.length);
        }
        network.refreshWeights();
    }

    @Override
    public byte typeTag() {
        return ModelCodec.TAG_MLP;
    }

    @Override
    public void writeTo(DataOutput out) throws IOException {
        MlpSnapshot.write(this, out);
    }

    // State access for MlpSnapshot.

    List<Parameter> parameterList() {
        return network.parameters();
    }

    ParameterOptimizer optimizer() {
        return optimizer;
    }

    SeededRandom random() {
        return random;
    }

    BatchBuffer batch() {
        return batch;
    }

    void restoreCounters(SeededRandom random, long clippedSteps, long rejectedSteps,
            double lastGradientNorm, double lastLoss) {
        network.refreshWeights();
        this.random = random;
        this.clippedSteps = clippedSteps;
        this.rejectedSteps = rejectedSteps;
        this.lastGradientNorm = lastGradientNorm;
        this.lastLoss = lastLoss;
    }

    /**
     * Parameters and the optimizer's state (AdamW: both moments) averaged, the optimizer's step
     * count averaged (AdamW's bias correction at one replica's step count); clipped steps averaged;
     * the random state and the partial mini-batch local. Every first-layer column's owed decay is
     * caught up first, so the values visited are the current ones and the mixed step count owes none.
     */
    @Override
    public void visitState(StateVisitor visitor) {
        optimizer.catchUp();
        optimizer.setSteps(visitor.counter(optimizer.steps(), StateVisitor.Kind.AVERAGED));
        clippedSteps = visitor.counter(clippedSteps, StateVisitor.Kind.AVERAGED);
        List<Parameter> params = network.parameters();
        for (int p = 0; p < params.size(); p++) {
            visitor.doubles(params.get(p).value().data, StateVisitor.Kind.AVERAGED);
            optimizer.visitState(p, visitor);
        }
        if (visitor.writes()) {
            network.refreshWeights();
        }
    }
}
