package io.streamlearn.app.http;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every route of the server in one list, and the rules every request goes through once, in this
 * order: with a token set, a request without it to any path but an open route's is 401 with
 * {@code WWW-Authenticate: Bearer} (an unknown path included: a client without the token learns
 * nothing of the paths); a path no route matches is 404; a method no route of the path takes is 405
 * with {@code Allow}; a POST body over the size limit is 413 (refused by its {@code Content-Length}
 * before it is read); then the route's handler. An exception that escapes a handler is a bug:
 * logged, answered 500.
 */
final class RouteTable {

    private static final Logger LOG = LoggerFactory.getLogger(RouteTable.class);

    private final List<Route> routes;
    private final int maxBodyBytes;
    private final Optional<BearerToken> token;

    RouteTable(List<Route> routes, int maxBodyBytes, Optional<BearerToken> token) {
        this.routes = List.copyOf(routes);
        this.maxBodyBytes = maxBodyBytes;
        this.token = token;
    }

    /** Answers one request and closes it. */
    void dispatch(HttpExchange http) {
        try (http) {
            try {
                route(http);
            } catch (IOException e) {
                LOG.debug("HTTP exchange failed: {}", e.toString());
            } catch (RuntimeException e) {
                LOG.error("HTTP {} {} failed", http.getRequestMethod(), http.getRequestURI().getPath(), e);
                new Exchange(http, Map.of(), null).error(500, "internal error: " + e);
            }
        } catch (IOException e) {
            LOG.debug("HTTP exchange failed: {}", e.toString());
        }
    }

    private void route(HttpExchange http) throws IOException {
        List<String> path = Arrays.asList(http.getRequestURI().getPath().split("/", -1));
        List<Route> onPath = new ArrayList<>();
        Route chosen = null;
        Map<String, String> params = null;
        for (Route r : routes) {
            Map<String, String> p = r.match(path);
            if (p != null) {
                onPath.add(r);
                if (r.method().equals(http.getRequestMethod())) {
                    chosen = r;
                    params = p;
                }
            }
        }
        Exchange exchange = new Exchange(http, Map.of(), null);
        boolean open = chosen != null ? chosen.open() : !onPath.isEmpty() && onPath.stream().allMatch(Route::open);
        if (!open && token.isPresent()) {
            String authorization = http.getRequestHeaders().getFirst("Authorization");
            if (!token.get().accepts(authorization)) {
                // RFC 6750 §3: the scheme and realm; invalid_token when a credential was sent
                exchange.setHeader("WWW-Authenticate", BearerToken.SCHEME + " realm=\"streamlearn\""
                        + (authorization == null ? "" : ", error=\"invalid_token\""));
                exchange.error(401, authorization == null ? "this server needs Authorization: Bearer <token>"
                        : "the token is not this server's");
                return;
            }
        }
        if (onPath.isEmpty()) {
            exchange.notFound();
            return;
        }
        if (chosen == null) {
            String allowed = onPath.stream().map(Route::method).distinct().collect(Collectors.joining(", "));
            exchange.setHeader("Allow", allowed);
            exchange.error(405, http.getRequestMethod() + " not allowed; use " + allowed);
            return;
        }
        byte[] body = null;
        if (chosen.method().equals("POST")) {
            body = readBody(http);
            if (body == null) {
                exchange.error(413, "body over " + maxBodyBytes + " bytes");
                return;
            }
        }
        chosen.handler().handle(new Exchange(http, params, body));
    }

    /** The request body, or null when it is longer than the limit (then it is not read on). */
    private byte[] readBody(HttpExchange http) throws IOException {
        String declared = http.getRequestHeaders().getFirst("Content-Length");
        if (declared != null) {
            try {
                if (Long.parseLong(declared.trim()) > maxBodyBytes) {
                    return null;
                }
            } catch (NumberFormatException e) {
                // the JDK server refuses a malformed Content-Length before a handler runs; read and see
            }
        }
        try (InputStream in = http.getRequestBody()) {
            byte[] bytes = in.readNBytes(maxBodyBytes + 1);
            return bytes.length > maxBodyBytes ? null : bytes;
        }
    }
}
