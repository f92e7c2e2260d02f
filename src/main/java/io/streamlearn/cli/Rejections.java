package io.streamlearn.cli;

import io.streamlearn.record.RecordRejectedException;
import io.streamlearn.record.RejectReason;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The records {@code produce} and {@code replay} refused, by reason: a count and the first example
 * of each, summed up in one line per reason at the end (not a line per record).
 */
final class Rejections {

    private final Map<RejectReason, Long> counts = new EnumMap<>(RejectReason.class);
    private final Map<RejectReason, String> firsts = new EnumMap<>(RejectReason.class);

    /** Counts a refused record; {@code position} says where it came from ({@code CSV row 17}). */
    void add(String position, RecordRejectedException e) {
        if (counts.merge(e.reason(), 1L, Long::sum) == 1) {
            firsts.put(e.reason(), position + ": " + e.getMessage());
        }
    }

    long total() {
        return counts.values().stream().mapToLong(Long::longValue).sum();
    }

    /**
     * One line per reason, by the reason's code (as the dead-letter header and the metric name it):
     * {@code rejected 442 records: invalid_record, the first at CSV row 1: ...}.
     */
    List<String> summary() {
        List<String> lines = new ArrayList<>();
        counts.forEach((reason, n) -> lines.add(String.format(Locale.ROOT, "rejected %,d record%s: %s, the first at %s",
                n, n == 1 ? "" : "s", reason.label(), firsts.get(reason))));
        return lines;
    }
}
