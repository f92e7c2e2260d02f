import io.streamlearn.feed.FeedProducer;
import io.streamlearn.feed.dataset.Dataset;
import io.streamlearn.feed.dataset.DatasetRow;
import io.streamlearn.feed.dataset.Datasets;
import io.streamlearn.feed.dataset.FeatureRecordJson;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * The soak's feed (bench/soak.sh): the built-in {@code drift} dataset (its linear truth switches
 * every 10,000 records) sent as feature records WITHOUT their label at RATE records/s, and each
 * label as its own record {@code {"id", "label"}} on the label topic DELAY_MS later, so that the
 * pipeline's delayed-label join holds about RATE x DELAY_MS / 1000 pending records at any time.
 *
 * <p>Run with the application's jar on the class path (Java's single-file source launcher):
 * {@code java -cp target/streamlearn.jar bench/soak/DelayedLabelFeed.java BOOTSTRAP FEATURES LABELS RATE DELAY_MS}.
 * Prints {@code sent <features> <labels> <behind_ms>} once a second ({@code behind_ms}: how far the
 * pacing is behind the schedule, which grows when this process cannot hold the rate); SIGTERM
 * stops it after a flush.
 */
public final class DelayedLabelFeed {

    private record DueLabel(long dueNanos, String id, double label) {}

    public static void main(String[] args) throws Exception {
        if (args.length != 5) {
            System.err.println("usage: DelayedLabelFeed BOOTSTRAP FEATURES_TOPIC LABELS_TOPIC RATE DELAY_MS");
            System.exit(2);
        }
        String bootstrap = args[0];
        String featuresTopic = args[1];
        String labelsTopic = args[2];
        long rate = Long.parseLong(args[3]);
        long delayNanos = Long.parseLong(args[4]) * 1_000_000L;

        Dataset drift = Datasets.open("drift", 42);
        ArrayDeque<DueLabel> due = new ArrayDeque<>();
        CountDownLatch stopped = new CountDownLatch(1);
        AtomicBoolean stop = new AtomicBoolean();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stop.set(true);
            try {
                stopped.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }));

        long features = 0;
        long labels = 0;
        try (KafkaProducer<byte[], byte[]> producer = FeedProducer.open(bootstrap)) {
            long start = System.nanoTime();
            long nextReport = start + 1_000_000_000L;
            while (!stop.get()) {
                DatasetRow row = drift.next();
                DatasetRow unlabeled = new DatasetRow(row.id(), row.features(), Double.NaN);
                producer.send(new ProducerRecord<>(featuresTopic,
                        FeatureRecordJson.encode(unlabeled, drift.featureNames(), null)));
                features++;
                long now = System.nanoTime();
                due.add(new DueLabel(now + delayNanos, row.id(), row.label()));
                while (!due.isEmpty() && due.peek().dueNanos() <= now) {
                    DueLabel l = due.poll();
                    String json = "{\"id\":\"" + l.id() + "\",\"label\":" + l.label() + "}";
                    producer.send(new ProducerRecord<>(labelsTopic, json.getBytes(StandardCharsets.UTF_8)));
                    labels++;
                }
                long scheduled = start + features * 1_000_000_000L / rate;
                if (now >= nextReport) {
                    System.out.println("sent " + features + " " + labels + " " + Math.max(0, (now - scheduled) / 1_000_000));
                    nextReport += 1_000_000_000L;
                }
                long ahead = scheduled - now;
                if (ahead > 1_000_000) {
                    Thread.sleep(ahead / 1_000_000);
                }
            }
            producer.flush();
        } finally {
            System.out.println("stopped " + features + " " + labels);
            stopped.countDown();
        }
    }
}
