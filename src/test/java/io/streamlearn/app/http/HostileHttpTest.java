package io.streamlearn.app.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamlearn.query.PipelineMonitor;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Hostile requests to the HTTP endpoints that exist (/health, /models, /models/{pipeline}/{learner}, the
 * console's page, files, series and recent records),
 * written as raw bytes on a socket so that nothing in between cleans them up: malformed request
 * lines, bad escapes, oversized and binary bodies, wrong methods, absurd paths. Each gets its 4xx
 * (a body sent to a read-only endpoint: 405 with a message), none a 5xx or a dropped connection, and
 * the server goes on serving. With a token set: a request without it, with a wrong one or an
 * almost-right one is 401 (the scheme is case-insensitive, RFC 7235 §2.1; the token is not), except
 * the open routes ({@code /health}, {@code /metrics} unless protected, the console's page and files).
 */
class HostileHttpTest {

    static final String TOKEN = "s3cret-Token_42";

    private StatusServer server;
    /** With {@link #TOKEN}, /metrics open. */
    private StatusServer secured;
    /** With {@link #TOKEN}, /metrics protected too. */
    private StatusServer metricsProtected;

    @BeforeEach
    void start() throws Exception {
        ApplicationView app = ApplicationView.of(() -> KafkaStreams.State.RUNNING,
                Map.of("p", new PipelineMonitor("p", List.of("ridge"), false)), () -> "# TYPE up gauge\nup 1\n");
        HttpSettings settings = HttpSettings.onPort(0).withMaxBodyBytes(4096);
        server = StatusServer.start(settings, app);
        HttpSettings withToken = settings.withToken(Optional.of(BearerToken.of(TOKEN, "test")));
        secured = StatusServer.start(withToken, app);
        metricsProtected = StatusServer.start(withToken.withProtectMetrics(true), app);
    }

    @AfterEach
    void stop() {
        server.close();
        secured.close();
        metricsProtected.close();
    }

    static List<Object[]> requests() {
        List<Object[]> r = new ArrayList<>();
        r.add(new Object[] {"malformed request line", "GARBAGE\r\n\r\n", "HTTP/1.1 400 Bad Request"});
        r.add(new Object[] {"no HTTP version", "GET /health\r\n\r\n", "HTTP/1.1 400 Bad Request"});
        r.add(new Object[] {"bad percent escape", "GET /models/%ZZ/%G1 HTTP/1.1\r\nHost: x\r\n\r\n", "HTTP/1.1 400 Bad Request"});
        r.add(new Object[] {"path traversal", "GET /models/../../etc/passwd HTTP/1.1\r\nHost: x\r\n\r\n", "HTTP/1.1 404 Not Found"});
        r.add(new Object[] {"deep path", "GET /models" + "/x".repeat(2000) + " HTTP/1.1\r\nHost: x\r\n\r\n", "HTTP/1.1 404 Not Found"});
        r.add(new Object[] {"unknown pipeline", "GET /models/nope/ridge HTTP/1.1\r\nHost: x\r\n\r\n", "HTTP/1.1 404 Not Found"});
        r.add(new Object[] {"JSON body to GET", "POST /models HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                + "Content-Length: 13\r\n\r\n{\"a\": [1, 2]}", "HTTP/1.1 405 Method Not Allowed"});
        r.add(new Object[] {"wrong-typed body", "PUT /health HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\n12345", "HTTP/1.1 405 Method Not Allowed"});
        r.add(new Object[] {"lying content length", "POST /health HTTP/1.1\r\nHost: x\r\nContent-Length: -7\r\n\r\n", "HTTP/1.1 400 Bad Request"});
        r.add(new Object[] {"unknown method", "BREW /models HTTP/1.1\r\nHost: x\r\n\r\n", "HTTP/1.1 405 Method Not Allowed"});
        // the console: read-only, a fixed set of files, a numeric from
        r.add(new Object[] {"body to the console", "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\n12345", "HTTP/1.1 405 Method Not Allowed"});
        r.add(new Object[] {"DELETE of the series", "DELETE /api/pipelines/p/series HTTP/1.1\r\nHost: x\r\n\r\n", "HTTP/1.1 405 Method Not Allowed"});
        r.add(new Object[] {"body to the recent records", "POST /api/pipelines/p/recent HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\n{}", "HTTP/1.1 405 Method Not Allowed"});
        r.add(new Object[] {"console file traversal", "GET /console/..%2f..%2fpom.xml HTTP/1.1\r\nHost: x\r\n\r\n", "HTTP/1.1 404 Not Found"});
        r.add(new Object[] {"console class file", "GET /console/StatusServer.class HTTP/1.1\r\nHost: x\r\n\r\n", "HTTP/1.1 404 Not Found"});
        r.add(new Object[] {"bad escape in from", "GET /api/pipelines/p/series?from=%ZZ HTTP/1.1\r\nHost: x\r\n\r\n", "HTTP/1.1 400 Bad Request"});
        r.add(new Object[] {"huge from", "GET /api/pipelines/p/series?from=9223372036854775807 HTTP/1.1\r\nHost: x\r\n\r\n", "HTTP/1.1 200 OK"});
        r.add(new Object[] {"negative from", "GET /api/pipelines/p/series?from=-9223372036854775808 HTTP/1.1\r\nHost: x\r\n\r\n", "HTTP/1.1 200 OK"});
        r.add(new Object[] {"huge header", "GET /health HTTP/1.1\r\nHost: x\r\nX-Big: " + "a".repeat(200_000) + "\r\n\r\n", "HTTP/1.1 200 OK"});
        return r;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("requests")
    void aHostileRequestGetsAnAnswerBelow500AndTheServerGoesOn(String what, String request, String expected) throws Exception {
        assertThat(send(request.getBytes(StandardCharsets.ISO_8859_1))).as(what).isEqualTo(expected);
        assertThat(send("GET /health HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1)))
                .as("still serving after " + what).startsWith("HTTP/1.1 200");
    }

    static List<Object[]> tokenRequests() {
        String ok = "HTTP/1.1 200 OK";
        String refused = "HTTP/1.1 401 Unauthorized";
        List<Object[]> r = new ArrayList<>();
        r.add(new Object[] {"no Authorization", get("/models", null), refused});
        r.add(new Object[] {"the token", get("/models", "Bearer " + TOKEN), ok});
        r.add(new Object[] {"scheme in lower case (case-insensitive)", get("/models", "bearer " + TOKEN), ok});
        r.add(new Object[] {"scheme in upper case", get("/models", "BEARER " + TOKEN), ok});
        r.add(new Object[] {"a wrong token", get("/models", "Bearer nope"), refused});
        r.add(new Object[] {"a prefix of the token", get("/models", "Bearer " + TOKEN.substring(0, TOKEN.length() - 1)), refused});
        r.add(new Object[] {"the token and one more character", get("/models", "Bearer " + TOKEN + "x"), refused});
        r.add(new Object[] {"one character off", get("/models", "Bearer " + TOKEN.replace('T', 'U')), refused});
        r.add(new Object[] {"the token in another case", get("/models", "Bearer " + TOKEN.toLowerCase(Locale.ROOT)), refused});
        r.add(new Object[] {"the token without a scheme", get("/models", TOKEN), refused});
        r.add(new Object[] {"Basic with the token", get("/models", "Basic " + TOKEN), refused});
        r.add(new Object[] {"Bearer and nothing", get("/models", "Bearer "), refused});
        r.add(new Object[] {"an empty header", get("/models", ""), refused});
        r.add(new Object[] {"the token in the query", get("/models?access_token=" + TOKEN, null), refused});
        r.add(new Object[] {"a model without the token", get("/models/p/ridge", null), refused});
        r.add(new Object[] {"the console API without the token", get("/api/pipelines", null), refused});
        r.add(new Object[] {"the series without the token", get("/api/pipelines/p/series", null), refused});
        r.add(new Object[] {"the recent records without the token", get("/api/pipelines/p/recent", null), refused});
        r.add(new Object[] {"the recent records with the token", get("/api/pipelines/p/recent", "Bearer " + TOKEN), ok});
        r.add(new Object[] {"predict without the token", "POST /predict/p HTTP/1.1\r\nHost: x\r\nContent-Length: 13\r\n\r\n"
                + "{\"a\": [1, 2]}", refused});
        r.add(new Object[] {"an unknown path without the token", get("/nope", null), refused});
        r.add(new Object[] {"an unknown path with the token", get("/nope", "Bearer " + TOKEN), "HTTP/1.1 404 Not Found"});
        r.add(new Object[] {"a wrong method without the token", "DELETE /models HTTP/1.1\r\nHost: x\r\n\r\n", refused});
        r.add(new Object[] {"/health without the token", get("/health", null), ok});
        r.add(new Object[] {"/metrics without the token", get("/metrics", null), ok});
        r.add(new Object[] {"the console page without the token", get("/", null), ok});
        r.add(new Object[] {"a console file without the token", get("/console/console.js", null), ok});
        r.add(new Object[] {"a wrong method on /health", "POST /health HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n",
                "HTTP/1.1 405 Method Not Allowed"});
        return r;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("tokenRequests")
    void withATokenOnlyTheOpenRoutesAnswerWithoutIt(String what, String request, String expected) throws Exception {
        assertThat(send(secured, request.getBytes(StandardCharsets.ISO_8859_1))).as(what).isEqualTo(expected);
    }

    @Test
    void aRefusalSaysBearerAndTheTokenIsNowhereInTheAnswers() throws Exception {
        HttpClient client = HttpClient.newHttpClient();
        for (String authorization : new String[] {null, "Bearer wrong"}) {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://localhost:" + secured.port() + "/models"));
            if (authorization != null) {
                b.header("Authorization", authorization);
            }
            HttpResponse<String> r = client.send(b.build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(401);
            assertThat(r.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Bearer "));
            assertThat(r.body()).doesNotContain(TOKEN);
        }
        HttpResponse<String> health = client.send(HttpRequest.newBuilder(
                URI.create("http://localhost:" + secured.port() + "/health")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(health.body()).startsWith("{\"state\":\"RUNNING\"").doesNotContain(TOKEN);
        assertThat(BearerToken.of(TOKEN, "test").toString()).doesNotContain(TOKEN);
    }

    @Test
    void protectedMetricsNeedTheTokenAndHealthStaysOpen() throws Exception {
        assertThat(send(metricsProtected, get("/metrics", null).getBytes(StandardCharsets.ISO_8859_1)))
                .isEqualTo("HTTP/1.1 401 Unauthorized");
        assertThat(send(metricsProtected, get("/metrics", "Bearer " + TOKEN).getBytes(StandardCharsets.ISO_8859_1)))
                .isEqualTo("HTTP/1.1 200 OK");
        assertThat(send(metricsProtected, get("/health", null).getBytes(StandardCharsets.ISO_8859_1)))
                .isEqualTo("HTTP/1.1 200 OK");
    }

    private static String get(String path, String authorization) {
        return "GET " + path + " HTTP/1.1\r\nHost: x\r\n" + (authorization == null ? "" : "Authorization: " + authorization
                + "\r\n") + "\r\n";
    }

    @ParameterizedTest(name = "{0} bytes of binary body")
    @MethodSource("bodySizes")
    void anOversizedOrBinaryBodyIsNeverA500(int size) throws Exception {
        byte[] body = new byte[size];
        new Random(size).nextBytes(body);
        ByteArrayOutputStream request = new ByteArrayOutputStream();
        request.write(("POST /models/p/ridge HTTP/1.1\r\nHost: x\r\nContent-Length: " + size + "\r\n\r\n")
                .getBytes(StandardCharsets.ISO_8859_1));
        request.write(body);
        assertThat(send(request.toByteArray())).isEqualTo("HTTP/1.1 405 Method Not Allowed");
    }

    static List<Integer> bodySizes() {
        return List.of(1, 4096, 10 << 20);
    }

    /** Writes a raw request and returns the status line of the answer ("" when the server closed the connection). */
    private String send(byte[] request) throws IOException {
        return send(server, request);
    }

    private static String send(StatusServer to, byte[] request) throws IOException {
        try (Socket socket = new Socket("localhost", to.port())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            try {
                out.write(request);
                out.flush();
            } catch (IOException closedWhileWriting) {
                // the server answered (or closed) before reading everything; read what it said
            }
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            int b;
            try {
                while ((b = in.read()) != -1 && b != '\n') {
                    line.write(b);
                }
            } catch (IOException reset) {
                // connection reset: no answer
            }
            return line.toString(StandardCharsets.ISO_8859_1).trim();
        }
    }
}
