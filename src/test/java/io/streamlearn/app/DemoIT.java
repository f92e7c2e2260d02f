package io.streamlearn.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamlearn.cli.Main;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** {@code demo --records 2000}: a real broker, producer, pipeline and table in one process, then exit 0. */
class DemoIT {

    @Test
    void demoStopsAfterTheGivenNumberOfPredictionsWithTheFinalTable() {
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        int exit;
        long start = System.nanoTime();
        try (PrintStream out = new PrintStream(captured, true, StandardCharsets.UTF_8)) {
            System.setOut(out);
            exit = Main.execute("demo", "--records", "2000", "--http-port", "0", "--rate", "0");
        } finally {
            System.setOut(original);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        String text = captured.toString(StandardCharsets.UTF_8);
        original.print(text);
        assertThat(exit).isZero();
        assertThat(text).containsPattern("Kafka broker \\(KRaft, in this JVM\\): localhost:\\d+");
        assertThat(text).containsPattern("ready in \\d+\\.\\d s");
        String last = text.substring(text.lastIndexOf("final:"));
        assertThat(last).contains("predictions 2,000");
        for (String learner : new String[] {"ridge", "lasso", "elasticnet", "mlp"}) {
            // learner, updates, then prequential, train and holdout losses and the gap as numbers, nonzero weights
            assertThat(last).containsPattern("(?m)^" + learner
                    + "\\s+\\d+\\s+\\d+\\.\\d{4}\\s+\\d+\\.\\d{4}\\s+\\d+\\.\\d{4}\\s+-?\\d+\\.\\d{4}\\s+\\d+/\\d+$");
        }
        assertThat(seconds).isLessThan(60);
    }
}
