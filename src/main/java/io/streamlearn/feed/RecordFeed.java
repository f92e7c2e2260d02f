package io.streamlearn.feed;

import io.streamlearn.feed.dataset.DatasetRow;
import io.streamlearn.feed.dataset.FeatureRecordJson;
import io.streamlearn.record.FeatureRecord;
import io.streamlearn.record.RecordRejectedException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * A {@link RecordSource} as records to produce: each feature record as the input JSON, keyed by
 * {@code key} (null: no key), its features by name when feature names are given, else as an array.
 * {@code key} is applied to each record right after the source returned it, so it may read
 * {@link RecordSource#key()}. A row the source rejects is reported to {@code skipped} and left out;
 * the source is closed at its end.
 */
public final class RecordFeed implements Iterator<FeedItem> {

    /** No key. */
    public static final Function<FeatureRecord, byte[]> NO_KEY = r -> null;

    private final RecordSource source;
    private final Function<FeatureRecord, byte[]> key;
    private final List<String> featureNames;
    private final boolean stampSendTime;
    private final Consumer<? super SkippedRow> skipped;
    private FeedItem next;

    /** Features as an array (a built-in dataset's, in the order its pipelines name them); as the next. */
    public RecordFeed(RecordSource source, Function<FeatureRecord, byte[]> key, boolean stampSendTime,
                      Consumer<? super SkippedRow> skipped) {
        this(source, key, null, stampSendTime, skipped);
    }

    /**
     * @param featureNames the name of each of the source's features, in its records' order: the
     *        features are sent as an object of named values, which the pipeline matches by name; null
     *        sends them as an array, which it takes in its own feature order
     * @param stampSendTime write the time of reading as the record's {@code timestamp} when it has none
     * @param skipped told of each rejected row: where it was and why (its text says both)
     */
    public RecordFeed(RecordSource source, Function<FeatureRecord, byte[]> key, List<String> featureNames,
                      boolean stampSendTime, Consumer<? super SkippedRow> skipped) {
        this.source = source;
        this.featureNames = featureNames == null ? null : List.copyOf(featureNames);
        this.key = key;
        this.stampSendTime = stampSendTime;
        this.skipped = skipped;
        this.next = advance();
    }

    private FeedItem advance() {
        try {
            while (true) {
                try {
                    FeatureRecord r = source.next();
                    if (r == null) {
                        source.close();
                        return null;
                    }
                    Long timestamp = r.timestamp();
                    if (timestamp == null && stampSendTime) {
                        timestamp = System.currentTimeMillis();
                    }
                    return new FeedItem(key.apply(r),
                            FeatureRecordJson.encode(new DatasetRow(r.id(), r.features(), r.label()), featureNames,
                            timestamp));
                } catch (RecordRejectedException e) {
                    skipped.accept(new SkippedRow(source.position(), e));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public boolean hasNext() {
        return next != null;
    }

    @Override
    public FeedItem next() {
        if (next == null) {
            throw new NoSuchElementException();
        }
        FeedItem item = next;
        next = advance();
        return item;
    }
}
