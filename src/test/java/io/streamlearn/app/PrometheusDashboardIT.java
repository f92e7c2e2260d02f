package io.streamlearn.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PrometheusDashboardIT {

    @TempDir
    static Path stateDir;

    private static RunningDemo demo;

    @BeforeAll
    static void start() throws Exception {
        demo = RunningDemo.start(stateDir);
        demo.awaitProcessed(1500, Duration.ofSeconds(60));
        Thread.sleep(1500);
    }

    @AfterAll
    static void stop() throws Exception {
        demo.close();
    }

    @Test
    void dump() throws Exception {
        Files.writeString(Path.of("target", "app-scrape.txt"), demo.app.scrapeMetrics());
        assertThat(demo.app.scrapeMetrics()).contains("kafka_stream");
    }
}
