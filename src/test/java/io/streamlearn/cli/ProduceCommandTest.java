package io.streamlearn.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code produce}'s usage errors: found before it connects, one line naming the flag, status 2. */
class ProduceCommandTest {

    @TempDir
    Path dir;

    record Run(int exitCode, String err) {}

    /** {@code produce}, which reports on System.err (as Kafka's clients log there too), against no broker. */
    static Run produce(String... args) {
        PrintStream original = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        int code;
        try (PrintStream capture = new PrintStream(captured, true, StandardCharsets.UTF_8)) {
            System.setErr(capture);
            String[] all = new String[args.length + 5];
            System.arraycopy(new String[] {"produce", "--bootstrap-servers", "localhost:1", "--topic", "t"}, 0, all, 0, 5);
            System.arraycopy(args, 0, all, 5, args.length);
            code = Main.execute(all);
        } finally {
            System.setErr(original);
        }
        return new Run(code, captured.toString(StandardCharsets.UTF_8));
    }

    @Test
    void aKeyColumnTheCsvDoesNotHaveIsOneLineNamingTheFlag() throws Exception {
        Path csv = dir.resolve("my.csv");
        Files.writeString(csv, "a,b,target\n1,2,3\n");
        Run run = produce("--csv", csv.toString(), "--label", "target", "--key-column", "id");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).isEqualTo("--key-column id: " + csv + " has no column 'id'; its columns: a, b, target"
                + System.lineSeparator());
    }

    @Test
    void anIdOrLabelColumnTheCsvDoesNotHaveIsOneLineNamingTheFlag() throws Exception {
        Path csv = dir.resolve("my.csv");
        Files.writeString(csv, "a,b,target\n1,2,3\n");
        Run id = produce("--csv", csv.toString(), "--label", "target", "--id-column", "patient");
        Run label = produce("--csv", csv.toString(), "--label", "y");
        assertThat(id.exitCode()).isEqualTo(2);
        assertThat(id.err()).startsWith("--id-column patient: ").doesNotContain("\tat ").hasLineCount(1);
        assertThat(label.exitCode()).isEqualTo(2);
        assertThat(label.err()).startsWith("--label y: ").hasLineCount(1);
    }

    @Test
    void aDatasetIsKeyedByIdOnly() {
        Run run = produce("--dataset", "diabetes", "--key-column", "age");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("--key-column age").hasLineCount(1);
    }

    /** Every row refused: one line per reason with the first example (not a line per row), then exit 1. */
    @Test
    void aCsvWithNoUsableRowSumsUpTheReasonsAndExits1() throws Exception {
        Path csv = dir.resolve("my.csv");
        StringBuilder text = new StringBuilder("id,a,target\n");
        for (int i = 1; i <= 442; i++) {
            text.append("p").append(i).append(",1,2\n");
        }
        text.append("1,2\n");
        Files.writeString(csv, text);
        Run run = produce("--csv", csv.toString(), "--label", "target");
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("rejected 442 records: invalid_record, the first at CSV row 1: my-1: column 'id' "
                + "is not a number: 'p1'")
                .contains("rejected 1 record: wrong_dimension, the first at CSV row 443: ")
                .contains("produced 0 records to t").doesNotContain("skipped");
    }
}
