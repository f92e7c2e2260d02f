package io.streamlearn.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The demo's view of the user's own records: of the predictions it reads, those whose id is not of
 * the built-in feed's form ({@code friedman1-17}), the last {@link DemoCommand#OWN_RECORDS_SHOWN}, as
 * lines under the table.
 */
final class OwnRecords {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Pattern feedIds;
    private final String feed;
    private final Deque<String> last = new ArrayDeque<>();
    private long count;

    /** @param feed the built-in feed's dataset, or {@code none} */
    OwnRecords(String feed) {
        this.feed = feed;
        this.feedIds = "none".equals(feed) ? null : Pattern.compile(Pattern.quote(feed) + "-\\d+");
    }

    /** Looks at one prediction (the output JSON); keeps it when it is not of the feed. */
    void offer(byte[] prediction) {
        JsonNode p;
        try {
            p = JSON.readTree(prediction);
        } catch (IOException e) {
            return;
        }
        if (p == null || !p.isObject()) {
            return;
        }
        String id = p.path("id").asText("");
        if (feedIds != null && feedIds.matcher(id).matches()) {
            return;
        }
        count++;
        StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "  %-20s %-9s label %-10s",
                id, p.path("split").asText("?"), p.hasNonNull("label") ? p.get("label").asText() : "-"));
        for (Iterator<Map.Entry<String, JsonNode>> it = p.path("predictions").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode v = e.getValue();
            String shown = v.isNumber() ? String.format(Locale.ROOT, "%.4f", v.asDouble())
                    : v.has("class") ? v.get("class").asText() : v.toString();
            line.append("  ").append(e.getKey()).append(' ').append(shown);
        }
        last.addLast(line.toString());
        if (last.size() > DemoCommand.OWN_RECORDS_SHOWN) {
            last.removeFirst();
        }
    }

    long count() {
        return count;
    }

    /** The lines under the table; empty before the first own record. */
    String render() {
        if (count == 0) {
            return "";
        }
        String nl = System.lineSeparator();
        StringBuilder s = new StringBuilder(String.format(Locale.ROOT, "your records%s: %,d, the last %d:%s",
                feedIds == null ? "" : " (ids not " + feed + "-N)", count, last.size(), nl));
        last.forEach(l -> s.append(l).append(nl));
        return s.toString();
    }
}
