package io.streamlearn.app;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Creates the topics that are missing and tells how many partitions each one has. */
public final class TopicProvisioner {

    private static final Logger LOG = LoggerFactory.getLogger(TopicProvisioner.class);

    /** How long a just-created topic may take to reach the metadata of the broker asked. */
    private static final Duration DESCRIBE_PATIENCE = Duration.ofSeconds(30);

    private TopicProvisioner() {}

    /**
     * Creates each missing topic with {@code partitions} partitions and the given replication
     * (empty: the broker's default), then returns every topic's partition count.
     */
    public static Map<String, Integer> ensure(Admin admin, Collection<String> topics, int partitions,
                                       Optional<Short> replication) throws InterruptedException, ExecutionException {
        Set<String> wanted = new LinkedHashSet<>(topics);
        Set<String> existing = admin.listTopics().names().get();
        List<NewTopic> missing = new ArrayList<>();
        for (String t : wanted) {
            if (!existing.contains(t)) {
                missing.add(new NewTopic(t, Optional.of(partitions), replication));
            }
        }
        if (!missing.isEmpty()) {
            try {
                admin.createTopics(missing).all().get();
                LOG.info("created topics {}", missing.stream().map(NewTopic::name).toList());
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw e;
                }
            }
        }
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (Map.Entry<String, TopicDescription> d : describe(admin, wanted).entrySet()) {
            counts.put(d.getKey(), d.getValue().partitions().size());
        }
        return counts;
    }

    /**
     * The topics' descriptions, asked again while the cluster answers with a retriable error: a
     * topic just created may not be in every broker's metadata yet ({@code UnknownTopicOrPartition}).
     */
    private static Map<String, TopicDescription> describe(Admin admin, Set<String> topics)
            throws InterruptedException, ExecutionException {
        long deadline = System.nanoTime() + DESCRIBE_PATIENCE.toNanos();
        while (true) {
            try {
                return admin.describeTopics(topics).allTopicNames().get();
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof RetriableException) || System.nanoTime() > deadline) {
                    throw e;
                }
                LOG.debug("topics {} not described yet: {}", topics, e.getCause().getMessage());
                Thread.sleep(100);
            }
        }
    }
}
