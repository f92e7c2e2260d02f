package io.streamlearn.record;

import ch.randelshofer.fastdoubleparser.JsonDoubleParser;
import java.nio.charset.StandardCharsets;

/**
 * A pull tokenizer of one JSON text (RFC 8259) in a byte array, for {@link RecordReader}: the
 * tokens of the value one by one, as Jackson's streaming parser gives them, with nothing allocated
 * per token or per record — a token is a range of the input, read in place (a name compared as
 * bytes, a number converted by FastDoubleParser, correctly rounded), and one tokenizer is reset onto
 * the next record's bytes. Jackson 2 cannot reset a parser onto new bytes: a parser, its context
 * objects and its number text cost ~750 bytes per record.
 *
 * <p>What it accepts is what {@code RecordReader} accepted from Jackson with
 * {@code ALLOW_NON_NUMERIC_NUMBERS}: strict JSON in UTF-8 (a leading byte-order mark skipped),
 * plus the literals {@code NaN}, {@code Infinity}, {@code +Infinity} and {@code -Infinity} (read as
 * numbers so that a record can be refused as non-finite rather than as not JSON). UTF-8 is checked
 * as it is read, in every string, skipped ones too: overlong forms, surrogates and code points over
 * U+10FFFF are errors. An error is a {@link RecordRejectedException} that says what is wrong and
 * where: {@link RejectReason#NOT_JSON}; {@link RejectReason#INVALID_RECORD} for nesting deeper than
 * the reset's {@code maxDepth}; {@link RejectReason#TOO_LARGE} for a number longer than
 * {@link #MAX_NUMBER_LENGTH}.
 *
 * <p>Not thread-safe: one per {@link ParsedRecord}.
 */
final class JsonTokens {

    enum Token {
        START_OBJECT, END_OBJECT, START_ARRAY, END_ARRAY, FIELD_NAME, STRING, NUMBER_INT, NUMBER_FLOAT, TRUE, FALSE,
        NULL,
        /** After the one root value: the end of the input. */
        END;

        boolean isStructStart() {
            return this == START_OBJECT || this == START_ARRAY;
        }

        boolean isStructEnd() {
            return this == END_OBJECT || this == END_ARRAY;
        }

        /** What a value of this token is, for an error message: "a string", "an object", "null". */
        String description() {
            switch (this) {
                case START_OBJECT:
                    return "an object";
                case START_ARRAY:
                    return "an array";
                case STRING:
                    return "a string";
                case NUMBER_INT:
                case NUMBER_FLOAT:
                    return "a number";
                case TRUE:
                case FALSE:
                    return "a boolean";
                case NULL:
                    return "null";
                default:
                    return name();
            }
        }
    }

    /**
     * Skips the value that starts with {@code t}, the token just read: a scalar is done, an object or
     * array is read to its end (its strings' UTF-8 checked as they go).
     */
    void skipValue(Token t) throws RecordRejectedException {
        int depth = 0;
        while (true) {
            if (t.isStructStart()) {
                depth++;
            } else if (t.isStructEnd()) {
                depth--;
            }
            if (depth == 0) {
                return;
            }
            t = next();
        }
    }

    /** {@code s} cut to 64 characters (and "..."), for quoting a record's text in an error message. */
    static String clip(String s) {
        return s.length() <= 64 ? s : s.substring(0, 64) + "...";
    }

    /**
     * The longest number text read (Jackson's default limit, which the reader had): converting a
     * longer one exactly costs more than its length, and no feature needs a thousand digits.
     */
    static final int MAX_NUMBER_LENGTH = 1000;

    /** What the next token may be: a value; a member or the end (just opened); a comma or the end; nothing. */
    private static final int VALUE = 0;
    private static final int FIRST = 1;
    private static final int NEXT = 2;
    private static final int DONE = 3;

    private byte[] in;
    private int pos;
    private int state;
    private int maxDepth;
    private int depth;
    /** inObject[d]: whether the container at depth d (1-based) is an object. */
    private boolean[] inObject = new boolean[17];

    // the current token: its range in the input ([start, end); a string's without the quotes)
    private Token token;
    private int start;
    private int end;
    private boolean escaped;
    /** A non-finite literal's value (NaN, ±Infinity); 0 for an ordinary number. */
    private double special;
    private char[] scratch = new char[64];

    /** Starts on a new text; depth counts containers, the root one included. */
    void reset(byte[] bytes, int maxDepth) {
        this.in = bytes;
        this.pos = 0;
        this.state = VALUE;
        this.maxDepth = maxDepth;
        this.depth = 0;
        this.token = null;
        if (bytes.length >= 3 && (bytes[0] & 0xff) == 0xef && (bytes[1] & 0xff) == 0xbb && (bytes[2] & 0xff) == 0xbf) {
            pos = 3;
        }
    }

    /** The next token; {@link Token#END} after the root value when nothing but white space follows it. */
    Token next() throws RecordRejectedException {
        int c = skipWhiteSpace();
        switch (state) {
            case DONE:
                if (c < 0) {
                    return token = Token.END;
                }
                throw notJson(c == '{' || c == '[' ? "more than one JSON value" : "unexpected " + describe(c)
                        + " after the JSON value");
            case FIRST:
                if (c == (inObject[depth] ? '}' : ']')) {
                    return close();
                }
                return inObject[depth] ? name(c) : value(c);
            case NEXT:
                if (c == (inObject[depth] ? '}' : ']')) {
                    return close();
                }
                if (c != ',') {
                    throw notJson("expected ',' or '" + (inObject[depth] ? '}' : ']') + "' but found " + describe(c));
                }
                pos++;
                c = skipWhiteSpace();
                return inObject[depth] ? name(c) : value(c);
            default:
                return value(c);
        }
    }

    Token token() {
        return token;
    }

    private Token close() {
        pos++;
        Token t = inObject[depth] ? Token.END_OBJECT : Token.END_ARRAY;
        depth--;
        afterValue();
        return token = t;
    }

    private void afterValue() {
        state = depth == 0 ? DONE : NEXT;
    }

    private Token name(int c) throws RecordRejectedException {
        if (c != '"') {
            throw notJson("expected a field name in double quotes but found " + describe(c));
        }
        string();
        int colon = skipWhiteSpace();
        if (colon != ':') {
            throw notJson("expected ':' after a field name but found " + describe(colon));
        }
        pos++;
        state = VALUE;
        return token = Token.FIELD_NAME;
    }

    private Token value(int c) throws RecordRejectedException {
        switch (c) {
            case '{':
                return open(true, Token.START_OBJECT);
            case '[':
                return open(false, Token.START_ARRAY);
            case '"':
                string();
                afterValue();
                return token = Token.STRING;
            case 't':
                return literal("true", Token.TRUE, 0);
            case 'f':
                return literal("false", Token.FALSE, 0);
            case 'n':
                return literal("null", Token.NULL, 0);
            case 'N':
                return literal("NaN", Token.NUMBER_FLOAT, Double.NaN);
            case 'I':
                return literal("Infinity", Token.NUMBER_FLOAT, Double.POSITIVE_INFINITY);
            case '+':
                return literal("+Infinity", Token.NUMBER_FLOAT, Double.POSITIVE_INFINITY);
            case '-':
                if (pos + 1 < in.length && in[pos + 1] == 'I') {
                    return literal("-Infinity", Token.NUMBER_FLOAT, Double.NEGATIVE_INFINITY);
                }
                return number();
            default:
                if (c >= '0' && c <= '9') {
                    return number();
                }
                throw notJson(c < 0 ? "unexpected end of input, expected a value" : "unexpected " + describe(c));
        }
    }

    private Token open(boolean object, Token t) throws RecordRejectedException {
        if (depth == maxDepth) {
            throw new RecordRejectedException(RejectReason.INVALID_RECORD, "JSON nested deeper than " + maxDepth
                    + " levels");
        }
        pos++;
        depth++;
        if (depth == inObject.length) {
            inObject = java.util.Arrays.copyOf(inObject, 2 * depth);
        }
        inObject[depth] = object;
        state = FIRST;
        return token = t;
    }

    private Token literal(String word, Token t, double value) throws RecordRejectedException {
        int n = word.length();
        for (int i = 0; i < n; i++) {
            if (pos + i >= in.length || in[pos + i] != word.charAt(i)) {
                throw notJson("unrecognized token (expected '" + word + "')");
            }
        }
        start = pos;
        pos += n;
        end = pos;
        checkDelimiter();
        special = value;
        afterValue();
        return token = t;
    }

    /** -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)? */
    private Token number() throws RecordRejectedException {
        start = pos;
        if (in[pos] == '-') {
            pos++;
        }
        int digits = digits();
        if (digits == 0) {
            throw notJson("a number needs a digit after '-'");
        }
        if (digits > 1 && in[pos - digits] == '0') {
            throw notJson("leading zeros are not allowed in a number");
        }
        boolean integer = true;
        if (pos < in.length && in[pos] == '.') {
            pos++;
            if (digits() == 0) {
                throw notJson("a number needs a digit after its decimal point");
            }
            integer = false;
        }
        if (pos < in.length && (in[pos] == 'e' || in[pos] == 'E')) {
            pos++;
            if (pos < in.length && (in[pos] == '+' || in[pos] == '-')) {
                pos++;
            }
            if (digits() == 0) {
                throw notJson("a number needs a digit in its exponent");
            }
            integer = false;
        }
        end = pos;
        if (end - start > MAX_NUMBER_LENGTH) {
            throw new RecordRejectedException(RejectReason.TOO_LARGE, "a number of " + (end - start)
                    + " characters, over the limit of " + MAX_NUMBER_LENGTH);
        }
        checkDelimiter();
        special = 0;
        afterValue();
        return token = integer ? Token.NUMBER_INT : Token.NUMBER_FLOAT;
    }

    private int digits() {
        int from = pos;
        while (pos < in.length && in[pos] >= '0' && in[pos] <= '9') {
            pos++;
        }
        return pos - from;
    }

    /** A scalar ends where a structural character or white space (or the input) does: "12ab" is no number. */
    private void checkDelimiter() throws RecordRejectedException {
        if (pos < in.length) {
            int c = in[pos] & 0xff;
            if (c != ',' && c != ']' && c != '}' && c != ' ' && c != '\n' && c != '\r' && c != '\t') {
                throw notJson("unexpected " + describe(c) + " after a value");
            }
        }
    }

    /** Reads a string whose opening quote is at pos, checking its escapes and UTF-8. */
    private void string() throws RecordRejectedException {
        pos++;
        start = pos;
        escaped = false;
        while (true) {
            if (pos >= in.length) {
                throw notJson("unexpected end of input in a string");
            }
            int c = in[pos];
            if (c == '"') {
                break;
            }
            if (c == '\\') {
                escape();
            } else if (c < 0) {
                utf8();
            } else if (c < 0x20) {
                throw notJson("control character " + c + " in a string (escape it)");
            } else {
                pos++;
            }
        }
        end = pos;
        pos++;
    }

    private void escape() throws RecordRejectedException {
        escaped = true;
        if (pos + 1 >= in.length) {
            throw notJson("unexpected end of input in a string");
        }
        int c = in[pos + 1];
        switch (c) {
            case '"': case '\\': case '/': case 'b': case 'f': case 'n': case 'r': case 't':
                pos += 2;
                return;
            case 'u':
                if (hex4(pos + 2) < 0) {
                    throw notJson("'\\u' needs four hexadecimal digits");
                }
                pos += 6;
                return;
            default:
                throw notJson("unknown escape '\\" + (char) (c & 0xff) + "'");
        }
    }

    /** The value of the four hexadecimal digits at {@code at} (a \\u escape's), or -1 when they are not. */
    private int hex4(int at) {
        int v = 0;
        for (int i = at; i < at + 4; i++) {
            int d = i < in.length ? Character.digit(in[i], 16) : -1;
            if (d < 0) {
                return -1;
            }
            v = 16 * v + d;
        }
        return v;
    }

    /** One multi-byte UTF-8 sequence at pos (RFC 3629: shortest form, no surrogates, at most U+10FFFF). */
    private void utf8() throws RecordRejectedException {
        int b0 = in[pos] & 0xff;
        int n;
        int min;
        int cp;
        if (b0 >= 0xc2 && b0 <= 0xdf) {
            n = 1;
            min = 0x80;
            cp = b0 & 0x1f;
        } else if (b0 >= 0xe0 && b0 <= 0xef) {
            n = 2;
            min = 0x800;
            cp = b0 & 0x0f;
        } else if (b0 >= 0xf0 && b0 <= 0xf4) {
            n = 3;
            min = 0x10000;
            cp = b0 & 0x07;
        } else {
            throw notJson("invalid UTF-8 start byte 0x" + Integer.toHexString(b0));
        }
        for (int i = 1; i <= n; i++) {
            if (pos + i >= in.length || (in[pos + i] & 0xc0) != 0x80) {
                throw notJson("invalid UTF-8: byte " + i + " of a " + (n + 1) + "-byte sequence is not a continuation");
            }
            cp = (cp << 6) | (in[pos + i] & 0x3f);
        }
        if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) {
            throw notJson("invalid UTF-8: U+" + Integer.toHexString(cp) + " in an overlong form or not a character");
        }
        pos += n + 1;
    }

    private int skipWhiteSpace() {
        while (pos < in.length) {
            int c = in[pos];
            if (c != ' ' && c != '\n' && c != '\r' && c != '\t') {
                return c & 0xff;
            }
            pos++;
        }
        return -1;
    }

    // ---- the current token's content

    /** The current string or name equals {@code ascii} (a name of plain ASCII characters). */
    boolean textIs(String ascii) {
        int n = escaped ? decode() : end - start;
        if (n != ascii.length()) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            if ((escaped ? scratch[i] : in[start + i]) != ascii.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /** Whether the current string has escapes; if not, its UTF-8 bytes are {@link #input()}[{@link #start()}, {@link #end()}). */
    boolean escaped() {
        return escaped;
    }

    byte[] input() {
        return in;
    }

    int start() {
        return start;
    }

    int end() {
        return end;
    }

    /** The current string's length in UTF-16 chars, as a Java string of it would have. */
    int textLength() {
        return decode();
    }

    /** Copies the current string's chars to {@code into[0..]}, which holds at least {@link #textLength()}. */
    void textTo(char[] into) {
        int n = decode();
        System.arraycopy(scratch, 0, into, 0, n);
    }

    /** The current token's text (a string decoded; a number or literal as written). Allocates: for messages and rare paths. */
    String text() {
        if (token == Token.STRING || token == Token.FIELD_NAME) {
            return new String(scratch, 0, decode());
        }
        return new String(in, start, end - start, StandardCharsets.US_ASCII);
    }

    /** Decodes the current string into scratch (grown as needed); returns its length in chars. */
    private int decode() {
        if (scratch.length < end - start) {
            scratch = new char[Math.max(end - start, 2 * scratch.length)];
        }
        int n = 0;
        int i = start;
        while (i < end) {
            int b = in[i];
            if (b == '\\') {
                int c = in[i + 1];
                switch (c) {
                    case 'b': scratch[n++] = '\b'; i += 2; break;
                    case 'f': scratch[n++] = '\f'; i += 2; break;
                    case 'n': scratch[n++] = '\n'; i += 2; break;
                    case 'r': scratch[n++] = '\r'; i += 2; break;
                    case 't': scratch[n++] = '\t'; i += 2; break;
                    case 'u':
                        scratch[n++] = (char) hex4(i + 2);
                        i += 6;
                        break;
                    default: scratch[n++] = (char) c; i += 2; break;
                }
            } else if (b >= 0) {
                scratch[n++] = (char) b;
                i++;
            } else {
                int b0 = b & 0xff;
                int cp;
                if (b0 < 0xe0) {
                    cp = ((b0 & 0x1f) << 6) | (in[i + 1] & 0x3f);
                    i += 2;
                } else if (b0 < 0xf0) {
                    cp = ((b0 & 0x0f) << 12) | ((in[i + 1] & 0x3f) << 6) | (in[i + 2] & 0x3f);
                    i += 3;
                } else {
                    cp = ((b0 & 0x07) << 18) | ((in[i + 1] & 0x3f) << 12) | ((in[i + 2] & 0x3f) << 6) | (in[i + 3] & 0x3f);
                    i += 4;
                }
                n += Character.toChars(cp, scratch, n);
            }
        }
        return n;
    }

    /**
     * The current number's value, correctly rounded; NaN or ±Infinity for those literals and ±Infinity
     * for a number beyond the doubles (1e999). An integer that fits a long is that long's double (so
     * {@code -0} is 0.0, as Jackson reads it).
     */
    double doubleValue() {
        if (special != 0) { // NaN != 0 too
            return special;
        }
        if (token == Token.NUMBER_INT && end - start <= 18) {
            return (double) longValue();
        }
        return JsonDoubleParser.parseDouble(in, start, end - start);
    }

    /** Whether the current integer fits a long. */
    boolean fitsLong() {
        int digits = end - start - (in[start] == '-' ? 1 : 0);
        if (digits < 19) {
            return true;
        }
        if (digits > 19) {
            return false;
        }
        String limit = in[start] == '-' ? "9223372036854775808" : "9223372036854775807";
        int from = end - 19;
        for (int i = 0; i < 19; i++) {
            int d = in[from + i] - limit.charAt(i);
            if (d != 0) {
                return d < 0;
            }
        }
        return true;
    }

    /** The current integer's value; it must {@link #fitsLong()}. */
    long longValue() {
        boolean negative = in[start] == '-';
        long v = 0;
        for (int i = negative ? start + 1 : start; i < end; i++) {
            v = 10 * v - (in[i] - '0'); // accumulated negative: Long.MIN_VALUE fits
        }
        return negative ? v : -v;
    }

    // ---- errors

    private RecordRejectedException notJson(String what) {
        return new RecordRejectedException(RejectReason.NOT_JSON, what + " at byte " + pos);
    }

    private static String describe(int c) {
        if (c < 0) {
            return "the end of input";
        }
        if (c >= 0x21 && c < 0x7f) {
            return "'" + (char) c + "'";
        }
        return "byte 0x" + Integer.toHexString(c & 0xff);
    }
}
