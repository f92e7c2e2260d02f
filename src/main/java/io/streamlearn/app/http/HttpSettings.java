package io.streamlearn.app.http;

import io.streamlearn.record.RecordLimits;

/**
 * How the HTTP server serves: where it listens, the largest body it reads, and the address the
 * other instances of the application reach it at. Immutable; {@code withX} gives a copy.
 *
 * @param host the address to bind ({@code 127.0.0.1}: this machine only); null for all interfaces
 * @param port 0 for an ephemeral one
 * @param maxBodyBytes largest {@code POST} body read; a longer one is 413
 * @param advertised this instance's address as the other instances reach it (host:port, Kafka
 *     Streams' {@code application.server}); null when none is set
 */
public record HttpSettings(String host, int port, int maxBodyBytes, String advertised) {

    /** All interfaces, bodies up to the record size limit, no advertised address. */
    public static HttpSettings onPort(int port) {
        return new HttpSettings(null, port, RecordLimits.DEFAULT_MAX_VALUE_BYTES, null);
    }

    public HttpSettings withHost(String host) {
        return new HttpSettings(host, port, maxBodyBytes, advertised);
    }

    public HttpSettings withMaxBodyBytes(int maxBodyBytes) {
        return new HttpSettings(host, port, maxBodyBytes, advertised);
    }

    public HttpSettings withAdvertised(String advertised) {
        return new HttpSettings(host, port, maxBodyBytes, advertised);
    }
}
