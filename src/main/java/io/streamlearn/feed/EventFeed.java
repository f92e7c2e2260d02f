package io.streamlearn.feed;

import io.streamlearn.record.RawEvent;
import io.streamlearn.record.RawEventReader;
import io.streamlearn.record.RawField;
import io.streamlearn.record.RecordLimits;
import io.streamlearn.record.RecordRejectedException;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.List;
import java.util.function.Consumer;

/**
 * Raw events to produce as they are (docs/DESIGN.md, "Raw events"): each value is the event's
 * bytes, unchanged; the key, when a key field is given, is that field's text (a string's content,
 * a number as JSON wrote it), none when the field is null or absent. An event the key field cannot
 * be read from (not JSON, an object where the field is) is still sent, without a key: the pipeline
 * dead-letters it with its reason; {@code unkeyed} is told of it.
 */
public final class EventFeed implements Iterator<FeedItem> {

    private final Iterator<byte[]> events;
    private final RawEventReader reader;
    private final RawEvent event;
    private final Consumer<String> unkeyed;
    private long position;

    /**
     * @param keyField the field whose text keys the event; null for no key
     * @param unkeyed told of each event sent without a key because its key field could not be read
     */
    public EventFeed(Iterator<byte[]> events, RawField keyField, Consumer<String> unkeyed) {
        this.events = events;
        this.reader = keyField == null ? null : new RawEventReader(List.of(keyField), RecordLimits.DEFAULT);
        this.event = reader == null ? null : reader.newEvent();
        this.unkeyed = unkeyed;
    }

    @Override
    public boolean hasNext() {
        return events.hasNext();
    }

    @Override
    public FeedItem next() {
        byte[] value = events.next();
        position++;
        if (reader == null) {
            return new FeedItem(null, value);
        }
        try {
            reader.read(value, event);
        } catch (RecordRejectedException e) {
            unkeyed.accept("event " + position + " sent without a key: " + e.headerText());
            return new FeedItem(null, value);
        }
        String key = event.text(0);
        return new FeedItem(key == null ? null : key.getBytes(StandardCharsets.UTF_8), value);
    }
}
