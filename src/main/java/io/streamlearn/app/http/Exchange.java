package io.streamlearn.app.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * One request as a handler sees it: the JDK's {@link HttpExchange}, the path's named segments, the
 * body the route table read (POST routes only, within the size limit), and the ways to answer.
 * Every answer but a relayed one is JSON; errors are {@code {"error": ...}}. A JSON answer ends with
 * a newline, as a line of text does: {@code curl} leaves the shell's prompt on a line of its own, and
 * a client that reads lines reads one.
 */
final class Exchange {

    static final ObjectMapper JSON = new ObjectMapper();

    private final HttpExchange exchange;
    private final Map<String, String> params;
    private final byte[] body;

    Exchange(HttpExchange exchange, Map<String, String> params, byte[] body) {
        this.exchange = exchange;
        this.params = params;
        this.body = body;
    }

    /** A named segment of the route's pattern ({@code {pipeline}}), decoded. */
    String param(String name) {
        return params.get(name);
    }

    /** The request body; null for a GET. */
    byte[] body() {
        return body;
    }

    URI uri() {
        return exchange.getRequestURI();
    }

    String path() {
        return exchange.getRequestURI().getPath();
    }

    String requestHeader(String name) {
        return exchange.getRequestHeaders().getFirst(name);
    }

    void setHeader(String name, String value) {
        exchange.getResponseHeaders().set(name, value);
    }

    /** The first value of a query parameter, URL-decoded; null when absent. */
    String query(String name) {
        String query = exchange.getRequestURI().getRawQuery();
        if (query == null) {
            return null;
        }
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            String n = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            if (n.equals(name)) {
                return eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            }
        }
        return null;
    }

    void json(int status, JsonNode body) throws IOException {
        json(status, JSON.writeValueAsBytes(body));
    }

    /** A JSON document already written (one line, without its newline), answered with a newline after it. */
    void json(int status, byte[] document) throws IOException {
        setHeader("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, document.length + 1L);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(document);
            out.write('\n');
        }
    }

    void error(int status, String message) throws IOException {
        json(status, JSON.createObjectNode().put("error", message));
    }

    void notFound() throws IOException {
        error(404, "no such path: " + path());
    }

    /** 503 with {@code Retry-After: 1}: a rebalance or a moving task; the client should ask again. */
    void retryLater(String message) throws IOException {
        setHeader("Retry-After", "1");
        error(503, message);
    }

    void send(int status, String contentType, byte[] bytes) throws IOException {
        setHeader("Content-Type", contentType);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
