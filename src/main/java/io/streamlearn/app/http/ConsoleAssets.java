package io.streamlearn.app.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Properties;

/**
 * The web console's files, read from the jar once: the page and its script and style
 * ({@code src/main/resources/console/}), and uPlot's script and style from the uPlot webjar
 * ({@code org.webjars.npm:uplot}). Nothing else is served under {@code /console/}: a name is looked
 * up in this fixed set, never turned into a path.
 */
final class ConsoleAssets {

    /** The page itself, served at {@code GET /}. */
    static final String INDEX = "index.html";

    /** Everything from this server; no inline script; images only from here or data: URLs. */
    static final String CONTENT_SECURITY_POLICY =
            "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'";

    record Asset(String contentType, byte[] bytes) {}

    private final Map<String, Asset> assets;

    private ConsoleAssets(Map<String, Asset> assets) {
        this.assets = assets;
    }

    /** Reads every file; a missing one is a broken build, so it fails here at start-up. */
    static ConsoleAssets load() {
        String uplot = "/META-INF/resources/webjars/uplot/" + uplotVersion() + "/dist/";
        return new ConsoleAssets(Map.of(
                INDEX, read("/console/index.html", "text/html; charset=utf-8"),
                "console.js", read("/console/console.js", "text/javascript; charset=utf-8"),
                "console.css", read("/console/console.css", "text/css; charset=utf-8"),
                "uPlot.iife.min.js", read(uplot + "uPlot.iife.min.js", "text/javascript; charset=utf-8"),
                "uPlot.min.css", read(uplot + "uPlot.min.css", "text/css; charset=utf-8"),
                "uPlot.LICENSE", read("/META-INF/resources/webjars/uplot/" + uplotVersion() + "/LICENSE",
                        "text/plain; charset=utf-8")));
    }

    /** The file of that name, or null when there is none. */
    Asset get(String name) {
        return assets.get(name);
    }

    /** The version of the uPlot webjar on the class path, from its Maven metadata. */
    static String uplotVersion() {
        try (InputStream in = resource("/META-INF/maven/org.webjars.npm/uplot/pom.properties")) {
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Asset read(String path, String contentType) {
        try (InputStream in = resource(path)) {
            return new Asset(contentType, in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static InputStream resource(String path) {
        InputStream in = ConsoleAssets.class.getResourceAsStream(path);
        if (in == null) {
            throw new IllegalStateException("the console's file " + path + " is not on the class path");
        }
        return in;
    }
}
