package io.streamlearn.app;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.github.dockerjava.api.exception.NotFoundException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Optional;
import org.apache.kafka.common.utils.AppInfoParser;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;

/**
 * Images and preconditions of the Testcontainers ITs. The images are built locally
 * (docker/build-images.sh: no registry is needed), so a test whose Docker daemon or image is
 * missing is skipped with the reason, never left to pull; the in-JVM broker ITs run regardless.
 */
final class ContainerSupport {

    private static final Logger LOG = LoggerFactory.getLogger(ContainerSupport.class);

    /** The Kafka image of the client version the project uses, as docker/kafka/build-image.sh tags it. */
    static final String KAFKA_IMAGE = "apache/kafka:" + AppInfoParser.getVersion();
    /** The application's image (Dockerfile), as docker/build-images.sh tags it. */
    static final String STREAMLEARN_IMAGE = System.getProperty("streamlearn.image", "streamlearn:latest");

    private ContainerSupport() {}

    /**
     * Why containers of these images cannot run here (Docker does not answer, an image is not
     * present locally), or empty when they can. The reason is logged once, for the build output.
     */
    static Optional<String> unavailable(Class<?> test, String... images) {
        Optional<String> reason = Optional.empty();
        if (!dockerAvailable()) {
            reason = Optional.of("Docker is not available: Testcontainers ITs skipped "
                    + "(the in-JVM broker ITs still run; .ci/run installs and starts Docker)");
        } else {
            for (String image : images) {
                if (!imagePresent(image)) {
                    reason = Optional.of("image " + image + " is not present locally: test skipped "
                            + "(docker/build-images.sh builds it without a registry)");
                    break;
                }
            }
        }
        reason.ifPresent(r -> LOG.warn("{}: {}", test.getSimpleName(), r));
        return reason;
    }

    /** Skips the calling test, with the reason, when {@code unavailable} has one. */
    static void assumeAvailable(Optional<String> unavailable) {
        assumeTrue(unavailable.isEmpty(), () -> unavailable.orElseThrow());
    }

    private static boolean dockerAvailable() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }

    private static boolean imagePresent(String image) {
        try {
            DockerClientFactory.instance().client().inspectImageCmd(image).exec();
            return true;
        } catch (NotFoundException e) {
            return false;
        }
    }

    /** GET {@code url}: the status code, a space, the body. */
    static String get(String url) throws IOException, InterruptedException {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofString());
        return r.statusCode() + " " + r.body();
    }
}
