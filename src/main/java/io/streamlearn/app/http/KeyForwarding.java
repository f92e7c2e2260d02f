package io.streamlearn.app.http;

import io.streamlearn.query.PipelineMonitor;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;

/**
 * A {@code ?key=K} request's key, read here or forwarded. When this instance's stores hold K
 * ({@link KeyedPipelines#find}), the handler answers; when the key's task is on another instance of
 * the application, the request is forwarded there ({@link KeyedPipelines#locate}, from Kafka
 * Streams' metadata and the instances' {@code application.server}) and its answer relayed: the
 * client needs no knowledge of the partitions, and a POST body needs no client that re-sends it on a
 * redirect. A forwarded request carries {@value #FORWARDED_BY} and is never forwarded again (no loop
 * while two instances disagree during a rebalance); an instance that does not answer within
 * {@link #FORWARD_TIMEOUT}, or metadata that is not available (a rebalance), gives 503 with
 * {@code Retry-After}. The request goes over HTTPS when this instance serves HTTPS, and carries
 * this instance's token when it has one (the instances of an application share theirs).
 */
final class KeyForwarding {

    /** Header of a request forwarded by another instance: its address. */
    static final String FORWARDED_BY = "X-Streamlearn-Forwarded-By";
    static final Duration FORWARD_TIMEOUT = Duration.ofSeconds(5);

    private final KeyedPipelines keyed;
    private final String self;
    private final String scheme;
    private final Optional<BearerToken> token;
    private final HttpClient peers;

    /** Forwards as {@code settings} say: HTTPS with TLS (trusting its truststore), with the token when there is one. */
    KeyForwarding(KeyedPipelines keyed, HttpSettings settings) {
        this.keyed = keyed;
        this.self = settings.advertised();
        this.scheme = settings.scheme();
        this.token = settings.token();
        HttpClient.Builder peers = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(2));
        settings.tls().ifPresent(tls -> peers.sslContext(tls.client()));
        this.peers = peers.build();
    }

    /**
     * Key {@code key}'s pipeline of a {@code scope: key} pipeline, or null when the request was
     * answered otherwise: forwarded to the instance that holds the key (with the exchange's body), or
     * an error: 400 without a key or for a global pipeline, 404 when no instance holds state for the
     * key, 503 when its store or the metadata cannot be read now.
     */
    KeyedPipelines.KeyedPipeline keyedPipeline(Exchange exchange, PipelineMonitor monitor, String key)
            throws IOException {
        if (!monitor.perKey()) {
            exchange.error(400, "pipeline " + monitor.pipeline() + " has one model set (scope: global): no ?key=");
            return null;
        }
        if (key == null) {
            exchange.error(400, "pipeline " + monitor.pipeline() + " has one model set per record key (scope: key):"
                    + " give ?key=K");
            return null;
        }
        byte[] keyBytes = key.getBytes(StandardCharsets.UTF_8);
        KeyedPipelines.KeyedPipeline p;
        try {
            p = keyed.find(monitor.pipeline(), keyBytes);
        } catch (IllegalStateException e) {
            exchange.retryLater("the state of key " + key + " cannot be read now (" + e.getMessage() + "); retry");
            return null;
        }
        if (p != null) {
            if (self != null) {
                exchange.setHeader(StatusServer.SERVED_BY, self);
            }
            return p;
        }
        if (exchange.requestHeader(FORWARDED_BY) == null) {
            String target;
            try {
                target = keyed.locate(monitor.pipeline(), keyBytes);
            } catch (IllegalStateException e) {
                exchange.retryLater("no instance holds key " + key + " now (" + e.getMessage() + "); retry");
                return null;
            }
            if (target != null) {
                forward(exchange, target);
                return null;
            }
        }
        exchange.error(404, "no model for key " + key + " of pipeline " + monitor.pipeline()
                + (self == null ? " on this instance" : ""));
        return null;
    }

    /** Sends the request on to the instance at {@code target} (host:port) and relays its answer. */
    private void forward(Exchange exchange, String target) throws IOException {
        URI request = exchange.uri();
        HttpRequest.Builder builder;
        try {
            builder = HttpRequest.newBuilder(URI.create(scheme + "://" + target + request.getRawPath()
                    + (request.getRawQuery() == null ? "" : "?" + request.getRawQuery())));
        } catch (IllegalArgumentException e) {
            exchange.error(400, "cannot forward this request: " + e.getMessage());
            return;
        }
        builder.timeout(FORWARD_TIMEOUT).header(FORWARDED_BY, self == null ? "unknown" : self);
        token.ifPresent(t -> builder.header("Authorization", t.authorization()));
        if (exchange.body() == null) {
            builder.GET();
        } else {
            builder.POST(HttpRequest.BodyPublishers.ofByteArray(exchange.body())).header("Content-Type", "application/json");
        }
        HttpResponse<byte[]> answer;
        try {
            answer = peers.send(builder.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            exchange.retryLater("the instance holding the key, " + target + ", did not answer (" + e + "); retry");
            return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            exchange.retryLater("interrupted while forwarding to " + target);
            return;
        }
        exchange.setHeader(StatusServer.SERVED_BY, answer.headers().firstValue(StatusServer.SERVED_BY).orElse(target));
        answer.headers().firstValue("Retry-After").ifPresent(v -> exchange.setHeader("Retry-After", v));
        exchange.send(answer.statusCode(), answer.headers().firstValue("Content-Type").orElse("application/json"),
                answer.body());
    }
}
