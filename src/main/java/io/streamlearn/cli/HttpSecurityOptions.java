package io.streamlearn.cli;

import io.streamlearn.app.AppSettings;
import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * The HTTP server's token and TLS flags of {@code run} and {@code demo}, as {@link AppSettings}
 * flags ({@code streamlearn.http.*}); the token and passwords come from the environment.
 */
final class HttpSecurityOptions {

    @Option(names = "--http-token-file", paramLabel = "FILE",
            description = "A file holding the HTTP token: every request but GET /health, GET /metrics and the console's "
                    + "page needs 'Authorization: Bearer <token>' (else env " + AppSettings.ENV_HTTP_TOKEN
                    + "). Default: no token.")
    Path tokenFile;

    @Option(names = "--http-protect-metrics",
            description = "GET /metrics needs the token too (Prometheus sends it: authorization.credentials_file).")
    boolean protectMetrics;

    @Option(names = "--http-tls-keystore", paramLabel = "FILE",
            description = "PKCS12 keystore with the HTTP server's key and certificate: HTTPS only (password in env "
                    + AppSettings.ENV_HTTP_TLS_PASSWORD + "). Default: plain HTTP.")
    Path keystore;

    /** The flags given, for {@link AppSettings#resolve} (absent ones null). */
    void addTo(Map<String, String> flags) {
        flags.put(AppSettings.HTTP_TOKEN_FILE_CONFIG, tokenFile == null ? null : tokenFile.toString());
        flags.put(AppSettings.HTTP_PROTECT_METRICS_CONFIG, protectMetrics ? "true" : null);
        flags.put(AppSettings.HTTP_TLS_KEYSTORE_CONFIG, keystore == null ? null : keystore.toString());
    }
}
