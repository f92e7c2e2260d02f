package io.streamlearn.feed;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamlearn.feed.dataset.Datasets;
import io.streamlearn.record.CsvColumns;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RecordFeedTest {

    @TempDir
    Path dir;

    @Test
    void aCsvFeedsItsRowsAsJsonWithoutATimestampKeyedByAColumnAndSkipsABadRow() throws Exception {
        Path csv = dir.resolve("rows.csv");
        Files.writeString(csv, "a,b,y\n1,0.5,3.0\n2,oops,4.0\n3,2.5,\n");
        List<Object> skipped = new ArrayList<>();
        RecordFeed feed = new RecordFeed(RecordSource.csv(csv, CsvColumns.labelOnly("y")),
                r -> Long.toString((long) r.features()[0]).getBytes(StandardCharsets.UTF_8), false, skipped::add);
        List<FeedItem> items = new ArrayList<>();
        feed.forEachRemaining(items::add);
        assertThat(items).hasSize(2);
        assertThat(new String(items.get(0).key(), StandardCharsets.UTF_8)).isEqualTo("1");
        assertThat(new String(items.get(0).value(), StandardCharsets.UTF_8)).contains("\"features\":[1.0,0.5]")
                .contains("\"label\":3.0").doesNotContain("timestamp");
        assertThat(new String(items.get(1).value(), StandardCharsets.UTF_8)).doesNotContain("label");
        assertThat(skipped).singleElement().asString().startsWith("skipped CSV row 2: ");
    }

    @Test
    void withFeatureNamesTheValuesAreSentByName() throws Exception {
        Path csv = dir.resolve("rows.csv");
        Files.writeString(csv, "b,y,a\n0.5,3.0,1\n");
        RecordFeed feed = new RecordFeed(RecordSource.csv(csv, CsvColumns.labelOnly("y")), RecordFeed.NO_KEY,
                RecordSource.csvFeatureColumns(csv, CsvColumns.labelOnly("y")), false, line -> { });
        assertThat(new String(feed.next().value(), StandardCharsets.UTF_8))
                .contains("\"features\":{\"b\":0.5,\"a\":1.0}");
    }

    @Test
    void aDatasetFeedIsStampedWithTheSendTimeAndEndsAtItsLimit() {
        long before = System.currentTimeMillis();
        RecordFeed feed = new RecordFeed(RecordSource.dataset(Datasets.open("friedman1", 42), 3), RecordFeed.NO_KEY,
                true, line -> { });
        List<FeedItem> items = new ArrayList<>();
        feed.forEachRemaining(items::add);
        assertThat(items).hasSize(3).allSatisfy(item -> {
            assertThat(item.key()).isNull();
            String json = new String(item.value(), StandardCharsets.UTF_8);
            long stamp = Long.parseLong(json.replaceAll(".*\"timestamp\":(\\d+).*", "$1"));
            assertThat(stamp).isBetween(before, System.currentTimeMillis());
        });
    }
}
