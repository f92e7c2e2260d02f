package io.streamlearn.pipeline;

import io.streamlearn.learn.ByteSink;
import io.streamlearn.learn.ModelCodec;
import io.streamlearn.learn.OnlineModel;
import io.streamlearn.spec.SpecParser;
import io.streamlearn.vector.FeatureVector;
import java.nio.file.Path;
import java.util.Random;

/**
 * Bytes of one key's state by component after n records (bench/results/keys-2026-12-08.md): run
 * {@code javac -cp target/streamlearn.jar -d /tmp/sb bench/tools/StateBytes.java &&
 * java -cp target/streamlearn.jar:/tmp/sb io.streamlearn.pipeline.StateBytes topologies/bench-key.yaml 2 10 200}.
 * In package pipeline to read the sections PipelineStateCodec writes; not part of the application.
 */
public final class StateBytes {

    public static void main(String[] args) throws Exception {
        PipelineBlueprint blueprint = PipelineBlueprint.of(SpecParser.parse(Path.of(args[0])));
        System.out.println("| records of the key | learner models (each: total = weights + optimizer, options, random, batch) "
                + "| scaler | train reservoir | holdout reservoir | evaluators | evaluation value | key's state |");
        System.out.println("| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: |");
        for (int a = 1; a < args.length; a++) {
            int n = Integer.parseInt(args[a]);
            LearningPipeline p = blueprint.newPipeline();
            Random r = new Random(7);
            double[] x = new double[p.dimension()];
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < x.length; j++) {
                    x[j] = r.nextDouble();
                }
                double y = 10 * Math.sin(Math.PI * x[0] * x[1]) + 20 * (x[2] - 0.5) * (x[2] - 0.5) + 10 * x[3]
                        + 5 * x[4] + r.nextGaussian();
                p.process("k-" + i, FeatureVector.dense(x.clone()), y);
            }
            StringBuilder models = new StringBuilder();
            long total = 0;
            for (LearnerSlot s : p.slots()) {
                OnlineModel m = s.model();
                int bytes = ModelCodec.toBytes(m).length;
                total += bytes;
                models.append(String.format("%s %,d = %,d + %,d; ", s.name(), bytes, 8 * m.weightCount(),
                        bytes - 8 * m.weightCount()));
            }
            int scaler = p.scaling.standardizer == null ? 0
                    : ByteSink.encode(64, out -> p.scaling.standardizer.writeTo(out)).length;
            int train = ByteSink.encode(64, out -> p.trainRecords.writeTo(out)).length;
            int holdout = ByteSink.encode(64, out -> p.holdoutRecords.writeTo(out)).length;
            int evaluators = 0;
            for (LearnerSlot s : p.slots()) {
                evaluators += ByteSink.encode(64, out -> s.writeEvaluation(out)).length;
            }
            int evaluation = PipelineStateCodec.write(p).length;
            total += evaluation;
            System.out.printf("| %,d | %s| %,d | %,d | %,d | %,d | %,d | %,d |%n", n, models, scaler, train, holdout,
                    evaluators, evaluation, total);
        }
    }
}
