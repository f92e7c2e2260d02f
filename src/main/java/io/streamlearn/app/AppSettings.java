package io.streamlearn.app;

import io.streamlearn.topology.OutputErrorHandler;
import io.streamlearn.topology.store.ChunkedValues;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.HashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.LogAndContinueExceptionHandler;

/**
 * The settings of a streamlearn application: Kafka client and Streams properties, plus a few of
 * streamlearn's own ({@code streamlearn.*}, not passed to Kafka).
 *
 * <p>Precedence, lowest first: streamlearn's defaults; the {@code --config} properties file; the
 * environment ({@code STREAMLEARN_BOOTSTRAP_SERVERS}, {@code STREAMLEARN_APPLICATION_ID},
 * {@code STREAMLEARN_STATE_DIR}, and any {@code STREAMLEARN_KAFKA_<PROPERTY>} such as
 * {@code STREAMLEARN_KAFKA_SECURITY_PROTOCOL=SASL_SSL} for {@code security.protocol}); then the
 * command-line flags.
 */
public final class AppSettings {

    public static final String TOPIC_PARTITIONS_CONFIG = "streamlearn.topic.partitions";
    /** The consumer's (internal) setting that makes {@code close()} send a LeaveGroup request. */
    static final String LEAVE_GROUP_ON_CLOSE = "internal.leave.group.on.close";

    public static final String TOPIC_PARTITIONS_DOC = "Partitions of the input, output and dead-letter topics that"
            + " streamlearn creates when they are missing. Default 1.";
    public static final String TOPIC_REPLICATION_CONFIG = "streamlearn.topic.replication.factor";
    public static final String TOPIC_REPLICATION_DOC = "Replication factor of the topics streamlearn creates;"
            + " -1 for the broker's default. Default -1.";
    public static final String CHUNK_BYTES_CONFIG = "streamlearn.state.chunk.bytes";
    public static final String CHUNK_BYTES_DOC = "Largest state value written as one changelog record; larger models"
            + " are split into chunks. Keep it under the broker's message.max.bytes. Default 921600.";

    public static final String ENV_BOOTSTRAP_SERVERS = "STREAMLEARN_BOOTSTRAP_SERVERS";
    public static final String ENV_APPLICATION_ID = "STREAMLEARN_APPLICATION_ID";
    public static final String ENV_STATE_DIR = "STREAMLEARN_STATE_DIR";
    public static final String ENV_KAFKA_PREFIX = "STREAMLEARN_KAFKA_";

    /** {@code num.standby.replicas} unless configured: one warm copy, placed when a second instance runs. */
    public static final String DEFAULT_STANDBY_REPLICAS = "1";

    private static final String OWN_PREFIX = "streamlearn.";
    private static final Set<String> SECRETS = secretNames();
    /** How long a broker may be away before a task or its producer gives up: 5 minutes. */
    private static final String OUTAGE_TOLERANCE_MS = "300000";

    private final Properties kafka;
    private final int topicPartitions;
    private final short topicReplication;
    private final int chunkBytes;

    private AppSettings(Properties kafka, int topicPartitions, short topicReplication, int chunkBytes) {
        this.kafka = kafka;
        this.topicPartitions = topicPartitions;
        this.topicReplication = topicReplication;
        this.chunkBytes = chunkBytes;
    }

    /**
     * Resolves the settings.
     *
     * @param configFile a properties file, or null
     * @param env the environment ({@code System.getenv()})
     * @param flags properties given on the command line (null values are ignored)
     */
    public static AppSettings resolve(Path configFile, Map<String, String> env, Map<String, String> flags)
            throws IOException {
        Properties all = defaults();
        if (configFile != null) {
            Properties file = new Properties();
            try (Reader in = Files.newBufferedReader(configFile)) {
                file.load(in);
            }
            all.putAll(file);
        }
        putIfSet(all, StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, env.get(ENV_BOOTSTRAP_SERVERS));
        putIfSet(all, StreamsConfig.APPLICATION_ID_CONFIG, env.get(ENV_APPLICATION_ID));
        putIfSet(all, StreamsConfig.STATE_DIR_CONFIG, env.get(ENV_STATE_DIR));
        for (Map.Entry<String, String> e : env.entrySet()) {
            if (e.getKey().startsWith(ENV_KAFKA_PREFIX)) {
                String key = e.getKey().substring(ENV_KAFKA_PREFIX.length()).toLowerCase(Locale.ROOT).replace('_', '.');
                all.put(key, e.getValue());
            }
        }
        flags.forEach((k, v) -> putIfSet(all, k, v));
        if (all.getProperty(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG) == null) {
            throw new IllegalArgumentException("no bootstrap servers: give --bootstrap-servers, set "
                    + ENV_BOOTSTRAP_SERVERS + ", or bootstrap.servers in --config");
        }
        Properties kafka = new Properties();
        for (String key : all.stringPropertyNames()) {
            if (!key.startsWith(OWN_PREFIX)) {
                kafka.put(key, all.getProperty(key));
            }
        }
        return new AppSettings(kafka,
                Integer.parseInt(all.getProperty(TOPIC_PARTITIONS_CONFIG, "1")),
                Short.parseShort(all.getProperty(TOPIC_REPLICATION_CONFIG, "-1")),
                Integer.parseInt(all.getProperty(CHUNK_BYTES_CONFIG, Integer.toString(ChunkedValues.DEFAULT_CHUNK_SIZE))));
    }

    private static Properties defaults() {
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, "streamlearn");
        p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        // a warm copy of every task's stores on another instance (Kafka's default is none), so that a
        // task moved by a crash resumes without replaying its changelog; with one instance no standby
        // can be placed and none is
        p.put(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, DEFAULT_STANDBY_REPLICAS);
        p.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, LogAndContinueExceptionHandler.class.getName());
        p.put(StreamsConfig.PRODUCTION_EXCEPTION_HANDLER_CLASS_CONFIG, OutputErrorHandler.class.getName());
        // changelog and output records of one commit go out together; lz4 is cheap on 2 cores
        p.put(StreamsConfig.producerPrefix(ProducerConfig.LINGER_MS_CONFIG), "5");
        // 256 KiB batches instead of 16 KiB: with small batches the producer stalls on its in-flight
        // requests and the broker on their number (bench: pass-through 57k -> 115k records/s,
        // streamlearn 46k -> 57k); latency is unchanged, the commit's flush sends what is waiting
        p.put(StreamsConfig.producerPrefix(ProducerConfig.BATCH_SIZE_CONFIG), "262144");
        p.put(StreamsConfig.producerPrefix(ProducerConfig.COMPRESSION_TYPE_CONFIG), "lz4");
        p.put(StreamsConfig.consumerPrefix(ConsumerConfig.MAX_POLL_RECORDS_CONFIG), "2000");
        // a clean stop (close, SIGTERM) leaves the consumer group, so that a restart gets the tasks at once
        // instead of after session.timeout.ms; Kafka Streams 4.1 leaves only static members on
        // close(leaveGroup), and its main consumer does not leave on close unless told to
        p.put(StreamsConfig.mainConsumerPrefix(LEAVE_GROUP_ON_CLOSE), "true");
        // Riding out a broker outage (BrokerOutageIT: 30 s) without a dead stream thread: a task keeps
        // retrying timed-out client calls for task.timeout.ms, and the producer must not give up
        // first, neither on a send (delivery.timeout.ms) nor while blocked on metadata, a full buffer
        // or a commit of the transaction (max.block.ms, 60 s by default, after which the thread
        // would die and be replaced). Five minutes for all three; a transaction that stays open past
        // transaction.timeout.ms is aborted by the broker and replayed from the last commit.
        p.put(StreamsConfig.TASK_TIMEOUT_MS_CONFIG, OUTAGE_TOLERANCE_MS);
        p.put(StreamsConfig.producerPrefix(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG), OUTAGE_TOLERANCE_MS);
        p.put(StreamsConfig.producerPrefix(ProducerConfig.MAX_BLOCK_MS_CONFIG), OUTAGE_TOLERANCE_MS);
        return p;
    }

    private static void putIfSet(Properties p, String key, String value) {
        if (value != null && !value.isBlank()) {
            p.put(key, value);
        }
    }

    /** Properties for Kafka Streams and the admin, producer and consumer clients. */
    public Properties kafka() {
        Properties copy = new Properties();
        copy.putAll(kafka);
        return copy;
    }

    /**
     * Whether a property holds a secret that Kafka itself would log as {@code [hidden]}: its name
     * (after any prefix such as {@code producer.} or {@code listener.name.x.}) is one of the clients'
     * or Streams' settings of type PASSWORD ({@code sasl.jaas.config}, {@code ssl.keystore.password},
     * {@code ssl.keystore.key}, ...), or ends with {@code password} (a plug-in's).
     */
    public static boolean isSecret(String key) {
        return key.endsWith("password") || SECRETS.stream().anyMatch(key::endsWith);
    }

    private static Set<String> secretNames() {
        Set<String> secrets = new HashSet<>();
        for (ConfigDef def : List.of(ProducerConfig.configDef(), ConsumerConfig.configDef(),
                AdminClientConfig.configDef(), StreamsConfig.configDef())) {
            def.configKeys().values().stream().filter(k -> k.type == ConfigDef.Type.PASSWORD)
                    .forEach(k -> secrets.add(k.name));
        }
        return Set.copyOf(secrets);
    }

    /**
     * The settings that reach the cluster, for a plain producer, consumer or admin client beside
     * Kafka Streams ({@code produce}, {@code bench}'s own clients): those of {@link #kafka()} that
     * every one of the three clients knows ({@code bootstrap.servers}, {@code security.protocol},
     * {@code ssl.*}, {@code sasl.*}, {@code client.dns.lookup}, ...); Streams' own and prefixed
     * settings are left out, so that no client warns of a setting it does not know.
     */
    public Properties connection() {
        Set<String> common = new HashSet<>(AdminClientConfig.configNames());
        common.retainAll(ProducerConfig.configNames());
        common.retainAll(ConsumerConfig.configNames());
        Properties connection = new Properties();
        for (String key : kafka.stringPropertyNames()) {
            if (common.contains(key)) {
                connection.put(key, kafka.getProperty(key));
            }
        }
        return connection;
    }

    public String bootstrapServers() {
        return kafka.getProperty(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG);
    }

    /**
     * This instance's HTTP address as the other instances reach it ({@code application.server},
     * host:port); empty when not set (then {@code ?key=} queries are answered from this instance only).
     */
    public Optional<String> advertisedHttp() {
        return Optional.ofNullable(kafka.getProperty(StreamsConfig.APPLICATION_SERVER_CONFIG)).filter(s -> !s.isBlank());
    }

    public int topicPartitions() {
        return topicPartitions;
    }

    /** Empty for the broker's default. */
    public Optional<Short> topicReplication() {
        return topicReplication < 0 ? Optional.empty() : Optional.of(topicReplication);
    }

    public int chunkBytes() {
        return chunkBytes;
    }

    /**
     * Largest dead-letter value: the producer's {@code max.request.size} (default 1 MiB) less 48 KiB
     * for the key, the headers and the batch overhead.
     */
    public int maxDeadLetterBytes() {
        String configured = kafka.getProperty(StreamsConfig.producerPrefix(ProducerConfig.MAX_REQUEST_SIZE_CONFIG),
                kafka.getProperty(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, "1048576"));
        return Math.max(1024, Integer.parseInt(configured.trim()) - 48 * 1024);
    }
}
