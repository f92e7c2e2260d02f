package io.streamlearn.app;

import io.streamlearn.testing.CommittedState;
import io.streamlearn.testing.EmbeddedKafkaExtension;
import io.streamlearn.testing.KafkaTestSupport;
import static org.assertj.core.api.Assertions.assertThat;

import io.streamlearn.app.HostileCorpus.Slot;
import io.streamlearn.feed.FeedProducer;
import io.streamlearn.learn.ModelCodec;
import io.streamlearn.pipeline.LearningPipeline;
import io.streamlearn.pipeline.PipelineStateCodec;
import io.streamlearn.query.PipelineMonitor;
import io.streamlearn.record.FeatureRecord;
import io.streamlearn.record.RecordReader;
import io.streamlearn.record.RejectReason;
import io.streamlearn.topology.DeadLetters;
import io.streamlearn.topology.PipelineDefinition;
import io.streamlearn.vector.FeatureVector;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile input against the real broker: 100 records of each kind of {@link HostileCorpus} mixed
 * into 2,000 valid friedman1 records, for a regression and a classification pipeline in one
 * application. Read with read_committed, each bad record is in the dead-letter topic, in order,
 * with its original bytes and reason header; each valid one has one prediction; the application
 * runs on; the committed models equal those of the same valid records without the garbage.
 */
class HostileInputIT {

    private static final int VALID = 2_000;
    private static final int PER_KIND = 100;

    @RegisterExtension
    static final EmbeddedKafkaExtension kafka = new EmbeddedKafkaExtension();

    @TempDir
    Path stateDir;

    @Test
    void garbageIsDeadLetteredAndLeavesTheModelsAsTheCleanStreamMadeThem() throws Exception {
        PipelineDefinition regression = HostilePipelines.regression("hit");
        PipelineDefinition classification = HostilePipelines.classification("hit");
        HostileCorpus corpus = new HostileCorpus(HostilePipelines.DIMENSION, 3);
        Map<PipelineDefinition, List<byte[]>> valid = new LinkedHashMap<>();
        Map<PipelineDefinition, List<Slot>> slots = new LinkedHashMap<>();
        for (PipelineDefinition p : List.of(regression, classification)) {
            boolean classes = p == classification;
            valid.put(p, HostilePipelines.validRecords(VALID, classes, 17));
            slots.put(p, corpus.mix(VALID, PER_KIND, classes));
        }
        try (StreamlearnApp app = StreamlearnApp.start(List.of(regression, classification), AppSettings.resolve(null, Map.of(),
                Map.of(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                        StreamsConfig.APPLICATION_ID_CONFIG, "hostile-it",
                        StreamsConfig.STATE_DIR_CONFIG, stateDir.toString())), -1)) {
            try (KafkaProducer<byte[], byte[]> producer = FeedProducer.open(kafka.bootstrapServers())) {
                for (PipelineDefinition p : slots.keySet()) {
                    for (Slot s : slots.get(p)) {
                        byte[] value = s.bad() ? corpus.record(s.kind(), s.n()) : valid.get(p).get(s.valid());
                        producer.send(new ProducerRecord<>(p.input().name(), value));
                    }
                }
            }
            for (PipelineDefinition p : slots.keySet()) {
                PipelineMonitor monitor = app.monitors().get(p.name());
                long bad = slots.get(p).stream().filter(Slot::bad).count();
                KafkaTestSupport.await(() -> monitor.processed() == VALID && monitor.rejected() == bad,
                        Duration.ofSeconds(120), p.name() + "'s records");
            }
            assertThat(app.state()).isEqualTo(KafkaStreams.State.RUNNING);
        }
        for (PipelineDefinition p : slots.keySet()) {
            List<ConsumerRecord<byte[], byte[]>> letters = new ArrayList<>();
            CommittedState.readToEnd(client(), p.deadLetter().name(), letters::add);
            List<Slot> bad = slots.get(p).stream().filter(Slot::bad).toList();
            assertThat(letters).hasSize(bad.size());
            Map<RejectReason, Integer> byReason = new EnumMap<>(RejectReason.class);
            for (int i = 0; i < bad.size(); i++) {
                Slot s = bad.get(i);
                assertThat(letters.get(i).value()).as("%s #%d", s.kind(), s.n()).isEqualTo(corpus.record(s.kind(), s.n()));
                String error = new String(letters.get(i).headers().lastHeader(DeadLetters.ERROR_HEADER).value(), StandardCharsets.UTF_8);
                assertThat(error).as("%s #%d", s.kind(), s.n()).startsWith(s.kind().reason.label() + ": ");
                byReason.merge(s.kind().reason, 1, Integer::sum);
            }
            assertThat(byReason.keySet()).hasSizeGreaterThanOrEqualTo(5);
            Set<String> ids = new HashSet<>();
            CommittedState.readToEnd(client(), p.output().name(), r -> assertThat(ids.add(new String(r.value(), StandardCharsets.UTF_8)
                    .split("\"")[3])).as("one prediction per id").isTrue());
            assertThat(ids).hasSize(VALID);
            List<byte[]> committed = CommittedState.pipeline(client(), "hostile-it", p);
            List<byte[]> clean = cleanRun(p, valid.get(p));
            for (int i = 0; i < clean.size(); i++) {
                String part = i < p.learnerNames().size() ? p.learnerNames().get(i) : "evaluation state";
                assertThat(committed.get(i)).as("%s: %s", p.name(), part).isEqualTo(clean.get(i));
            }
        }
    }

    /**
     * The state after the valid records alone, through the pipeline's learning loop as the processor
     * runs it (read, then {@link LearningPipeline#process}); the test driver shows the processor
     * does exactly this ({@code HostileInputTest}).
     */
    private static List<byte[]> cleanRun(PipelineDefinition p, List<byte[]> records) throws Exception {
        LearningPipeline pipeline = p.blueprint().newPipeline();
        RecordReader reader = new RecordReader(p.schema());
        for (byte[] r : records) {
            FeatureRecord f = reader.fromJson(r, "unused");
            pipeline.process(f.id(), FeatureVector.dense(f.features()), f.label());
        }
        List<byte[]> s = new ArrayList<>();
        for (String learner : p.learnerNames()) {
            s.add(ModelCodec.toBytes(pipeline.model(learner)));
        }
        s.add(PipelineStateCodec.write(pipeline));
        return s;
    }

    private static Properties client() {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        return p;
    }
}
