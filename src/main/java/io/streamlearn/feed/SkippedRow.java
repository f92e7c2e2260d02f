package io.streamlearn.feed;

import io.streamlearn.record.RecordRejectedException;

/**
 * A row a {@link RecordFeed} left out: where it was in its source ({@code CSV row 17}) and why.
 * Its text is {@code skipped CSV row 17: <reason code>: <message>}.
 */
public record SkippedRow(String position, RecordRejectedException error) {

    @Override
    public String toString() {
        return "skipped " + position + ": " + error.headerText();
    }
}
