package io.streamlearn.broker;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A Kafka broker in a JVM of its own. {@link #start()} runs an {@link EmbeddedKafka} broker, for
 * {@code bench --broker-process}: so that the broker does not share the measured applications' JVM
 * (its heap, collector and JIT threads). {@link BrokerCluster} runs its nodes this way, so that one
 * can be killed. The child prints a line with its bootstrap address when ready and stops cleanly
 * when its standard input closes; {@link #kill()} stops it as SIGKILL does.
 */
public final class BrokerProcess implements AutoCloseable {

    private static final String READY = "streamlearn-broker-ready ";

    private final Process process;
    private final BufferedReader out;
    private String bootstrapServers;

    private BrokerProcess(Process process) {
        this.process = process;
        this.out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    }

    /** Starts the child JVM with this JVM's class path and waits for its broker to be ready. */
    public static BrokerProcess start() throws IOException {
        BrokerProcess broker = launch(BrokerProcess.class, List.of(), List.of(), null);
        broker.awaitReady();
        return broker;
    }

    /**
     * Starts {@code main} in a child JVM with this JVM's class path, without waiting for it.
     *
     * @param log the file the child's standard error is appended to; null to discard it
     */
    static BrokerProcess launch(Class<?> main, List<String> jvmOptions, List<String> args, Path log) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), main.getName()));
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectError(log == null ? ProcessBuilder.Redirect.DISCARD : ProcessBuilder.Redirect.appendTo(log.toFile()));
        return new BrokerProcess(builder.start());
    }

    /** Waits for the child's ready line; then drains its output. Fails when the child ends first. */
    void awaitReady() throws IOException {
        String line;
        while ((line = out.readLine()) != null && !line.startsWith(READY)) {
            // the broker's own output before it is ready
        }
        if (line == null) {
            process.destroyForcibly();
            throw new IOException("the broker process ended before it was ready");
        }
        bootstrapServers = line.substring(READY.length()).trim();
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
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** Ends the child at once, as SIGKILL does: no shutdown of the broker, nothing flushed. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    /** Asks the child to stop (closes its standard input) without waiting. */
    void requestStop() throws IOException {
        process.getOutputStream().close();
    }

    /** Waits up to {@code seconds} for the child to end after {@link #requestStop}; kills it after that. */
    void awaitStop(long seconds) throws InterruptedException {
        if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
            kill();
        }
    }

    @Override
    public void close() throws InterruptedException, IOException {
        requestStop();
        awaitStop(60);
    }

    /** Child side: tells the parent that the broker is ready at {@code bootstrapServers}. */
    static void announceReady(String bootstrapServers) {
        System.out.println(READY + bootstrapServers);
        System.out.flush();
    }

    /** Child side: returns when the parent closes the pipe (or dies). */
    static void awaitParent() throws IOException {
        while (System.in.read() >= 0) {
            // nothing is sent: the end of the stream is the signal
        }
    }

    /** The child: starts the broker, prints its address, runs until standard input closes. */
    public static void main(String[] args) throws Exception {
        try (EmbeddedKafka broker = EmbeddedKafka.start(0)) {
            announceReady(broker.bootstrapServers());
            awaitParent();
        }
    }
}
