package io.streamlearn.cli;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.logging.log4j.LogManager;

/**
 * How a long-running command ({@code demo}, {@code run}) stops on SIGINT (Ctrl-C) or SIGTERM, at any
 * moment, start-up included: the JVM's shutdown hook only asks the command's own thread to stop,
 * waits until that thread has closed everything in order and printed its last lines, then stops
 * Log4j (whose own shutdown hook is disabled in {@code log4j2.properties}, so that nothing logs into
 * a stopped Log4j) and ends the JVM with the status the command returned: a stop asked for is a
 * clean end, status 0, whatever the signal. A command that does not finish within the grace period
 * ends with status 1.
 */
final class StopSignal {

    /** The process's stop signal, when {@link Main#main} installed it for a long-running command. */
    private static volatile StopSignal process;

    /**
     * Installs the hook for the whole process at once, before the command line is parsed (class
     * loading of a command takes seconds on a busy machine: a signal meanwhile must not be lost).
     */
    static void installForProcess(String name, Duration grace) {
        process = new StopSignal().install(name, grace);
    }

    /** {@code main} is done: the process's hook, if any, goes (a command that never ran, such as {@code demo --help}). */
    static void processFinished(int exitStatus) {
        StopSignal p = process;
        if (p != null) {
            p.finish(exitStatus);
        }
    }

    /** The process's stop signal when {@code main} installed one, else a new one (a command run in a test). */
    static StopSignal forCommand() {
        StopSignal p = process;
        return p != null ? p : new StopSignal();
    }

    private final CountDownLatch requested = new CountDownLatch(1);
    private final CountDownLatch finished = new CountDownLatch(1);
    private volatile int status = 1;
    private Thread hook;

    /** Installs the shutdown hook; a command calls this first, before it starts anything. */
    synchronized StopSignal install(String name, Duration grace) {
        if (hook == null) {
            hook = new Thread(() -> onSignal(grace), name + "-stop");
            Runtime.getRuntime().addShutdownHook(hook);
        }
        return this;
    }

    /** Asks the command to stop, as a signal does. */
    void request() {
        requested.countDown();
    }

    boolean requested() {
        return requested.getCount() == 0;
    }

    /** Waits up to {@code timeout} for a stop request; true when one came. */
    boolean await(Duration timeout) throws InterruptedException {
        return requested.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** Waits until the command has called {@link #finish}. */
    void awaitFinished() throws InterruptedException {
        finished.await();
    }

    /**
     * The command is done and returns {@code exitStatus}. Without a signal the hook is removed (and
     * {@code Main} exits as usual); after one, the hook ends the JVM with this status.
     */
    synchronized void finish(int exitStatus) {
        status = exitStatus;
        finished.countDown();
        if (hook != null) {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // a signal: the hook is running and waits for this
            }
        }
    }

    private void onSignal(Duration grace) {
        request();
        boolean done;
        try {
            done = finished.await(grace.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            done = false;
        }
        if (!done) {
            System.err.println("streamlearn: did not stop within " + grace.toSeconds() + " s; exiting");
        }
        System.out.flush();
        System.err.flush();
        LogManager.shutdown();
        Runtime.getRuntime().halt(done ? status : 1);
    }
}
