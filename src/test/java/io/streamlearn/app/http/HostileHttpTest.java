package io.streamlearn.app.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamlearn.query.PipelineMonitor;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Hostile requests to the HTTP endpoints that exist (/health, /models, /models/{pipeline}/{learner}, the
 * console's page, files and series),
 * written as raw bytes on a socket so that nothing in between cleans them up: malformed request
 * lines, bad escapes, oversized and binary bodies, wrong methods, absurd paths. Each gets its 4xx
 * (a body sent to a read-only endpoint: 405 with a message), none a 5xx or a dropped connection, and
 * the server goes on serving.
 */
class HostileHttpTest {

    private StatusServer server;

    @BeforeEach
    void start() throws Exception {
        server = StatusServer.start(HttpSettings.onPort(0).withMaxBodyBytes(4096), ApplicationView.of(
                () -> KafkaStreams.State.RUNNING, Map.of("p", new PipelineMonitor("p", List.of("ridge"), false)), () -> ""));
    }

    @AfterEach
    void stop() {
        server.close();
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
        try (Socket socket = new Socket("localhost", server.port())) {
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
