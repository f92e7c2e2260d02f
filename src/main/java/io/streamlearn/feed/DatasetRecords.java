package io.streamlearn.feed;

import io.streamlearn.feed.dataset.Dataset;
import io.streamlearn.feed.dataset.DatasetRow;
import io.streamlearn.record.FeatureRecord;

/** The first rows of a built-in dataset as feature records. */
final class DatasetRecords implements RecordSource {

    private final Dataset data;
    private final long limit;
    private long read;

    DatasetRecords(Dataset data, long limit) {
        this.data = data;
        this.limit = limit;
    }

    @Override
    public FeatureRecord next() {
        if (read >= limit || !data.hasNext()) {
            return null;
        }
        read++;
        DatasetRow row = data.next();
        return new FeatureRecord(row.id(), row.features(), row.label(), null);
    }

    @Override
    public String position() {
        return data.name() + " record " + read;
    }

    @Override
    public void close() {}
}
