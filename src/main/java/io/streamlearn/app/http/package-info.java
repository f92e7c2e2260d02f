/**
 * The HTTP server of {@code run} and {@code demo}: {@link io.streamlearn.app.http.StatusServer}
 * over one table of routes ({@code RouteTable}), grouped by concern (health and metrics, models and
 * predictions, the console, forwarding of {@code ?key=} requests). Part of the {@code app} layer:
 * {@code app} imports it, never the other way.
 */
package io.streamlearn.app.http;
