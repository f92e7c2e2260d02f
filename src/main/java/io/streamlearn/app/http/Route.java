package io.streamlearn.app.http;

import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One endpoint: a method, a path pattern and the handler that answers it. A pattern is literal
 * segments and {@code {name}} segments, each matching one path segment (given to the handler as
 * {@link Exchange#param}); {@code /models/{pipeline}/{learner}} matches {@code /models/demo/ridge}
 * and neither {@code /models/demo} nor {@code /models/demo/ridge/x}.
 *
 * <p>A route is protected by the bearer token when one is set ({@link BearerToken}) unless it is
 * {@code open}.
 *
 * @param open whether the route is served without the token
 */
record Route(String method, String pattern, boolean open, Handler handler) {

    /** What answers a matched request. */
    @FunctionalInterface
    interface Handler {
        void handle(Exchange exchange) throws IOException;
    }

    static Route get(String pattern, Handler handler) {
        return new Route("GET", pattern, false, handler);
    }

    static Route post(String pattern, Handler handler) {
        return new Route("POST", pattern, false, handler);
    }

    /** The same route, served without the token when {@code open}. */
    Route withOpen(boolean open) {
        return new Route(method, pattern, open, handler);
    }

    /** {@code path}'s segments (split on {@code /}, empty ones kept) against the pattern's: the named ones, or null. */
    Map<String, String> match(List<String> path) {
        String[] segments = pattern.split("/", -1);
        if (segments.length != path.size()) {
            return null;
        }
        Map<String, String> params = new HashMap<>();
        for (int i = 0; i < segments.length; i++) {
            String s = segments[i];
            if (s.startsWith("{") && s.endsWith("}")) {
                params.put(s.substring(1, s.length() - 1), path.get(i));
            } else if (!s.equals(path.get(i))) {
                return null;
            }
        }
        return params;
    }
}
