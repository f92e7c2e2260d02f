package io.streamlearn.record;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamlearn.testing.ReferenceFiles;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvRecordReaderTest {

    static Path reference(String file) {
        return ReferenceFiles.path(file);
    }

    private static CsvRecordReader csv(String text, String label, RecordSchema schema) throws IOException {
        return CsvRecordReader.open(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), label, schema);
    }

    /** Every row of a reader: a record, or the rejection's reason. */
    private static List<Object> all(CsvRecordReader reader) throws IOException {
        List<Object> out = new ArrayList<>();
        while (true) {
            try {
                FeatureRecord r = reader.next();
                if (r == null) {
                    return out;
                }
                out.add(r);
            } catch (RecordRejectedException e) {
                out.add(e.reason());
            }
        }
    }

    /** The id and key columns are not features: the id is the id column's value, the key the key column's. */
    @Test
    void idAndKeyColumnsAreNotFeatures(@TempDir Path dir) throws IOException, RecordRejectedException {
        Path file = dir.resolve("rows.csv.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
            out.write("b,id,y,shop,a\n2,p-7,3,s1,1\n4,,5,s2,3\n6,p-9,7,,5\n".getBytes(StandardCharsets.UTF_8));
        }
        RecordSchema schema = RecordSchema.regression(List.of("a", "b"));
        try (CsvRecordReader r = CsvRecordReader.open(file, new CsvColumns("y", "id", "shop"), schema)) {
            FeatureRecord first = r.next();
            assertThat(first.id()).isEqualTo("p-7");
            assertThat(r.key()).isEqualTo("s1");
            assertThat(first.features()).containsExactly(1, 2);
            assertThat(first.label()).isEqualTo(3);
            assertThatThrownBy(r::next).isInstanceOf(RecordRejectedException.class)
                    .hasMessageContaining("empty value in column 'id'");
            assertThatThrownBy(r::next).isInstanceOf(RecordRejectedException.class)
                    .hasMessageContaining("p-9: empty value in column 'shop'");
        }
        try (CsvRecordReader r = CsvRecordReader.open(file, new CsvColumns("y", null, "shop"),
                RecordSchema.regression(List.of("a", "b", "id")))) {
            assertThatThrownBy(r::next).isInstanceOf(RecordRejectedException.class)
                    .hasMessageContaining("rows-1: column 'id' is not a number");
        }
        assertThatThrownBy(() -> CsvRecordReader.open(file, new CsvColumns("y", "nope", null), schema))
                .hasMessageContaining("no id column 'nope'");
    }

    /** The diabetes reference file, against a plain split of its lines; exact (same decimal text). */
    @Test
    void readsTheDiabetesReferenceFile() throws IOException, RecordRejectedException {
        Path file = reference("diabetes_standardized.csv");
        List<String> lines = Files.readAllLines(file);
        List<String> names = List.of("age", "sex", "bmi", "bp", "s1", "s2", "s3", "s4", "s5", "s6");
        try (CsvRecordReader reader = CsvRecordReader.open(file, "target", RecordSchema.regression(names))) {
            assertThat(reader.header()).hasSize(11).endsWith("target");
            int n = 0;
            FeatureRecord r;
            while ((r = reader.next()) != null) {
                n++;
                String[] cells = lines.get(n).split(",");
                // the file's name and the row: two files do not give the same ids
                assertThat(r.id()).isEqualTo("diabetes_standardized-" + n);
                for (int j = 0; j < 10; j++) {
                    assertThat(r.features()[j]).isEqualTo(Double.parseDouble(cells[j]));
                }
                assertThat(r.label()).isEqualTo(Double.parseDouble(cells[10]));
            }
            assertThat(n).isEqualTo(442);
            assertThat(reader.rowsRead()).isEqualTo(442);
        }
    }

    /** The gzip reference stream: recognised by its magic bytes; 20,000 rows of 50 features. */
    @Test
    void readsGzipByMagicBytes() throws IOException, RecordRejectedException {
        try (CsvRecordReader reader = CsvRecordReader.open(reference("sparse_stream.csv.gz"), "y",
                RecordSchema.regression(50))) {
            int n = 0;
            FeatureRecord r;
            FeatureRecord first = null;
            while ((r = reader.next()) != null) {
                if (first == null) {
                    first = r;
                }
                n++;
            }
            assertThat(n).isEqualTo(20_000);
            assertThat(first.features()[0]).isEqualTo(-0.327);
            assertThat(first.features()[1]).isEqualTo(-0.974);
        }
    }

    @Test
    void matchesColumnsByNameElseInOrder(@TempDir Path dir) throws IOException, RecordRejectedException {
        RecordSchema named = RecordSchema.regression(List.of("a", "b", "c"));
        // by name, in another order, label in the middle
        try (CsvRecordReader r = csv("c,y,a,b\n3,10,1,2\n", "y", named)) {
            FeatureRecord rec = r.next();
            assertThat(rec.features()).containsExactly(1.0, 2.0, 3.0);
            assertThat(rec.label()).isEqualTo(10.0);
        }
        // other names: taken in order
        try (CsvRecordReader r = csv("p,q,r,y\n1,2,3,4\n", "y", named)) {
            assertThat(r.next().features()).containsExactly(1.0, 2.0, 3.0);
        }
        assertThatThrownBy(() -> csv("p,q,y\n1,2,3\n", "y", named)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("expects 3");
        assertThatThrownBy(() -> csv("a,b,c\n1,2,3\n", "y", named)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no label column 'y'");
        assertThatThrownBy(() -> csv("a,a,c,y\n1,2,3,4\n", "y", named)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> csv("", "y", named)).isInstanceOf(IOException.class);
        // a gzip file whose name does not say so
        Path gz = dir.resolve("data.csv");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz))) {
            out.write("a,b,c,y\r\n1,2,3,4\r\n".getBytes(StandardCharsets.UTF_8));
        }
        try (CsvRecordReader r = CsvRecordReader.open(gz, "y", named)) {
            assertThat(r.next().label()).isEqualTo(4.0);
            assertThat(r.next()).isNull();
        }
    }

    @Test
    void rejectsBadRowsAndGoesOn() throws IOException {
        RecordSchema schema = RecordSchema.regression(2);
        String text = "x1,x2,y\n"
                + "1,2,3\n"           // row-1 ok
                + "1,abc,3\n"         // row-2 not a number
                + "1,NaN,3\n"         // row-3
                + "1,2,inf\n"         // row-4
                + "1,1e999,3\n"       // row-5 overflow
                + "1,2\n"             // row-6 too few cells
                + "1,,3\n"            // row-7 empty feature
                + "\n"                // blank line: not a row
                + "\"1\",\"2\",\n"    // row-8 quoted, unlabeled
                + "1,2d,3\n"          // row-9 Java-only number syntax
                + "1,0x10,3\n"        // row-10 hex
                + "-1.5e-3,+2,7";     // row-11 ok, no final newline
        try (CsvRecordReader reader = csv(text, "y", schema)) {
            List<Object> rows = all(reader);
            assertThat(rows).hasSize(11);
            assertThat(rows.subList(1, 7)).containsExactly(RejectReason.INVALID_RECORD, RejectReason.NON_FINITE,
                    RejectReason.NON_FINITE, RejectReason.NON_FINITE, RejectReason.WRONG_DIMENSION,
                    RejectReason.INVALID_RECORD);
            FeatureRecord unlabeled = (FeatureRecord) rows.get(7);
            assertThat(unlabeled.id()).isEqualTo("row-8");
            assertThat(unlabeled.labeled()).isFalse();
            assertThat(unlabeled.features()).containsExactly(1.0, 2.0);
            assertThat(rows.subList(8, 10)).containsOnly(RejectReason.INVALID_RECORD);
            FeatureRecord last = (FeatureRecord) rows.get(10);
            assertThat(last.id()).isEqualTo("row-11");
            assertThat(last.features()).containsExactly(-1.5e-3, 2.0);
        }
    }

    @Test
    void quotingAndLimits() throws IOException, RecordRejectedException {
        RecordSchema schema = RecordSchema.of(1, List.of(), List.of("yes, sure", "no \"way\"", "multi\nline"));
        try (CsvRecordReader reader = csv("x,label\n1,\"yes, sure\"\n2,\"no \"\"way\"\"\"\n3,\"multi\nline\"\n4,1\n",
                "label", schema)) {
            assertThat(reader.next().label()).isEqualTo(0.0);
            assertThat(reader.next().label()).isEqualTo(1.0);
            assertThat(reader.next().label()).isEqualTo(2.0);
            FeatureRecord byIndex = reader.next();
            assertThat(byIndex.label()).isEqualTo(1.0);
        }
        try (CsvRecordReader reader = csv("x,label\n1,maybe\n", "label", schema)) {
            assertThatThrownBy(reader::next).isInstanceOf(RecordRejectedException.class)
                    .extracting(e -> ((RecordRejectedException) e).reason()).isEqualTo(RejectReason.UNKNOWN_CLASS);
        }
        RecordSchema tight = RecordSchema.regression(1).withLimits(RecordLimits.DEFAULT.withMaxValueBytes(20));
        try (CsvRecordReader reader = csv("x,y\n1,2\n" + "1".repeat(30) + ",2\n3,4\n", "y", tight)) {
            assertThat(all(reader)).hasSize(3).element(1).isEqualTo(RejectReason.TOO_LARGE);
        }
    }

    @Test
    void invalidUtf8IsAnIoError() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.write("x,y\n1,".getBytes(StandardCharsets.UTF_8));
        bytes.write(new byte[] {(byte) 0xc3, 0x28});
        bytes.write("\n".getBytes(StandardCharsets.UTF_8));
        // the decoder reads ahead, so the error may already come while the header is read
        assertThatThrownBy(() -> {
            try (CsvRecordReader reader = CsvRecordReader.open(new ByteArrayInputStream(bytes.toByteArray()), "y",
                    RecordSchema.regression(1))) {
                all(reader);
            }
        }).isInstanceOf(java.nio.charset.MalformedInputException.class);
    }
}
