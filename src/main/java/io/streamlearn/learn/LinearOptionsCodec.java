package io.streamlearn.learn;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * {@link LinearOptions} in a linear model's snapshot payload (version 1): dimension, classes (int);
 * l1, l2, noise (double); seed (long); the optimizer's kind (byte) and settings. Codes are fixed here,
 * independent of declaration order, so that old snapshots keep their meaning.
 */
final class LinearOptionsCodec {

    private static final byte SGD = 1;
    private static final byte FTRL = 2;
    private static final byte RDA = 3;

    private LinearOptionsCodec() {}

    static void write(LinearOptions options, DataOutput out) throws IOException {
        out.writeInt(options.dimension());
        out.writeInt(options.classes());
        out.writeDouble(options.l1());
        out.writeDouble(options.l2());
        out.writeDouble(options.noise());
        out.writeLong(options.seed());
        writeOptimizer(options.optimizer(), out);
    }

    static LinearOptions read(DataInput in) throws IOException {
        int dimension = in.readInt();
        int classes = in.readInt();
        double l1 = in.readDouble();
        double l2 = in.readDouble();
        double noise = in.readDouble();
        long seed = in.readLong();
        return new LinearOptions(dimension, classes, l1, l2, readOptimizer(in), noise, seed);
    }

    private static void writeOptimizer(OptimizerOptions o, DataOutput out) throws IOException {
        if (o instanceof OptimizerOptions.Sgd sgd) {
            out.writeByte(SGD);
            out.writeDouble(sgd.learningRate());
            out.writeByte(scheduleCode(sgd.schedule()));
            out.writeDouble(sgd.power());
        } else if (o instanceof OptimizerOptions.Ftrl ftrl) {
            out.writeByte(FTRL);
            out.writeDouble(ftrl.alpha());
            out.writeDouble(ftrl.beta());
        } else if (o instanceof OptimizerOptions.Rda rda) {
            out.writeByte(RDA);
            out.writeDouble(rda.gamma());
        } else {
            throw new IllegalStateException("not a linear optimizer: " + o);
        }
    }

    private static OptimizerOptions readOptimizer(DataInput in) throws IOException {
        byte kind = in.readByte();
        switch (kind) {
            case SGD: {
                double learningRate = in.readDouble();
                OptimizerOptions.Schedule schedule = scheduleOf(in.readByte());
                return new OptimizerOptions.Sgd(learningRate, schedule, in.readDouble());
            }
            case FTRL:
                return new OptimizerOptions.Ftrl(in.readDouble(), in.readDouble());
            case RDA:
                return new OptimizerOptions.Rda(in.readDouble());
            default:
                throw new IOException("unknown linear optimizer kind " + kind);
        }
    }

    /** Fixed codes, independent of the enum's declaration order. */
    private static byte scheduleCode(OptimizerOptions.Schedule schedule) {
        return switch (schedule) {
            case CONSTANT -> 0;
            case INVSCALING -> 1;
            case ADAGRAD -> 2;
        };
    }

    private static OptimizerOptions.Schedule scheduleOf(byte code) throws IOException {
        return switch (code) {
            case 0 -> OptimizerOptions.Schedule.CONSTANT;
            case 1 -> OptimizerOptions.Schedule.INVSCALING;
            case 2 -> OptimizerOptions.Schedule.ADAGRAD;
            default -> throw new IOException("unknown schedule code " + code);
        };
    }
}
