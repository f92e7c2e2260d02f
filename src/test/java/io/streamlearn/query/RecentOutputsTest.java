package io.streamlearn.query;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The rings of the console's "recent" panel: bounded, newest first, the same arrays the pipeline emitted. */
class RecentOutputsTest {

    @Test
    void keepsTheLastTwentyPredictionsNewestFirstByReference() {
        RecentOutputs recent = new RecentOutputs();
        assertThat(recent.predictions()).isEmpty();
        List<byte[]> emitted = new ArrayList<>();
        for (int i = 0; i < 45; i++) {
            byte[] value = ("{\"id\":\"r-" + i + "\"}").getBytes(StandardCharsets.UTF_8);
            emitted.add(value);
            recent.predicted(value);
        }
        List<byte[]> kept = recent.predictions();
        assertThat(kept).hasSize(RecentOutputs.CAPACITY);
        for (int k = 0; k < kept.size(); k++) {
            assertThat(kept.get(k)).isSameAs(emitted.get(44 - k)); // no copy
        }
        JsonNode json = recent.toJson();
        assertThat(json.get("predicted").asLong()).isEqualTo(45);
        assertThat(json.at("/predictions/0/id").asText()).isEqualTo("r-44");
        assertThat(json.at("/predictions/19/id").asText()).isEqualTo("r-25");
    }

    @Test
    void fewerThanTwentyAreAllKept() {
        RecentOutputs recent = new RecentOutputs();
        recent.predicted("{\"id\":\"a\"}".getBytes(StandardCharsets.UTF_8));
        recent.predicted("{\"id\":\"b\"}".getBytes(StandardCharsets.UTF_8));
        assertThat(recent.toJson().get("predictions").toString()).isEqualTo("[{\"id\":\"b\"},{\"id\":\"a\"}]");
    }

    @Test
    void aDeadLetterKeepsItsReasonMessageAndTheStartOfItsValue() {
        RecentOutputs recent = new RecentOutputs();
        recent.deadLettered(7, "not_json: Unexpected character ('n')", "not json".getBytes(StandardCharsets.UTF_8));
        byte[] big = "x".repeat(10_000).getBytes(StandardCharsets.UTF_8);
        recent.deadLettered(8, "too_large: record of 10000 bytes over 4096", big);
        recent.deadLettered(9, "unknown_id", null);
        List<RecentOutputs.DeadLetter> kept = recent.deadLetters();
        assertThat(kept).extracting(RecentOutputs.DeadLetter::reason).containsExactly("unknown_id", "too_large", "not_json");
        assertThat(kept.get(2)).isEqualTo(new RecentOutputs.DeadLetter(7, "not_json", "Unexpected character ('n')",
                "not json", 8));
        assertThat(kept.get(1).value()).hasSize(RecentOutputs.PREVIEW_BYTES);
        assertThat(kept.get(1).valueBytes()).isEqualTo(10_000);
        assertThat(kept.get(0).message()).isEmpty();
        assertThat(kept.get(0).value()).isNull();
        JsonNode json = recent.toJson();
        assertThat(json.get("deadLettered").asLong()).isEqualTo(3);
        assertThat(json.at("/deadLetters/2").toString()).isEqualTo("{\"timestamp\":7,\"reason\":\"not_json\","
                + "\"message\":\"Unexpected character ('n')\",\"value\":\"not json\",\"valueBytes\":8}");
    }

    @Test
    void deadLettersAreBoundedToo() {
        RecentOutputs recent = new RecentOutputs();
        for (int i = 0; i < 50; i++) {
            recent.deadLettered(i, "invalid_record: " + "m".repeat(5000), new byte[0]);
        }
        List<RecentOutputs.DeadLetter> kept = recent.deadLetters();
        assertThat(kept).hasSize(RecentOutputs.CAPACITY);
        assertThat(kept.get(0).timestamp()).isEqualTo(49);
        assertThat(kept.get(19).timestamp()).isEqualTo(30);
        assertThat(kept.get(0).message()).hasSize(RecentOutputs.MESSAGE_CHARS + 1).endsWith("\u2026");
        assertThat(recent.toJson().get("deadLettered").asLong()).isEqualTo(50);
    }

    @Test
    void streamThreadsOfSeveralTasksWriteAtOnce() throws Exception {
        RecentOutputs recent = new RecentOutputs();
        ExecutorService threads = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> writers = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int thread = t;
                writers.add(threads.submit(() -> {
                    for (int i = 0; i < 20_000; i++) {
                        recent.predicted(("{\"t\":" + thread + "}").getBytes(StandardCharsets.UTF_8));
                        if (i % 1000 == 0) {
                            recent.deadLettered(i, "not_json: x", new byte[] {1});
                            assertThat(recent.toJson().get("predictions").size()).isBetween(1, RecentOutputs.CAPACITY);
                        }
                    }
                }));
            }
            for (Future<?> w : writers) {
                w.get(60, TimeUnit.SECONDS);
            }
        } finally {
            threads.shutdownNow();
        }
        assertThat(recent.predictions()).hasSize(RecentOutputs.CAPACITY);
        JsonNode json = recent.toJson();
        assertThat(json.get("predicted").asLong()).isEqualTo(80_000);
        assertThat(json.get("deadLettered").asLong()).isEqualTo(80);
        assertThat(json.get("deadLetters")).hasSize(RecentOutputs.CAPACITY);
    }
}
