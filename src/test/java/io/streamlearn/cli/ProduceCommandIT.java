package io.streamlearn.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.streamlearn.testing.KafkaTestSupport;
import io.streamlearn.broker.EmbeddedKafka;
import io.streamlearn.testing.ReferenceFiles;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code produce} as a user types it, against a real broker and a running pipeline. */
class ProduceCommandIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> LEARNERS = List.of("ridge", "lasso", "lasso-ftrl", "mlp");

    @TempDir
    Path dir;

    /**
     * The diabetes CSV with a column of string ids and its columns shuffled, produced with
     * {@code --key-column id} and learned by {@code run}, gives the models {@code replay --id-column id}
     * learns from the file in its own order: produce sends the values by name, and the id column is
     * the records' key and id, never a feature.
     */
    @Test
    void aCsvWithShuffledColumnsTrainsTheModelsReplayTrainsFromTheOrderedFile() throws Exception {
        List<String> lines = new ArrayList<>(Files.readAllLines(ReferenceFiles.path("diabetes_standardized.csv"),
                StandardCharsets.UTF_8));
        for (int row = 0; row < lines.size(); row++) {
            lines.set(row, (row == 0 ? "id" : "patient-" + row) + "," + lines.get(row));
        }
        Path ordered = dir.resolve("ordered.csv");
        Files.write(ordered, lines);
        Path shuffled = dir.resolve("shuffled.csv");
        Files.write(shuffled, shuffleColumns(lines));

        Path replayed = dir.resolve("replayed.json");
        assertThat(Main.execute("replay", "--topology", "topologies/diabetes.yaml", "--csv", ordered.toString(),
                "--label", "target", "--id-column", "id", "--dump-models", replayed.toString())).isZero();
        JsonNode expected = JSON.readTree(replayed.toFile()).get("learners");

        try (EmbeddedKafka kafka = EmbeddedKafka.start(0)) {
            Path config = dir.resolve("streams.properties");
            Files.writeString(config, "streamlearn.topic.partitions=1\ncommit.interval.ms=50\n");
            int httpPort = freePort();
            RunCommand run = new RunCommand();
            CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> new CommandLine(run).execute(
                    "--topology", "topologies/diabetes.yaml", "--bootstrap-servers", kafka.bootstrapServers(),
                    "--config", config.toString(), "--state-dir", dir.resolve("state").toString(),
                    "--application-id", "produce-it", "--http-port", Integer.toString(httpPort),
                    "--http-host", "127.0.0.1"));
            try {
                assertThat(Main.execute("produce", "--bootstrap-servers", kafka.bootstrapServers(),
                        "--topic", "diabetes.features", "--csv", shuffled.toString(), "--label", "target",
                        "--key-column", "id")).isZero();
                try (KafkaConsumer<byte[], byte[]> predictions =
                             KafkaTestSupport.committedReader(kafka.bootstrapServers(), "produce-it-reader")) {
                    predictions.subscribe(List.of("diabetes.predictions"));
                    List<ConsumerRecord<byte[], byte[]>> out = KafkaTestSupport.read(predictions, 442, Duration.ofSeconds(90));
                    assertThat(out).hasSize(442);
                    for (int i = 0; i < out.size(); i++) {
                        assertThat(new String(out.get(i).key(), StandardCharsets.UTF_8)).isEqualTo("patient-" + (i + 1));
                        assertThat(JSON.readTree(out.get(i).value()).get("id").asText()).isEqualTo("patient-" + (i + 1));
                    }
                }
                for (String learner : LEARNERS) {
                    JsonNode served = awaitModel(httpPort, learner, expected.get(learner).get("updates").asLong());
                    assertThat(served.get("weights")).as(learner).isEqualTo(expected.get(learner).get("weights"));
                    assertThat(served.get("intercept")).as(learner).isEqualTo(expected.get(learner).get("intercept"));
                    assertThat(served.get("l2Norm")).as(learner).isEqualTo(expected.get(learner).get("l2Norm"));
                    assertThat(served.get("version")).as(learner).isEqualTo(expected.get(learner).get("version"));
                }
            } finally {
                run.stop();
            }
            assertThat(exit.get()).isZero();
        }
    }

    /** The columns in another order: the label first, the rest reversed. */
    private static List<String> shuffleColumns(List<String> lines) {
        List<String> out = new ArrayList<>();
        for (String line : lines) {
            List<String> cells = new ArrayList<>(Arrays.asList(line.split(",", -1)));
            String label = cells.remove(cells.size() - 1);
            java.util.Collections.reverse(cells);
            cells.add(0, label);
            out.add(String.join(",", cells));
        }
        assertThat(out.get(0)).startsWith("target,s6,s5,").endsWith(",age,id");
        return out;
    }

    /** The learner's model as published once it has taken {@code updates} steps. */
    private static JsonNode awaitModel(int port, String learner, long updates) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        JsonNode model = null;
        while (System.nanoTime() < deadline) {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(
                    "http://127.0.0.1:" + port + "/models/diabetes/" + learner)).build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() == 200) {
                model = JSON.readTree(r.body());
                if (model.get("updates").asLong() >= updates) {
                    return model;
                }
            }
            Thread.sleep(200);
        }
        throw new AssertionError(learner + " did not reach " + updates + " updates: " + model);
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
