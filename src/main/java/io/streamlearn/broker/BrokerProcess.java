package io.streamlearn.broker;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * An {@link EmbeddedKafka} broker in a JVM of its own, for {@code bench --broker-process}: so that the
 * broker does not share the measured applications' JVM (its heap, collector and JIT threads). The
 * child prints a line with its bootstrap address when ready and stops when its standard input closes.
 */
public final class BrokerProcess implements AutoCloseable {

    private static final String READY = "streamlearn-broker-ready ";

    private final Process process;
    private final String bootstrapServers;

    private BrokerProcess(Process process, String bootstrapServers) {
        this.process = process;
        this.bootstrapServers = bootstrapServers;
    }

    /** Starts the child JVM with this JVM's class path and waits for its broker to be ready. */
    public static BrokerProcess start() throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        Process process = new ProcessBuilder(List.of(java, "-cp", System.getProperty("java.class.path"),
                BrokerProcess.class.getName()))
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        String line;
        while ((line = out.readLine()) != null && !line.startsWith(READY)) {
            // the broker's own output before it is ready
        }
        if (line == null) {
            process.destroy();
            throw new IOException("the broker process ended before it was ready");
        }
        Thread drain = new Thread(() -> {
            try {
                while (out.readLine() != null) {
                    // a full pipe would block the child's logging
                }
            } catch (IOException e) {
                // the child is gone
            }
        }, "broker-process-output");
        drain.setDaemon(true);
        drain.start();
        return new BrokerProcess(process, line.substring(READY.length()).trim());
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    @Override
    public void close() throws InterruptedException, IOException {
        process.getOutputStream().close();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }

    /** The child: starts the broker, prints its address, runs until standard input closes. */
    public static void main(String[] args) throws Exception {
        try (EmbeddedKafka broker = EmbeddedKafka.start(0)) {
            System.out.println(READY + broker.bootstrapServers());
            System.out.flush();
            while (System.in.read() >= 0) {
                // wait for the parent to close the pipe (or to die)
            }
        }
    }
}
