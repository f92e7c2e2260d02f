package io.streamlearn.record;

import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.zip.GZIPInputStream;

/**
 * Reads feature records from a CSV file with a header line, one row at a time (never the whole
 * file). A gzip file (recognised by its magic bytes, whatever its name) is decompressed on the fly.
 *
 * <p>Columns ({@link CsvColumns}): the label column, and the id and key columns when given, are found
 * by name; every other column is a feature. When all feature columns are the schema's feature names,
 * they are matched by name (any order); otherwise they are taken in order and their number must be
 * the schema's dimension. A row's id is its id column's value, else {@code <name>-<n>}: name the
 * file's name without {@code .gz} and {@code .csv} ({@code row} for a stream), n counting data rows
 * from 1, so the same file gives the same ids (and splits) on every pass, and two files do not give
 * the same ids. An empty id or key cell is {@link RejectReason#INVALID_RECORD}.
 *
 * <p>Rows are validated like JSON records: a cell that is not a number is
 * {@link RejectReason#INVALID_RECORD} (an empty feature cell too), NaN or infinite
 * {@link RejectReason#NON_FINITE}, a row with another number of cells than the header
 * {@link RejectReason#WRONG_DIMENSION}, a row longer than {@code maxValueBytes} chars
 * {@link RejectReason#TOO_LARGE}, an unknown class {@link RejectReason#UNKNOWN_CLASS}. An empty
 * label cell means unlabeled. Class labels: a class name, else a number read by
 * {@link RecordSchema#classIndexOf}. Quoting follows RFC 4180 (quotes doubled inside quotes,
 * separators and line breaks allowed inside quotes).
 */
public final class CsvRecordReader implements Closeable {

    private final RecordSchema schema;
    private final Reader in;
    private final List<String> header;
    private final int labelColumn;
    private final int idColumn;
    private final int keyColumn;
    /** The default id's prefix: {@code <idPrefix>-<row>}. */
    private final String idPrefix;
    /** For each CSV column, its feature index; -1 for the label column. */
    private final int[] featureOf;
    private final List<String> cells = new ArrayList<>();
    private final StringBuilder cell = new StringBuilder();
    private long rows;
    private boolean eof;
    private String key;

    private CsvRecordReader(RecordSchema schema, Reader in, CsvColumns columns, String idPrefix) throws IOException {
        this.schema = schema;
        this.in = in;
        this.idPrefix = idPrefix;
        if (!readRow()) {
            throw new IOException("empty CSV: no header line");
        }
        if (cells.get(0).startsWith("\uFEFF")) {
            cells.set(0, cells.get(0).substring(1)); // a UTF-8 byte order mark
        }
        this.header = List.copyOf(trimmed(cells));
        this.labelColumn = column(columns.label(), "label");
        this.idColumn = columns.id() == null ? -1 : column(columns.id(), "id");
        this.keyColumn = columns.key() == null ? -1 : column(columns.key(), "key");
        Set<String> unique = new HashSet<>(header);
        if (unique.size() != header.size()) {
            throw new IllegalArgumentException("duplicate column names in the header " + header);
        }
        this.featureOf = mapColumns(schema, header, columns);
    }

    private int column(String name, String what) {
        int c = header.indexOf(name);
        if (c < 0) {
            throw new IllegalArgumentException("no " + what + " column '" + name + "' in the header " + header);
        }
        return c;
    }

    /** Opens a CSV (or gzip CSV) file and reads its header; every column but the label is a feature. */
    public static CsvRecordReader open(Path file, String labelColumn, RecordSchema schema) throws IOException {
        return open(file, CsvColumns.labelOnly(labelColumn), schema);
    }

    /** Opens a CSV (or gzip CSV) file and reads its header. */
    public static CsvRecordReader open(Path file, CsvColumns columns, RecordSchema schema) throws IOException {
        InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
        try {
            return new CsvRecordReader(schema, reader(raw), columns, baseName(file));
        } catch (IOException | RuntimeException e) {
            raw.close();
            throw e;
        }
    }

    /** Reads a CSV from a stream (gzip recognised by its magic bytes); closing the reader closes it. */
    public static CsvRecordReader open(InputStream stream, String labelColumn, RecordSchema schema)
            throws IOException {
        return new CsvRecordReader(schema, reader(new BufferedInputStream(stream, 1 << 16)),
                CsvColumns.labelOnly(labelColumn), "row");
    }

    /** The file's name without {@code .gz} and then {@code .csv}: {@code data.csv.gz} gives {@code data}. */
    static String baseName(Path file) {
        String name = file.getFileName().toString();
        for (String suffix : new String[] {".gz", ".csv"}) {
            if (name.endsWith(suffix) && name.length() > suffix.length()) {
                name = name.substring(0, name.length() - suffix.length());
            }
        }
        return name;
    }

    private static Reader reader(InputStream buffered) throws IOException {
        buffered.mark(2);
        int b0 = buffered.read();
        int b1 = buffered.read();
        buffered.reset();
        InputStream data = b0 == 0x1f && b1 == 0x8b ? new BufferedInputStream(new GZIPInputStream(buffered, 1 << 16))
                : buffered;
        return new BufferedReader(new InputStreamReader(data, StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)), 1 << 16);
    }

    private static int[] mapColumns(RecordSchema schema, List<String> header, CsvColumns columns) {
        int[] featureOf = new int[header.size()];
        List<String> featureColumns = new ArrayList<>(header);
        featureColumns.removeIf(columns::notAFeature);
        boolean byName = !schema.featureNames().isEmpty() && featureColumns.size() == schema.dimension();
        for (String c : featureColumns) {
            byName &= schema.featureIndex(c) >= 0;
        }
        if (!byName && featureColumns.size() != schema.dimension()) {
            throw new IllegalArgumentException("the CSV has " + featureColumns.size() + " feature columns "
                    + featureColumns + ", the pipeline expects " + schema.dimension()
                    + (schema.featureNames().isEmpty() ? "" : " " + schema.featureNames()));
        }
        int next = 0;
        for (int c = 0; c < header.size(); c++) {
            if (columns.notAFeature(header.get(c))) {
                featureOf[c] = -1;
            } else {
                featureOf[c] = byName ? schema.featureIndex(header.get(c)) : next++;
            }
        }
        return featureOf;
    }

    /** The header's column names. */
    public List<String> header() {
        return header;
    }

    /** The key column's value of the last record returned; null without a key column. */
    public String key() {
        return key;
    }

    /** Data rows read so far (accepted and rejected). */
    public long rowsRead() {
        return rows;
    }

    /**
     * The next row as a validated record; null at the end of the file.
     *
     * @throws RecordRejectedException for a row that cannot be used; reading goes on with the next row
     * @throws IOException when the file cannot be read (including bytes that are not UTF-8)
     */
    public FeatureRecord next() throws IOException, RecordRejectedException {
        boolean tooLong;
        do {
            if (eof) {
                return null;
            }
            tooLong = false;
            try {
                if (!readRow()) {
                    return null;
                }
            } catch (RowTooLongException e) {
                tooLong = true;
            }
            // a blank line (one empty cell) is not a row
        } while (!tooLong && cells.size() == 1 && cells.get(0).isBlank());
        rows++;
        String id = idPrefix + "-" + rows;
        if (tooLong) {
            throw new RecordRejectedException(RejectReason.TOO_LARGE, id + ": row is longer than "
                    + schema.limits().maxValueBytes() + " chars");
        }
        if (cells.size() != header.size()) {
            throw new RecordRejectedException(RejectReason.WRONG_DIMENSION, id + ": " + cells.size()
                    + " cells, the header has " + header.size());
        }
        if (idColumn >= 0) {
            id = nonEmpty(id, idColumn);
        }
        key = keyColumn >= 0 ? nonEmpty(id, keyColumn) : null;
        double[] features = new double[schema.dimension()];
        for (int c = 0; c < featureOf.length; c++) {
            if (featureOf[c] >= 0) {
                features[featureOf[c]] = parseFeature(id, c, cells.get(c).trim());
            }
        }
        String labelCell = cells.get(labelColumn).trim();
        if (labelCell.isEmpty()) {
            return new FeatureRecord(id, features, Double.NaN, null);
        }
        if (schema.classification()) {
            int k = classOf(id, labelCell);
            return new FeatureRecord(id, features, k, null);
        }
        return new FeatureRecord(id, features, parseNumber(id, labelColumn, labelCell), null);
    }

    private String nonEmpty(String id, int column) throws RecordRejectedException {
        String text = cells.get(column).trim();
        if (text.isEmpty()) {
            throw new RecordRejectedException(RejectReason.INVALID_RECORD, id + ": empty value in column '"
                    + header.get(column) + "'");
        }
        return text;
    }

    private double parseFeature(String id, int column, String text) throws RecordRejectedException {
        if (text.isEmpty()) {
            throw new RecordRejectedException(RejectReason.INVALID_RECORD, id + ": empty value in column '"
                    + header.get(column) + "'");
        }
        return parseNumber(id, column, text);
    }

    private double parseNumber(String id, int column, String text) throws RecordRejectedException {
        char last = Character.toLowerCase(text.charAt(text.length() - 1));
        if (last == 'n' || last == 'f' || last == 'y') {
            String t = text.toLowerCase(Locale.ROOT);
            if (t.matches("[+-]?(nan|inf|infinity)")) {
                throw new RecordRejectedException(RejectReason.NON_FINITE, id + ": column '" + header.get(column)
                        + "' is " + text);
            }
        }
        // Double.parseDouble also takes "1d", "1f" and hex floats; CSV numbers end in a digit or '.'
        boolean plain = (last >= '0' && last <= '9') || last == '.';
        double v;
        try {
            v = plain && !text.contains("x") && !text.contains("X") ? Double.parseDouble(text) : Double.NaN;
        } catch (NumberFormatException e) {
            v = Double.NaN;
        }
        if (Double.isNaN(v)) {
            throw new RecordRejectedException(RejectReason.INVALID_RECORD, id + ": column '" + header.get(column)
                    + "' is not a number: '" + clip(text) + "'");
        }
        if (Double.isInfinite(v)) {
            throw new RecordRejectedException(RejectReason.NON_FINITE, id + ": column '" + header.get(column)
                    + "' overflows to infinity: " + clip(text));
        }
        if (Math.abs(v) > schema.limits().maxAbsValue()) {
            throw new RecordRejectedException(RejectReason.TOO_LARGE, id + ": column '" + header.get(column)
                    + "' = " + clip(text) + " is beyond the largest accepted magnitude " + schema.limits().maxAbsValue());
        }
        return v;
    }

    private int classOf(String id, String text) throws RecordRejectedException {
        int k = schema.classIndex(text);
        if (k >= 0) {
            return k;
        }
        double v;
        try {
            v = Double.parseDouble(text);
        } catch (NumberFormatException e) {
            v = Double.NaN;
        }
        k = schema.classIndexOf(v);
        if (k < 0) {
            throw new RecordRejectedException(RejectReason.UNKNOWN_CLASS, id + ": unknown class '" + clip(text)
                    + "'; classes are " + schema.classes());
        }
        return k;
    }

    /**
     * Reads one CSV row into {@link #cells}; false at the end of the input. A row over the length
     * limit is consumed to its end and reported by {@link RowTooLongException}.
     */
    private boolean readRow() throws IOException {
        cells.clear();
        cell.setLength(0);
        int limit = schema.limits().maxValueBytes();
        int length = 0;
        boolean quoted = false;
        boolean any = false;
        int ch;
        while ((ch = in.read()) >= 0) {
            any = true;
            if (++length > limit) {
                skipToLineEnd(quoted);
                throw new RowTooLongException();
            }
            if (quoted) {
                if (ch == '"') {
                    in.mark(1);
                    int after = in.read();
                    if (after == '"') {
                        cell.append('"');
                    } else {
                        quoted = false;
                        if (after >= 0) {
                            in.reset();
                        }
                    }
                } else {
                    cell.append((char) ch);
                }
            } else if (ch == '"' && cell.length() == 0) {
                quoted = true;
            } else if (ch == ',') {
                cells.add(cell.toString());
                cell.setLength(0);
            } else if (ch == '\n') {
                break;
            } else if (ch != '\r') {
                cell.append((char) ch);
            }
        }
        if (!any) {
            eof = true;
            return false;
        }
        if (ch < 0) {
            eof = true;
        }
        cells.add(cell.toString());
        return true;
    }

    private void skipToLineEnd(boolean quoted) throws IOException {
        int ch;
        while ((ch = in.read()) >= 0) {
            if (ch == '"') {
                quoted = !quoted;
            } else if (ch == '\n' && !quoted) {
                return;
            }
        }
        eof = true;
    }

    private static List<String> trimmed(List<String> values) {
        List<String> out = new ArrayList<>(values.size());
        for (String v : values) {
            out.add(v.trim());
        }
        return out;
    }

    private static String clip(String s) {
        return s.length() <= 64 ? s : s.substring(0, 64) + "...";
    }

    @Override
    public void close() throws IOException {
        in.close();
    }

    /** A row over the length limit; internal to {@link #readRow}. */
    private static final class RowTooLongException extends IOException {
        RowTooLongException() {
            super("row longer than the limit");
        }
    }
}
