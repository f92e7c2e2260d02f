package io.streamlearn.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamlearn.eval.EvaluationSettings;
import io.streamlearn.learn.OnlineModel;
import io.streamlearn.vector.FeatureVector;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The pipeline on sparse feature vectors: its reservoirs, its stored state, its (absent) standardization. */
class SparsePipelineTest {

    private static final int D = 40;
    private static final EvaluationSettings SETTINGS = new EvaluationSettings(0.2, 64, 37, 50);

    /** 2000 records of about 4 nonzeros in 40 columns, every 7th unlabeled. */
    private static double[][] xs;
    private static double[] ys;

    private static synchronized void data() {
        if (xs != null) {
            return;
        }
        Random random = new Random(5);
        xs = new double[2000][D];
        ys = new double[2000];
        for (int i = 0; i < xs.length; i++) {
            for (int j = 0; j < D; j++) {
                xs[i][j] = random.nextInt(10) == 0 ? 1 + random.nextGaussian() : 0.0;
            }
            ys[i] = i % 7 == 6 ? Double.NaN : xs[i][0] - 2 * xs[i][3] + 0.1 * random.nextGaussian();
        }
    }

    private static LinkedHashMap<String, OnlineModel> models(OnlineModel fast, OnlineModel slow) {
        LinkedHashMap<String, OnlineModel> m = new LinkedHashMap<>();
        m.put("fast", fast);
        m.put("slow", slow);
        return m;
    }

    /**
     * Without standardization, a pipeline fed the sparse vectors predicts, trains and scores its
     * reservoirs exactly as one fed their dense copies: the test model sums the same products in the
     * same order, skipping zeros (bit for bit).
     */
    @Test
    void sparseRecordsGiveTheFiguresOfTheirDenseCopies() {
        data();
        LearningPipeline dense = new LearningPipeline("p", D, 0, false, SETTINGS,
                models(new TinySgdRegressor(D, 0.01), new TinySgdRegressor(D, 0.001)));
        LearningPipeline sparse = new LearningPipeline("p", D, 0, false, SETTINGS,
                models(new TinySgdRegressor(D, 0.01), new TinySgdRegressor(D, 0.001)));
        FeatureVector x = FeatureVector.sparse(D, 4);
        for (int i = 0; i < xs.length; i++) {
            StepResult rd = dense.process("r-" + i, FeatureVector.dense(xs[i]), ys[i]);
            double fast = rd.prediction(0)[0];
            fill(x, xs[i]);
            StepResult rs = sparse.process("r-" + i, x, ys[i]);
            assertThat(rs.split()).isEqualTo(rd.split());
            assertThat(Double.doubleToRawLongBits(rs.prediction(0)[0])).as("record %d", i)
                    .isEqualTo(Double.doubleToRawLongBits(fast));
        }
        for (String l : dense.learnerNames()) {
            assertThat(sparse.stats(l)).isEqualTo(dense.stats(l));
            assertThat(sparse.stats(l).holdoutLoss()).isFinite();
        }
    }

    /**
     * The stored state of a pipeline whose reservoirs hold sparse rows restores, and the restored
     * pipeline continues bit-identically.
     */
    @Test
    void aRestoredSparsePipelineContinuesBitIdentically() throws IOException {
        data();
        TinySgdRegressor fast = new TinySgdRegressor(D, 0.01);
        TinySgdRegressor slow = new TinySgdRegressor(D, 0.001);
        LearningPipeline a = new LearningPipeline("p", D, 0, true, SETTINGS, models(fast, slow));
        FeatureVector x = FeatureVector.sparse(D, 4);
        for (int i = 0; i < 1200; i++) {
            fill(x, xs[i]);
            a.process("r-" + i, x, ys[i]);
        }
        byte[] state = PipelineStateCodec.write(a);
        LearningPipeline b = PipelineStateCodec.restore(new LearningPipeline("p", D, 0, true, SETTINGS,
                models(TinySgdRegressor.fromBytes(fast.toBytes()), TinySgdRegressor.fromBytes(slow.toBytes()))), state);
        assertThat(PipelineStateCodec.write(b)).isEqualTo(state);
        for (int i = 1200; i < xs.length; i++) {
            fill(x, xs[i]);
            StepResult ra = a.process("r-" + i, x, ys[i]);
            double pa = ra.prediction(1)[0];
            StepResult rb = b.process("r-" + i, x, ys[i]);
            assertThat(Double.doubleToRawLongBits(rb.prediction(1)[0])).isEqualTo(Double.doubleToRawLongBits(pa));
        }
        for (String l : a.learnerNames()) {
            assertThat(b.stats(l)).isEqualTo(a.stats(l));
        }
        assertThat(PipelineStateCodec.write(b)).isEqualTo(PipelineStateCodec.write(a));
    }

    /** standardize: true scales dense records only; a sparse record reaches the models as given. */
    @Test
    void sparseRecordsAreNotStandardized() {
        data();
        RecordingModel recording = new RecordingModel(new TinySgdRegressor(D, 0.01), false);
        LinkedHashMap<String, OnlineModel> m = new LinkedHashMap<>();
        m.put("r", recording);
        LearningPipeline p = new LearningPipeline("p", D, 0, true, new EvaluationSettings(0.0, 64, 37, 50), m);
        FeatureVector x = FeatureVector.sparse(D, 4);
        for (int i = 0; i < 50; i++) {
            fill(x, xs[i]);
            p.process("r-" + i, x, i);
            assertThat(recording.lastTrainX).as("record %d", i).containsExactly(xs[i]);
        }
        assertThat(p.standardizer().count()).as("sparse records leave the statistics alone").isZero();
        p.process("d", FeatureVector.dense(xs[0]), 1.0);
        assertThat(p.standardizer().count()).isEqualTo(1);
    }

    /** Refills the reused sparse vector x with the nonzeros of {@code dense}. */
    private static void fill(FeatureVector x, double[] dense) {
        x.clear();
        for (int j = 0; j < dense.length; j++) {
            if (dense[j] != 0.0) {
                x.add(j, dense[j]);
            }
        }
        x.finish();
    }
}
