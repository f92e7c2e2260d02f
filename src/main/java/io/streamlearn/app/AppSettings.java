package io.streamlearn.app;

import io.streamlearn.app.http.BearerToken;
import io.streamlearn.app.http.HttpSettings;
import io.streamlearn.app.http.HttpSettingsException;
import io.streamlearn.app.http.HttpTls;
import io.streamlearn.topology.OutputErrorHandler;
import io.streamlearn.topology.store.ChunkedValues;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
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
 * command-line flags. The HTTP server's security follows the same order: {@value #HTTP_TOKEN_FILE_CONFIG}
 * (in {@code --config} or {@code --http-token-file}) against {@value #ENV_HTTP_TOKEN}, the token itself
 * (the environment overrides the file, the flag overrides both).
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

    public static final String HTTP_TOKEN_FILE_CONFIG = "streamlearn.http.token.file";
    public static final String HTTP_TOKEN_FILE_DOC = "A file holding the HTTP server's bearer token: every route but"
            + " GET /health, GET /metrics and the console's page needs Authorization: Bearer <token>. Flag"
            + " --http-token-file; " + "STREAMLEARN_HTTP_TOKEN gives the token itself. Default: no token.";
    public static final String HTTP_PROTECT_METRICS_CONFIG = "streamlearn.http.protect.metrics";
    public static final String HTTP_PROTECT_METRICS_DOC = "true: GET /metrics needs the token too (Prometheus then"
            + " sends it, authorization: credentials_file). Flag --http-protect-metrics. Default false.";
    public static final String HTTP_TLS_KEYSTORE_CONFIG = "streamlearn.http.tls.keystore";
    public static final String HTTP_TLS_KEYSTORE_DOC = "A PKCS12 keystore with the HTTP server's key and certificate:"
            + " HTTPS only. Its password in STREAMLEARN_HTTP_TLS_PASSWORD. Flag --http-tls-keystore. Default: HTTP.";
    public static final String HTTP_TLS_TRUSTSTORE_CONFIG = "streamlearn.http.tls.truststore";
    public static final String HTTP_TLS_TRUSTSTORE_DOC = "A PKCS12 truststore with the certificates trusted when a"
            + " ?key= request is forwarded to another instance over HTTPS. Its password in"
            + " STREAMLEARN_HTTP_TLS_TRUSTSTORE_PASSWORD, else STREAMLEARN_HTTP_TLS_PASSWORD. Flag --http-tls-truststore."
            + " Default: the JDK's trusted certificates.";

    public static final String ENV_HTTP_TOKEN = "STREAMLEARN_HTTP_TOKEN";
    public static final String ENV_HTTP_TLS_PASSWORD = "STREAMLEARN_HTTP_TLS_PASSWORD";
    public static final String ENV_HTTP_TLS_TRUSTSTORE_PASSWORD = "STREAMLEARN_HTTP_TLS_TRUSTSTORE_PASSWORD";
    /** The prefix of the variables above: what {@code demo}, which reads no other variable, passes on. */
    public static final String ENV_HTTP_PREFIX = "STREAMLEARN_HTTP_";

    public static final String ENV_BOOTSTRAP_SERVERS = "STREAMLEARN_BOOTSTRAP_SERVERS";
    public static final String ENV_APPLICATION_ID = "STREAMLEARN_APPLICATION_ID";
    public static final String ENV_STATE_DIR = "STREAMLEARN_STATE_DIR";
    public static final String ENV_KAFKA_PREFIX = "STREAMLEARN_KAFKA_";

    /** {@code num.standby.replicas} unless configured: one warm copy, placed when a second instance runs. */
    public static final String DEFAULT_STANDBY_REPLICAS = "1";

    private static final String OWN_PREFIX = "streamlearn.";
    private static final Set<String> SECRETS = secretNames();
    private static final String HTTP_PREFIX = "streamlearn.http.";
    /** How long a broker may be away before a task or its producer gives up: 5 minutes. */
    private static final String OUTAGE_TOLERANCE_MS = "300000";

    private final Properties kafka;
    private final int topicPartitions;
    private final short topicReplication;
    private final int chunkBytes;
    /** The {@code streamlearn.http.*} settings, layered. */
    private final Properties http;
    /** The {@code STREAMLEARN_HTTP_*} variables; without the token when a token file flag overrides it. */
    private final Map<String, String> httpEnv;

    private AppSettings(Properties kafka, int topicPartitions, short topicReplication, int chunkBytes, Properties http,
                        Map<String, String> httpEnv) {
        this.kafka = kafka;
        this.topicPartitions = topicPartitions;
        this.topicReplication = topicReplication;
        this.chunkBytes = chunkBytes;
        this.http = http;
        this.httpEnv = httpEnv;
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
        Map<String, String> httpEnv = new HashMap<>();
        env.forEach((k, v) -> {
            if (k.startsWith(ENV_HTTP_PREFIX) && v != null && !v.isBlank()) {
                httpEnv.put(k, v);
            }
        });
        if (httpEnv.containsKey(ENV_HTTP_TOKEN)) {
            all.remove(HTTP_TOKEN_FILE_CONFIG); // the environment overrides --config
        }
        flags.forEach((k, v) -> putIfSet(all, k, v));
        if (flags.get(HTTP_TOKEN_FILE_CONFIG) != null) {
            httpEnv.remove(ENV_HTTP_TOKEN); // the flag overrides the environment
        }
        if (all.getProperty(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG) == null) {
            throw new IllegalArgumentException("no bootstrap servers: give --bootstrap-servers, set "
                    + ENV_BOOTSTRAP_SERVERS + ", or bootstrap.servers in --config");
        }
        Properties kafka = new Properties();
        Properties http = new Properties();
        for (String key : all.stringPropertyNames()) {
            if (!key.startsWith(OWN_PREFIX)) {
                kafka.put(key, all.getProperty(key));
            } else if (key.startsWith(HTTP_PREFIX)) {
                http.put(key, all.getProperty(key));
            }
        }
        return new AppSettings(kafka,
                Integer.parseInt(all.getProperty(TOPIC_PARTITIONS_CONFIG, "1")),
                Short.parseShort(all.getProperty(TOPIC_REPLICATION_CONFIG, "-1")),
                Integer.parseInt(all.getProperty(CHUNK_BYTES_CONFIG, Integer.toString(ChunkedValues.DEFAULT_CHUNK_SIZE))),
                http, Map.copyOf(httpEnv));
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

    /**
     * The HTTP server's settings on {@code host} (null: all interfaces) and {@code port}: the token,
     * {@code /metrics} protected or not, and TLS, as resolved; the files are read here.
     *
     * @throws HttpSettingsException when a token file or keystore cannot be used (a user's mistake)
     */
    public HttpSettings http(String host, int port) throws HttpSettingsException {
        Optional<BearerToken> token = Optional.empty();
        String tokenFile = http.getProperty(HTTP_TOKEN_FILE_CONFIG);
        if (tokenFile != null) {
            token = Optional.of(BearerToken.read(Path.of(tokenFile), "--http-token-file"));
        } else if (httpEnv.containsKey(ENV_HTTP_TOKEN)) {
            token = Optional.of(BearerToken.of(httpEnv.get(ENV_HTTP_TOKEN), ENV_HTTP_TOKEN));
        }
        Optional<HttpTls> tls = Optional.empty();
        String keystore = http.getProperty(HTTP_TLS_KEYSTORE_CONFIG);
        String truststore = http.getProperty(HTTP_TLS_TRUSTSTORE_CONFIG);
        if (keystore != null) {
            String password = httpEnv.get(ENV_HTTP_TLS_PASSWORD);
            String trustPassword = httpEnv.getOrDefault(ENV_HTTP_TLS_TRUSTSTORE_PASSWORD, password);
            tls = Optional.of(HttpTls.load(
                    new HttpTls.StoreFile(Path.of(keystore), chars(password), "--http-tls-keystore", ENV_HTTP_TLS_PASSWORD),
                    truststore == null ? null : new HttpTls.StoreFile(Path.of(truststore), chars(trustPassword),
                            "--http-tls-truststore", ENV_HTTP_TLS_TRUSTSTORE_PASSWORD + " or " + ENV_HTTP_TLS_PASSWORD)));
        } else if (truststore != null) {
            throw new HttpSettingsException("--http-tls-truststore " + truststore + " is for HTTPS: give --http-tls-keystore too");
        }
        boolean protectMetrics = Boolean.parseBoolean(http.getProperty(HTTP_PROTECT_METRICS_CONFIG, "false"));
        if (protectMetrics && token.isEmpty()) {
            throw new HttpSettingsException("--http-protect-metrics needs a token: give --http-token-file or set "
                    + ENV_HTTP_TOKEN);
        }
        return HttpSettings.onPort(port).withHost(host).withToken(token).withTls(tls).withProtectMetrics(protectMetrics);
    }

    private static char[] chars(String password) {
        return password == null ? null : password.toCharArray();
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
