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

    /** Writes an optimizer's kind and settings to a snapshot. */
    @FunctionalInterface
    private interface OptimizerWriter {
        void write(DataOutput out) throws IOException;
    }

    private static void writeOptimizer(LinearOptimizerOptions o, DataOutput out) throws IOException {
        OptimizerWriter writer = o.match(
                sgd -> d -> {
                    d.writeByte(SGD);
                    d.writeDouble(sgd.learningRate());
                    d.writeByte(scheduleCode(sgd.schedule()));
                    d.writeDouble(sgd.power());
                },
                ftrl -> d -> {
                    d.writeByte(FTRL);
                    d.writeDouble(ftrl.alpha());
                    d.writeDouble(ftrl.beta());
                },
                rda -> d -> {
                    d.writeByte(RDA);
                    d.writeDouble(rda.gamma());
                });
        writer.write(out);
    }

    private static LinearOptimizerOptions readOptimizer(DataInput in) throws IOException {
        byte kind = in.readByte();
        switch (kind) {
            case SGD: {
                double learningRate = in.readDouble();
                LinearOptimizerOptions.Schedule schedule = scheduleOf(in.readByte());
                return new LinearOptimizerOptions.Sgd(learningRate, schedule, in.readDouble());
            }
            case FTRL:
                return new LinearOptimizerOptions.Ftrl(in.readDouble(), in.readDouble());
            case RDA:
                return new LinearOptimizerOptions.Rda(in.readDouble());
            default:
                throw new IOException("unknown linear optimizer kind " + kind);
        }
    }

    /** Fixed codes, independent of the enum's declaration order. */
    private static byte scheduleCode(LinearOptimizerOptions.Schedule schedule) {
        return switch (schedule) {
            case CONSTANT -> 0;
            case INVSCALING -> 1;
            case ADAGRAD -> 2;
        };
    }

    private static LinearOptimizerOptions.Schedule scheduleOf(byte code) throws IOException {
        return switch (code) {
            case 0 -> LinearOptimizerOptions.Schedule.CONSTANT;
            case 1 -> LinearOptimizerOptions.Schedule.INVSCALING;
            case 2 -> LinearOptimizerOptions.Schedule.ADAGRAD;
            default -> throw new IOException("unknown schedule code " + code);
        };
    }
}
