package io.streamlearn.app.http;

import io.streamlearn.record.RecordLimits;
import java.util.Optional;

/**
 * How the HTTP server serves: where it listens, the largest body it reads, the address the other
 * instances of the application reach it at, and its security. Immutable; {@code withX} gives a copy.
 *
 * @param host the address to bind ({@code 127.0.0.1}: this machine only); null for all interfaces
 * @param port 0 for an ephemeral one
 * @param maxBodyBytes largest {@code POST} body read; a longer one is 413
 * @param advertised this instance's address as the other instances reach it (host:port, Kafka
 *     Streams' {@code application.server}); null when none is set
 * @param token when present, every route but {@code GET /health}, {@code GET /metrics} and the
 *     console's static page and files needs it (401 otherwise), and forwarded requests carry it
 * @param protectMetrics {@code GET /metrics} needs the token too
 * @param tls when present, HTTPS only, and forwarded requests use HTTPS
 */
public record HttpSettings(String host, int port, int maxBodyBytes, String advertised, Optional<BearerToken> token,
                           boolean protectMetrics, Optional<HttpTls> tls) {

    /** All interfaces, bodies up to the record size limit, no advertised address, no token, plain HTTP. */
    public static HttpSettings onPort(int port) {
        return new HttpSettings(null, port, RecordLimits.DEFAULT_MAX_VALUE_BYTES, null, Optional.empty(), false,
                Optional.empty());
    }

    public HttpSettings withPort(int port) {
        return new HttpSettings(host, port, maxBodyBytes, advertised, token, protectMetrics, tls);
    }

    public HttpSettings withHost(String host) {
        return new HttpSettings(host, port, maxBodyBytes, advertised, token, protectMetrics, tls);
    }

    public HttpSettings withMaxBodyBytes(int maxBodyBytes) {
        return new HttpSettings(host, port, maxBodyBytes, advertised, token, protectMetrics, tls);
    }

    public HttpSettings withAdvertised(String advertised) {
        return new HttpSettings(host, port, maxBodyBytes, advertised, token, protectMetrics, tls);
    }

    public HttpSettings withToken(Optional<BearerToken> token) {
        return new HttpSettings(host, port, maxBodyBytes, advertised, token, protectMetrics, tls);
    }

    public HttpSettings withProtectMetrics(boolean protectMetrics) {
        return new HttpSettings(host, port, maxBodyBytes, advertised, token, protectMetrics, tls);
    }

    public HttpSettings withTls(Optional<HttpTls> tls) {
        return new HttpSettings(host, port, maxBodyBytes, advertised, token, protectMetrics, tls);
    }

    /** {@code https} with TLS, else {@code http}. */
    public String scheme() {
        return tls.isPresent() ? "https" : "http";
    }

    /**
     * The console's address for a person on this machine, the server listening on {@code boundPort}:
     * {@code http://localhost:8080/} when it binds every interface, else the host it binds.
     */
    public String consoleUrl(int boundPort) {
        String at = host == null || host.isBlank() || host.equals("0.0.0.0") || host.equals("::") ? "localhost"
                : host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
        return scheme() + "://" + at + ":" + boundPort + "/";
    }
}
