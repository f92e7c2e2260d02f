package io.streamlearn.learn;

import io.streamlearn.learn.linear.AdaGrad;
import io.streamlearn.learn.linear.ElasticNetProx;
import io.streamlearn.learn.linear.FtrlProximal;
import io.streamlearn.learn.linear.L1Rda;
import io.streamlearn.learn.linear.LearningRateSchedule;
import io.streamlearn.learn.linear.LinearOptimizer;
import io.streamlearn.learn.linear.LogisticLoss;
import io.streamlearn.learn.linear.ProximalSgd;
import io.streamlearn.learn.linear.ScoreLoss;
import io.streamlearn.learn.linear.SoftmaxLoss;
import io.streamlearn.learn.linear.SquaredLoss;
import io.streamlearn.vector.FeatureVector;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * A linear model with an unpenalized intercept per weight row: least squares (classes = 0, one
 * output), logistic regression (classes = 2, one weight row, outputs [P(0), P(1)]) or softmax
 * regression (classes = K > 2, K rows, K outputs). It minimizes, online, the mean loss
 * + l1 ||w||_1 + (l2/2) ||w||^2 with the optimizer of its {@link LinearOptions}.
 *
 * <p>A dense {@link FeatureVector} takes the optimizer's dense loops; a sparse one its sparse
 * scores and step, which touch only the vector's nonzero columns and catch the other weights up
 * lazily (their owed penalty steps applied when next read), giving the same weights as the dense
 * path on the dense copy to rounding, 1e-12 on weights of order 1 ({@code SparseDenseEquivalenceTest}):
 * the sparse score adds the intercept first, the dense one last, and the owed shrink factors are
 * multiplied together before they are applied.
 *
 * <p>Training adds Gaussian noise of standard deviation {@code noise} to the features when
 * {@code noise > 0} (to every feature on the dense path; to the given nonzero values only on the
 * sparse path, which would otherwise become dense). A step that would make a parameter NaN or
 * infinite is not applied: the model, its random state included, stays as it was.
 */
public final class LinearModel implements OnlineModel {

    /** First byte of this model's payload; bump it when the layout changes and keep reading the old. */
    private static final byte PAYLOAD_VERSION = 1;

    private final LinearOptions options;
    private final ScoreLoss loss;
    private final LinearOptimizer optimizer;
    private SeededRandom random;
    private final double[] scores;
    /** Per row of a batch prediction; grown to the largest batch seen. */
    private double[][] batchScores = new double[0][];
    /** The dense rows of a batch prediction (the vectors' own arrays); grown with {@link #batchScores}. */
    private double[][] batchRows = new double[0][];
    private final double[] scoreGradient;
    private final double[] noisy;
    private double[] noisyValues = new double[0];
    private double lastGradientNorm = Double.NaN;

    private LinearModel(LinearOptions options, ScoreLoss loss, LinearOptimizer optimizer) {
        this.options = options;
        this.loss = loss;
        this.optimizer = optimizer;
        this.random = new SeededRandom(options.seed());
        this.scores = new double[loss.rows()];
        this.scoreGradient = new double[loss.rows()];
        this.noisy = new double[options.dimension()];
    }

    /** A fresh model (all weights and intercepts 0) for {@code options}; throws if they are invalid. */
    public static LinearModel create(LinearOptions options) {
        if (options.dimension() < 1) {
            throw new IllegalArgumentException("dimension must be >= 1, got " + options.dimension());
        }
        if (options.classes() < 0 || options.classes() == 1) {
            throw new IllegalArgumentException("classes must be 0 (regression) or >= 2, got " + options.classes());
        }
        if (!(options.noise() >= 0) || Double.isInfinite(options.noise())) {
            throw new IllegalArgumentException("noise must be finite and >= 0, got " + options.noise());
        }
        ScoreLoss loss = switch (options.classes()) {
            case 0 -> new SquaredLoss();
            case 2 -> new LogisticLoss();
            default -> new SoftmaxLoss(options.classes());
        };
        return new LinearModel(options, loss, optimizerFor(options, loss.rows()));
    }

    private static LinearOptimizer optimizerFor(LinearOptions options, int rows) {
        ElasticNetProx penalty = new ElasticNetProx(options.l1(), options.l2());
        int d = options.dimension();
        return options.optimizer().match(
                sgd -> switch (sgd.schedule()) {
                    case CONSTANT -> new ProximalSgd(
                            rows, d, LearningRateSchedule.constant(sgd.learningRate()), sgd.learningRate(), penalty);
                    case INVSCALING -> new ProximalSgd(rows, d,
                            LearningRateSchedule.inverseScaling(sgd.learningRate(), sgd.power()), sgd.learningRate(),
                            penalty);
                    case ADAGRAD -> new AdaGrad(rows, d, sgd.learningRate(), penalty);
                },
                ftrl -> new FtrlProximal(rows, d, ftrl.alpha(), ftrl.beta(), penalty),
                rda -> new L1Rda(rows, d, rda.gamma(), penalty));
    }

    public LinearOptions options() {
        return options;
    }

    @Override
    public int inputDimension() {
        return options.dimension();
    }

    @Override
    public int outputDimension() {
        return loss.outputs();
    }

    /** Number of weight rows: 1 for regression and binary classification, K for softmax. */
    public int rows() {
        return loss.rows();
    }

    @Override
    public void predict(FeatureVector x, double[] out) {
        checkDimension(x);
        if (x.isSparse()) {
            optimizer.scores(x.indices(), x.values(), x.nonZeros(), scores);
        } else {
            optimizer.scores(x.denseValues(), scores);
        }
        loss.output(scores, out);
    }

    /**
     * As n calls of {@link #predict(FeatureVector, double[])}: dense rows are scored by the optimizer
     * in one call; when some row is sparse, row by row.
     */
    @Override
    public void predict(FeatureVector[] xs, int n, double[][] out) {
        if (batchScores.length < n) {
            batchScores = new double[n][loss.rows()];
            batchRows = new double[n][];
        }
        for (int i = 0; i < n; i++) {
            checkDimension(xs[i]);
            if (xs[i].isSparse()) {
                for (int r = 0; r < n; r++) {
                    predict(xs[r], out[r]);
                }
                return;
            }
            batchRows[i] = xs[i].denseValues();
        }
        optimizer.scores(batchRows, n, batchScores);
        for (int i = 0; i < n; i++) {
            loss.output(batchScores[i], out[i]);
        }
    }

    /**
     * One optimizer step on (x, label): s = W x + b; g = dL/ds; then the optimizer's step, dense or
     * sparse as x is. The label is the target, or the class index for a classifier (which throws on
     * anything else).
     */
    @Override
    public TrainResult train(FeatureVector x, double label) {
        checkDimension(x);
        return x.isSparse()
                ? trainSparse(x.indices(), x.values(), x.nonZeros(), label)
                : trainDense(x.denseValues(), label);
    }

    private TrainResult trainDense(double[] x, double label) {
        long randomState = random.state();
        double[] input = x;
        if (options.noise() > 0) {
            // x~ = x + noise N(0, I), training only
            for (int j = 0; j < x.length; j++) {
                noisy[j] = x[j] + options.noise() * random.nextGaussian();
            }
            input = noisy;
        }
        optimizer.scores(input, scores);
        loss.gradient(scores, label, scoreGradient);
        if (!optimizer.step(input, scoreGradient)) {
            return reject(randomState);
        }
        lastGradientNorm = gradientNorm(input, input.length);
        return TrainResult.STEPPED;
    }

    /** {@link #train} on the sparse vector (indices, values, nnz): touches only those features. */
    private TrainResult trainSparse(int[] indices, double[] values, int nnz, double label) {
        long randomState = random.state();
        double[] input = values;
        if (options.noise() > 0) {
            if (noisyValues.length < nnz) {
                noisyValues = new double[nnz];
            }
            for (int i = 0; i < nnz; i++) {
                noisyValues[i] = values[i] + options.noise() * random.nextGaussian();
            }
            input = noisyValues;
        }
        optimizer.scores(indices, input, nnz, scores);
        loss.gradient(scores, label, scoreGradient);
        if (!optimizer.step(indices, input, nnz, scoreGradient)) {
            return reject(randomState);
        }
        lastGradientNorm = gradientNorm(input, nnz);
        return TrainResult.STEPPED;
    }

    /** Norm of the data-term gradient over weights and intercepts: sqrt(sum_k g_k^2 (||x||^2 + 1)). */
    private double gradientNorm(double[] values, int count) {
        double xx = 1.0;
        for (int i = 0; i < count; i++) {
            xx += values[i] * values[i];
        }
        double gg = 0;
        for (double g : scoreGradient) {
            gg += g * g;
        }
        return Math.sqrt(gg * xx);
    }

    private TrainResult reject(long randomState) {
        if (random.state() != randomState) {
            random = new SeededRandom(randomState);
        }
        return TrainResult.rejected("the step would make a parameter NaN or infinite");
    }

    private void checkDimension(FeatureVector x) {
        if (x.width() != options.dimension()) {
            throw new IllegalArgumentException("expected " + options.dimension() + " features, got " + x.width());
        }
    }

    /** The weights of {@code row}, every owed penalty step applied; a copy. */
    public double[] weights(int row) {
        double[] w = new double[options.dimension()];
        for (int j = 0; j < w.length; j++) {
            w[j] = optimizer.weight(row, j);
        }
        return w;
    }

    /** The weight of feature j in {@code row}, every owed penalty step applied. */
    public double weight(int row, int feature) {
        return optimizer.weight(row, feature);
    }

    public double intercept(int row) {
        return optimizer.intercept(row);
    }

    /** The intercepts, one per row; a copy. */
    public double[] intercepts() {
        double[] b = new double[rows()];
        for (int k = 0; k < b.length; k++) {
            b[k] = optimizer.intercept(k);
        }
        return b;
    }

    @Override
    public long updates() {
        return optimizer.steps();
    }

    @Override
    public double weightsL1() {
        double sum = 0;
        for (int k = 0; k < rows(); k++) {
            for (int j = 0; j < options.dimension(); j++) {
                sum += Math.abs(optimizer.weight(k, j));
            }
        }
        return sum;
    }

    @Override
    public double weightsL2() {
        double sum = 0;
        for (int k = 0; k < rows(); k++) {
            for (int j = 0; j < options.dimension(); j++) {
                double w = optimizer.weight(k, j);
                sum += w * w;
            }
        }
        return Math.sqrt(sum);
    }

    @Override
    public long nonZeroWeights() {
        long count = 0;
        for (int k = 0; k < rows(); k++) {
            for (int j = 0; j < options.dimension(); j++) {
                if (optimizer.weight(k, j) != 0.0) {
                    count++;
                }
            }
        }
        return count;
    }

    @Override
    public long weightCount() {
        return (long) rows() * options.dimension();
    }

    /** sqrt(sum_k g_k^2 (||x||^2 + 1)) at the last step; NaN before the first. Linear models never clip. */
    @Override
    public double lastGradientNorm() {
        return lastGradientNorm;
    }

    @Override
    public long clippedSteps() {
        return 0;
    }

    @Override
    public byte typeTag() {
        return ModelCodec.TAG_LINEAR;
    }

    /**
     * Payload version 1: version byte; dimension, classes (int); l1, l2, noise (double); seed (long);
     * optimizer kind (byte) and its settings; random state (long); last gradient norm (double); the
     * optimizer's state ({@link LinearOptimizer#writeState}: step counter, parameters or FTRL z/n or
     * RDA sums, AdaGrad accumulators, and the lazy bookkeeping while some weights lag behind).
     */
    @Override
    public void writeTo(DataOutput out) throws IOException {
        out.writeByte(PAYLOAD_VERSION);
        LinearOptionsCodec.write(options, out);
        out.writeLong(random.state());
        out.writeDouble(lastGradientNorm);
        optimizer.writeState(out);
    }

    static LinearModel readFrom(DataInput in) throws IOException {
        byte version = in.readByte();
        if (version != PAYLOAD_VERSION) {
            throw new IOException("unsupported linear model payload version " + version);
        }
        LinearOptions options = LinearOptionsCodec.read(in);
        LinearModel model;
        try {
            model = create(options);
        } catch (IllegalArgumentException e) {
            throw new IOException("invalid linear model settings: " + e.getMessage(), e);
        }
        model.random = new SeededRandom(in.readLong());
        model.lastGradientNorm = in.readDouble();
        model.optimizer.readState(in);
        return model;
    }

    /** The optimizer's parameters and state ({@link LinearOptimizer#visitState}); the random state is local. */
    @Override
    public void visitState(StateVisitor visitor) {
        long state = visitor.counter(random.state(), StateVisitor.Kind.LOCAL);
        if (state != random.state()) {
            random = new SeededRandom(state);
        }
        optimizer.visitState(visitor);
    }
}
