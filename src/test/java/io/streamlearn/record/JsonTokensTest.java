package io.streamlearn.record;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import io.streamlearn.record.JsonTokens.Token;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The tokenizer against Jackson's streaming parser (the parser the record reader used before, with the
 * same settings), on hand-picked texts and on 100,000 mutations of valid ones: the same texts are
 * accepted as one JSON value, with the same tokens, strings and numbers (bit for bit).
 */
class JsonTokensTest {

    private static final int DEPTH = 8;
    private static final JsonFactory JACKSON = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(DEPTH).build())
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .build();

    private static final String[] SEEDS = {
        "{\"id\": \"r-17\", \"features\": [0.03, -0.04, 0.06], \"label\": 151.0, \"timestamp\": 1764259200000}",
        "{\"features\":{\"age\":0.5488135039273248,\"bmi\":-7.1518937e-1},\"label\":null,\"x\":[true,false,{}]}",
        "{\"id\":\"caf\u00e9 \u65e5\u672c \ud83d\ude00\",\"s\":\"tab\\t nl\\n q\\\" bs\\\\ sl\\/ u\\u00e9\\ud83d\\ude00\"}",
        "[1, -0, 0.0, -0.0, 1e-3, 2E+2, 3e-400, 1e999, 12345678901234567890, -9223372036854775808, NaN, "
                + "Infinity, -Infinity, +Infinity]",
        "  {\"a\" : [ [ [ ] ] , { \"b\" : { } } ] , \"c\" : \"\" }\n",
        "{\"f\": [4.9e-324, 1.7976931348623157E308, 0.30000000000000004, 123456789012345678, 2.5]}",
    };

    @Test
    void tokensAsJacksonGivesThem() throws IOException {
        for (String seed : SEEDS) {
            byte[] text = seed.getBytes(StandardCharsets.UTF_8);
            List<String> expected = jackson(text);
            assertThat(expected).as(seed).isNotNull();
            assertThat(ours(text)).as(seed).isEqualTo(expected);
        }
    }

    @Test
    void acceptsAndRefusesWhatJacksonDoesOnMutatedTexts() throws IOException {
        Random random = new Random(20261204);
        String alphabet = "{}[]:,\"\\ \t\n0123456789.eE+-/utfnrlsaNIiy\u00e9";
        int accepted = 0;
        for (int i = 0; i < 100_000; i++) {
            StringBuilder s = new StringBuilder(SEEDS[random.nextInt(SEEDS.length)]);
            for (int m = random.nextInt(3) + 1; m > 0 && s.length() > 0; m--) {
                int at = random.nextInt(s.length());
                char c = alphabet.charAt(random.nextInt(alphabet.length()));
                switch (random.nextInt(4)) {
                    case 0 -> s.setCharAt(at, c);
                    case 1 -> s.insert(at, c);
                    case 2 -> s.deleteCharAt(at);
                    default -> s.setLength(at);
                }
            }
            byte[] text = s.toString().getBytes(StandardCharsets.UTF_8);
            List<String> expected = jackson(text);
            List<String> actual = ours(text);
            assertThat(actual).as(s.toString()).isEqualTo(expected);
            if (expected != null) {
                accepted++;
            }
        }
        // the mutations must exercise both sides
        assertThat(accepted).isBetween(5_000, 95_000);
    }

    @Test
    void refusesWhatIsNotUtf8() {
        assertThat(ours(new byte[] {'"', (byte) 0xc0, (byte) 0x80, '"'})).as("overlong NUL").isNull();
        assertThat(ours(new byte[] {'"', (byte) 0xed, (byte) 0xa0, (byte) 0x80, '"'})).as("a surrogate").isNull();
        assertThat(ours(new byte[] {'"', (byte) 0xf4, (byte) 0x90, (byte) 0x80, (byte) 0x80, '"'})).as("over U+10FFFF")
                .isNull();
        assertThat(ours(new byte[] {'"', (byte) 0xe6, (byte) 0x97, '"'})).as("cut short").isNull();
        assertThat(ours(new byte[] {'"', (byte) 0xe6, (byte) 0x97, (byte) 0xa5, '"'})).containsExactly("STRING \u65e5");
    }

    @Test
    void errorsSayWhereAndTheDepthIsARecordProblem() {
        JsonTokens t = new JsonTokens();
        t.reset("{\"a\": [1, 2,, 3]}".getBytes(StandardCharsets.UTF_8), DEPTH);
        assertThatThrownBy(() -> {
            while (t.next() != Token.END) {
                // read on
            }
        }).isInstanceOf(RecordRejectedException.class).hasMessage("unexpected ',' at byte 12")
                .extracting(e -> ((RecordRejectedException) e).reason()).isEqualTo(RejectReason.NOT_JSON);
        t.reset("[1\u00e9]".getBytes(StandardCharsets.UTF_8), DEPTH);
        assertThatThrownBy(() -> {
            while (t.next() != Token.END) {
                // read on
            }
        }).hasMessage("unexpected byte 0xc3 after a value at byte 2");
        t.reset("[[[[[[[[[1]]]]]]]]]".getBytes(StandardCharsets.UTF_8), DEPTH);
        assertThatThrownBy(() -> {
            while (t.next() != Token.END) {
                // read on
            }
        }).hasMessage("JSON nested deeper than 8 levels")
                .extracting(e -> ((RecordRejectedException) e).reason()).isEqualTo(RejectReason.INVALID_RECORD);
    }

    /** One JSON value's tokens as Jackson reads them, or null when it is not exactly one valid value. */
    private static List<String> jackson(byte[] text) throws IOException {
        List<String> tokens = new ArrayList<>();
        try (JsonParser p = JACKSON.createParser(text)) {
            int depth = 0;
            do {
                JsonToken t = p.nextToken();
                if (t == null) {
                    return null;
                }
                tokens.add(describe(t, p));
                depth += t.isStructStart() ? 1 : t.isStructEnd() ? -1 : 0;
            } while (depth > 0);
            return p.nextToken() == null ? tokens : null;
        } catch (IOException e) {
            return null;
        }
    }

    private static String describe(JsonToken t, JsonParser p) throws IOException {
        switch (t) {
            case FIELD_NAME:
                return "FIELD_NAME " + p.currentName();
            case VALUE_STRING:
                return "STRING " + p.getText();
            case VALUE_NUMBER_INT:
                return "NUMBER_INT " + Double.doubleToRawLongBits(p.getDoubleValue());
            case VALUE_NUMBER_FLOAT:
                return "NUMBER_FLOAT " + Double.doubleToRawLongBits(p.getDoubleValue());
            case VALUE_TRUE:
                return "TRUE";
            case VALUE_FALSE:
                return "FALSE";
            case VALUE_NULL:
                return "NULL";
            default:
                return t.name();
        }
    }

    /** The same from JsonTokens. */
    private static List<String> ours(byte[] text) {
        JsonTokens t = new JsonTokens();
        t.reset(text, DEPTH);
        List<String> tokens = new ArrayList<>();
        try {
            for (Token token = t.next(); token != Token.END; token = t.next()) {
                switch (token) {
                    case FIELD_NAME, STRING -> tokens.add(token + " " + t.text());
                    case NUMBER_INT, NUMBER_FLOAT -> tokens.add(token + " " + Double.doubleToRawLongBits(t.doubleValue()));
                    default -> tokens.add(token.name());
                }
            }
        } catch (RecordRejectedException e) {
            return null;
        }
        return tokens;
    }
}
