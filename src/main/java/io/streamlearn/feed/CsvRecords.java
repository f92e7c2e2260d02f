package io.streamlearn.feed;

import io.streamlearn.record.CsvColumns;
import io.streamlearn.record.CsvRecordReader;
import io.streamlearn.record.FeatureRecord;
import io.streamlearn.record.RecordRejectedException;
import io.streamlearn.record.RecordSchema;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPInputStream;

/** A CSV file's rows as feature records, through {@link CsvRecordReader}. */
final class CsvRecords implements RecordSource {

    private final CsvRecordReader reader;

    private CsvRecords(CsvRecordReader reader) {
        this.reader = reader;
    }

    static CsvRecords open(Path file, CsvColumns columns, RecordSchema schema) throws IOException {
        return new CsvRecords(CsvRecordReader.open(file, columns, schema));
    }

    /** The header's columns but the label, id and key columns, in file order. */
    static List<String> featureColumns(Path file, CsvColumns columns) throws IOException {
        List<String> features = new ArrayList<>(header(file));
        features.removeIf(columns::notAFeature);
        return features;
    }

    @Override
    public FeatureRecord next() throws IOException, RecordRejectedException {
        return reader.next();
    }

    @Override
    public String key() {
        return reader.key();
    }

    @Override
    public String position() {
        return "CSV row " + reader.rowsRead();
    }

    @Override
    public void close() throws IOException {
        reader.close();
    }

    /** The CSV's header cells (plain, unquoted names). */
    static List<String> header(Path file) throws IOException {
        try (InputStream raw = Files.newInputStream(file);
             InputStream in = gzip(file) ? new GZIPInputStream(raw) : raw;
             BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line = lines.readLine();
            if (line == null) {
                throw new IOException("empty CSV: " + file);
            }
            return Arrays.stream(line.replace("\uFEFF", "").split(",", -1)).map(String::trim).toList();
        }
    }

    private static boolean gzip(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return in.read() == 0x1f && in.read() == 0x8b;
        }
    }
}
