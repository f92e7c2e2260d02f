package io.streamlearn.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bench} itself, on its embedded broker, at a small size: both applications settle (the
 * stateful one too, which Kafka Streams would leave REBALANCING had it been started paused, and the
 * bench would then fail after 60 s), are timed, and the results file holds a positive rate for each
 * and the commits of each latency run.
 */
class BenchCommandIT {

    @TempDir
    Path results;

    @Test
    void measuresBothApplicationsAndWritesTheResultsFile() throws Exception {
        int status = Main.execute("bench", "--rounds", "1", "--records", "5000", "--latency-records", "500",
                "--results", results.toString());

        assertThat(status).isZero();
        List<Path> files;
        try (var listing = Files.list(results)) {
            files = listing.toList();
        }
        assertThat(files).hasSize(1);
        String report = Files.readString(files.get(0));
        for (String application : List.of("(a) pass-through", "(b) streamlearn: ridge, lasso, mlp")) {
            Matcher row = Pattern.compile("\\| " + Pattern.quote(application) + " \\| 1 × 1 \\| ([0-9,]+) \\|")
                    .matcher(report);
            assertThat(row.find()).as(application + "'s row in%n%s", report).isTrue();
            assertThat(Long.parseLong(row.group(1).replace(",", ""))).as(application + "'s records/s").isPositive();
        }
        assertThat(Pattern.compile("- round 1: [1-9][0-9]* commits in").matcher(report).results().count())
                .as("a commits line per application").isEqualTo(2);
    }
}
