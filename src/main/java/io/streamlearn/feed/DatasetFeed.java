package io.streamlearn.feed;

import io.streamlearn.feed.dataset.Dataset;
import io.streamlearn.feed.dataset.DatasetRow;
import io.streamlearn.feed.dataset.FeatureRecordJson;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;

/** A built-in dataset as input records; the key is the row id when asked for, else none. */
public final class DatasetFeed implements Iterator<FeedItem> {

    private final Dataset dataset;
    private final boolean keyById;

    public DatasetFeed(Dataset dataset, boolean keyById) {
        this.dataset = dataset;
        this.keyById = keyById;
    }

    @Override
    public boolean hasNext() {
        return dataset.hasNext();
    }

    @Override
    public FeedItem next() {
        DatasetRow row = dataset.next();
        byte[] key = keyById ? row.id().getBytes(StandardCharsets.UTF_8) : null;
        return new FeedItem(key, FeatureRecordJson.encode(row, System.currentTimeMillis()));
    }
}
