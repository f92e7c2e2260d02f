package io.streamlearn.app.http;

import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The HTTP server of a running application (the JDK's {@link HttpServer}, {@link HttpsServer} with
 * {@link HttpSettings#tls()}): one {@link RouteTable}
 * of the routes of {@link HealthRoutes} ({@code /health}, {@code /metrics}), {@link ModelRoutes}
 * ({@code /models}, {@code /predict}, with {@link KeyForwarding} for {@code ?key=}) and
 * {@link ConsoleRoutes} (the web console and its {@code /api}), served by {@value #THREADS}
 * threads, so that two instances forwarding to each other do not wait on each other. With
 * {@link HttpSettings#token()} every route but the open ones needs the token ({@link BearerToken}).
 */
public final class StatusServer implements AutoCloseable {

    /** Header of a {@code ?key=} answer: the advertised address of the instance that read the key's state. */
    public static final String SERVED_BY = "X-Streamlearn-Served-By";
    /** Content-Type of {@code GET /metrics}: the Prometheus text format 0.0.4, which {@link ApplicationView#metrics()} gives. */
    public static final String METRICS_CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";
    static final int THREADS = 4;

    private final HttpServer server;
    private final ExecutorService threads;

    private StatusServer(HttpServer server, ExecutorService threads) {
        this.server = server;
        this.threads = threads;
    }

    /** Starts serving {@code app} as {@code settings} say. */
    public static StatusServer start(HttpSettings settings, ApplicationView app) throws IOException {
        InetSocketAddress address = settings.host() == null ? new InetSocketAddress(settings.port())
                : new InetSocketAddress(settings.host(), settings.port());
        if (address.isUnresolved()) {
            throw new IOException("cannot resolve the HTTP host " + settings.host());
        }
        List<Route> routes = new ArrayList<>();
        routes.addAll(HealthRoutes.of(app, settings));
        routes.addAll(ModelRoutes.of(app, new KeyForwarding(app.keyed(), settings)));
        routes.addAll(ConsoleRoutes.of(app));
        RouteTable table = new RouteTable(routes, settings.maxBodyBytes(), settings.token());
        HttpServer server;
        if (settings.tls().isPresent()) {
            HttpsServer https = HttpsServer.create(address, 0);
            https.setHttpsConfigurator(new HttpsConfigurator(settings.tls().get().server()));
            server = https;
        } else {
            server = HttpServer.create(address, 0);
        }
        server.createContext("/", table::dispatch);
        ExecutorService threads = Executors.newFixedThreadPool(THREADS, r -> {
            Thread t = new Thread(r, "streamlearn-http");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(threads);
        server.start();
        return new StatusServer(server, threads);
    }

    public int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
