package io.streamlearn.cli;

import io.streamlearn.testing.KafkaTestSupport;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.streamlearn.broker.EmbeddedKafka;
import io.streamlearn.cli.Main;
import io.streamlearn.cli.RunCommand;
import io.streamlearn.feed.FeedProducer;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The {@code produce} and {@code run} commands as a user types them, against a real broker. */
class RunCommandIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void producedDiabetesRecordsArePredictedByRunUntilItIsStopped() throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.start(0)) {
            Path config = dir.resolve("streams.properties");
            Files.writeString(config, "streamlearn.topic.partitions=3\ncommit.interval.ms=50\n");
            int httpPort = freePort();
            RunCommand run = new RunCommand();
            java.io.PrintStream originalOut = System.out;
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            System.setOut(new java.io.PrintStream(out, true, java.nio.charset.StandardCharsets.UTF_8));
            try {
                CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> new CommandLine(run).execute(
                        "--topology", "topologies/diabetes.yaml", "--bootstrap-servers", kafka.bootstrapServers(),
                        "--config", config.toString(), "--state-dir", dir.resolve("state").toString(),
                        "--application-id", "run-it", "--http-port", Integer.toString(httpPort), "--http-host", "127.0.0.1"));
                try {
                    awaitHealthy(httpPort);
                    // the console's address, as the demo prints it, once the server is up
                    String console = "open http://127.0.0.1:" + httpPort + "/ (the console";
                    KafkaTestSupport.await(() -> out.toString(java.nio.charset.StandardCharsets.UTF_8).contains(console),
                            Duration.ofSeconds(10), "the line '" + console + "'");
                    produceAndRead(kafka);
                    assertModelsAreServed(httpPort);
                    assertTheConsoleIsServed(httpPort);
                } finally {
                    run.stop();
                }
                assertThat(exit.get()).isZero();
            } finally {
                System.setOut(originalOut);
                originalOut.print(out.toString(java.nio.charset.StandardCharsets.UTF_8));
            }
        }
    }

    private static void produceAndRead(EmbeddedKafka kafka) throws Exception {
        {

            int produced = Main.execute("produce", "--bootstrap-servers", kafka.bootstrapServers(),
                    "--topic", "diabetes.features", "--dataset", "diabetes", "--records", "1000", "--key-column", "id");
            assertThat(produced).isZero();

            try (KafkaConsumer<byte[], byte[]> predictions = KafkaTestSupport.committedReader(kafka.bootstrapServers(), "run-it-reader")) {
                predictions.subscribe(List.of("diabetes.predictions"));
                List<ConsumerRecord<byte[], byte[]>> out = KafkaTestSupport.read(predictions, 1000, Duration.ofSeconds(60));
                assertThat(out).hasSize(1000);
                List<Long> trainVersions = new java.util.ArrayList<>();
                for (ConsumerRecord<byte[], byte[]> r : out) {
                    JsonNode p = JSON.readTree(r.value());
                    assertThat(new String(r.key(), java.nio.charset.StandardCharsets.UTF_8)).isEqualTo(p.get("id").asText());
                    assertThat(p.get("pipeline").asText()).isEqualTo("diabetes");
                    if (p.get("split").asText().equals("train")) {
                        trainVersions.add(p.get("versions").get("ridge").asLong());
                    }
                }
                // keyed by id over three partitions, still one model: the train records saw versions 0, 1, 2, ... once each
                java.util.Collections.sort(trainVersions);
                for (int i = 0; i < trainVersions.size(); i++) {
                    assertThat(trainVersions.get(i)).isEqualTo(i);
                }
                assertThat(trainVersions.size()).isGreaterThan(800);
                assertThat(KafkaTestSupport.readAll(predictions, Duration.ofSeconds(1))).isEmpty();
            }
        }
    }

    /** Issue 26: produce --jsonl sends each line's bytes as they are, keyed by a (nested) field; --dataset payments too. */
    @Test
    void produceSendsRawEventsAsTheyAreKeyedByAField() throws Exception {
        Path jsonl = dir.resolve("events.jsonl");
        String[] lines = {
            "{\"order_id\": \"o-1\", \"device\": {\"os\": \"ios\"}, \"amount\": 12.5}",
            "{\"order_id\": \"o-2\",   \"amount\": 3}",
            "not json at all",
        };
        Files.writeString(jsonl, String.join("\n", lines) + "\n\n");
        try (EmbeddedKafka kafka = EmbeddedKafka.start(0)) {
            try (org.apache.kafka.clients.admin.Admin admin = org.apache.kafka.clients.admin.Admin.create(
                    FeedProducer.properties(kafka.bootstrapServers()))) {
                admin.createTopics(List.of(new org.apache.kafka.clients.admin.NewTopic("events", 1, (short) 1),
                        new org.apache.kafka.clients.admin.NewTopic("payments.events", 1, (short) 1))).all().get();
            }
            assertThat(Main.execute("produce", "--bootstrap-servers", kafka.bootstrapServers(), "--topic", "events",
                    "--jsonl", jsonl.toString(), "--key-field", "/device/os")).isZero();
            try (KafkaConsumer<byte[], byte[]> events = KafkaTestSupport.committedReader(kafka.bootstrapServers(), "events")) {
                events.subscribe(List.of("events"));
                List<ConsumerRecord<byte[], byte[]>> out = KafkaTestSupport.read(events, 3, Duration.ofSeconds(30));
                assertThat(out).hasSize(3);
                for (int i = 0; i < 3; i++) {
                    assertThat(new String(out.get(i).value(), java.nio.charset.StandardCharsets.UTF_8)).isEqualTo(lines[i]);
                }
                assertThat(new String(out.get(0).key(), java.nio.charset.StandardCharsets.UTF_8)).isEqualTo("ios");
                assertThat(out.get(1).key()).as("no such field: no key").isNull();
                assertThat(out.get(2).key()).as("not JSON: sent without a key, for the pipeline to dead-letter").isNull();
                assertThat(KafkaTestSupport.readAll(events, Duration.ofSeconds(1))).isEmpty();
            }
            assertThat(Main.execute("produce", "--bootstrap-servers", kafka.bootstrapServers(), "--topic", "payments.events",
                    "--dataset", "payments", "--records", "5", "--key-field", "order_id")).isZero();
            try (KafkaConsumer<byte[], byte[]> payments = KafkaTestSupport.committedReader(kafka.bootstrapServers(), "payments")) {
                payments.subscribe(List.of("payments.events"));
                List<ConsumerRecord<byte[], byte[]>> out = KafkaTestSupport.read(payments, 5, Duration.ofSeconds(30));
                java.util.Iterator<byte[]> expected = io.streamlearn.feed.dataset.Datasets.events("payments", 42);
                for (int i = 0; i < 5; i++) {
                    assertThat(out.get(i).value()).isEqualTo(expected.next());
                    assertThat(new String(out.get(i).key(), java.nio.charset.StandardCharsets.UTF_8)).isEqualTo("payments-" + i);
                }
            }
            assertThat(Main.execute("produce", "--bootstrap-servers", kafka.bootstrapServers(), "--topic", "events",
                    "--jsonl", dir.resolve("none.jsonl").toString())).isEqualTo(2);
        }
    }

    @Test
    void produceStreamsACsvFileAsFeatureRecordsKeyedByAColumn() throws Exception {
        Path csv = dir.resolve("rows.csv");
        Files.writeString(csv, "a,b,y\n1,0.5,3.0\n2,1.5,4.0\n3,2.5,\n");
        try (EmbeddedKafka kafka = EmbeddedKafka.start(0)) {
            try (org.apache.kafka.clients.admin.Admin admin = org.apache.kafka.clients.admin.Admin.create(
                    FeedProducer.properties(kafka.bootstrapServers()))) {
                admin.createTopics(List.of(new org.apache.kafka.clients.admin.NewTopic("rows", 1, (short) 1))).all().get();
            }
            assertThat(Main.execute("produce", "--bootstrap-servers", kafka.bootstrapServers(), "--topic", "rows",
                    "--csv", csv.toString(), "--label", "y", "--key-column", "a")).isZero();
            try (KafkaConsumer<byte[], byte[]> rows = KafkaTestSupport.committedReader(kafka.bootstrapServers(), "rows")) {
                rows.subscribe(List.of("rows"));
                List<ConsumerRecord<byte[], byte[]>> out = KafkaTestSupport.read(rows, 3, Duration.ofSeconds(30));
                assertThat(out).hasSize(3);
                JsonNode first = JSON.readTree(out.get(0).value());
                assertThat(new String(out.get(0).key(), java.nio.charset.StandardCharsets.UTF_8)).isEqualTo("1");
                // the key column is the id too, never a feature
                assertThat(first.get("id").asText()).isEqualTo("1");
                // the values by name, as the header names them: the pipeline matches them whatever the column order
                assertThat(first.get("features").properties()).singleElement()
                        .satisfies(e -> assertThat(e.getKey()).isEqualTo("b"))
                        .satisfies(e -> assertThat(e.getValue().asDouble()).isEqualTo(0.5));
                assertThat(first.get("label").asDouble()).isEqualTo(3.0);
                // an empty label cell: an unlabeled record, which the pipeline predicts only
                JsonNode third = JSON.readTree(out.get(2).value());
                assertThat(third.has("label") && !third.get("label").isNull()).isFalse();
            }
        }
    }

    @Test
    void aSpecThatDoesNotValidateIsRefusedWithEveryErrorBeforeConnecting() throws Exception {
        Path spec = dir.resolve("bad.yaml");
        Files.writeString(spec, """
                name: bad
                input: bad.features
                task: regression
                features: {dimension: 3}
                learners:
                  - {name: mlp, type: mlp, hidden: [8], dropout: 1.5}
                  - {name: ridge, type: linear, l2: -1}
                """);
        Run run = runCapturingErr("--topology", spec.toString(), "--bootstrap-servers", "localhost:1");
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains("learners[0].dropout").contains("learners[1].l2");
    }

    /** Refused at start, for the topics found (a scaled rate of a data-parallel replica): a message, no stack trace. */
    @Test
    void aPipelineThatCannotRunOnItsTopicsIsRefusedWithAMessage() throws Exception {
        Path spec = dir.resolve("steep.yaml");
        try (java.io.InputStream in = RunCommandIT.class.getResourceAsStream("/parallel/steep.yaml")) {
            Files.copy(in, spec);
        }
        Path config = dir.resolve("streams.properties");
        Files.writeString(config, "streamlearn.topic.partitions=4\n");
        try (EmbeddedKafka kafka = EmbeddedKafka.start(0)) {
            Run run = runCapturingErr("--topology", spec.toString(), "--bootstrap-servers", kafka.bootstrapServers(),
                    "--config", config.toString(), "--state-dir", dir.resolve("state").toString(),
                    "--application-id", "steep-it", "--http-port", "-1");
            assertThat(run.exit()).as(run.err()).isEqualTo(2);
            assertThat(run.err()).contains("pipeline steep, learner ridge trained over 4 partitions")
                    .contains("learningRate * l2 < 1").doesNotContain("\tat ");
        }
    }

    @Test
    void aBadAdvertisedAddressOrStandbyCountIsAUsageError() throws Exception {
        for (List<String> bad : List.of(List.of("--advertised-http", "no-port"), List.of("--advertised-http",
                "http://a:80"), List.of("--advertised-http", "a:8080", "--http-port", "-1"),
                List.of("--standby-replicas", "-1"))) {
            List<String> args = new java.util.ArrayList<>(List.of("--topology", "topologies/diabetes.yaml",
                    "--bootstrap-servers", "localhost:1"));
            args.addAll(bad);
            Run run = runCapturingErr(args.toArray(String[]::new));
            assertThat(run.exit()).as("%s: %s", bad, run.err()).isEqualTo(2);
            assertThat(run.err()).contains(bad.get(0));
        }
    }

    private record Run(int exit, String err) {}

    /** {@code run} with these arguments, in this JVM, its standard error captured. */
    private static Run runCapturingErr(String... args) throws Exception {
        java.io.PrintStream original = System.err;
        java.io.ByteArrayOutputStream captured = new java.io.ByteArrayOutputStream();
        int exit;
        try (java.io.PrintStream capture = new java.io.PrintStream(captured, true, "UTF-8")) {
            System.setErr(capture);
            exit = new CommandLine(new RunCommand()).execute(args);
        } finally {
            System.setErr(original);
        }
        return new Run(exit, captured.toString("UTF-8"));
    }

    /** The models as the stream thread last published them (about once a second). */
    private static void assertModelsAreServed(int port) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        JsonNode ridge = null;
        while (System.nanoTime() < deadline) {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(
                    URI.create("http://localhost:" + port + "/models/diabetes/ridge")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(200);
            ridge = JSON.readTree(r.body());
            if (ridge.get("updates").asLong() > 800) {
                break;
            }
            Thread.sleep(200);
        }
        assertThat(ridge.get("type").asText()).isEqualTo("linear");
        assertThat(ridge.get("updates").asLong()).isGreaterThan(800);
        assertThat(ridge.get("weights").has("bmi")).isTrue();
        HttpResponse<String> all = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/models")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(JSON.readTree(all.body()).get("diabetes").get("ridge").get("version").asLong())
                .isEqualTo(ridge.get("version").asLong());
        HttpResponse<String> missing = http.send(HttpRequest.newBuilder(
                URI.create("http://localhost:" + port + "/models/diabetes/nope")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(missing.statusCode()).isEqualTo(404);
    }

    /** run serves the console too (bound to 127.0.0.1 by --http-host), with the sampled series of its pipeline. */
    private static void assertTheConsoleIsServed(int port) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> page = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("/console/console.js");
        JsonNode series = JSON.readTree(http.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/api/pipelines/diabetes/series")).build(),
                HttpResponse.BodyHandlers.ofString()).body());
        assertThat(series.get("time").size()).isPositive();
        JsonNode holdout = series.at("/learners/ridge/holdout");
        assertThat(holdout.size()).isEqualTo(series.get("time").size());
        assertThat(series.at("/records/" + (series.get("time").size() - 1)).asDouble()).isPositive();
    }

    private static void awaitHealthy(int port) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/health"))
                        .build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    assertThat(r.body()).startsWith("{\"state\":\"RUNNING\",\"rebalancing\":false,");
                    return;
                }
                assertThat(r.statusCode()).isEqualTo(503);
            } catch (java.net.ConnectException notYet) {
                // the server starts with the application
            }
            Thread.sleep(100);
        }
        throw new AssertionError("run did not become healthy");
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
