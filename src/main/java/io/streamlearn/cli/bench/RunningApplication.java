package io.streamlearn.cli.bench;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/** A started application: its instances, and a note on its state read before the stop. */
record RunningApplication(List<BenchInstance> instances, Supplier<String> note) {

    /**
     * Until every instance is RUNNING with active tasks (while there are tasks enough) and the
     * number of active tasks has not changed for a second: the layout has settled. An error after
     * 60 s: a layout that has not settled would be timed with its rebalance.
     */
    void awaitAssignment(int tasks) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        int stable = 0;
        int previous = -1;
        while (stable < 4 && System.nanoTime() < deadline) {
            Thread.sleep(250);
            int active = 0;
            boolean settled = true;
            for (BenchInstance i : instances) {
                int own = i.activeTasks();
                settled &= i.running() && (own > 0 || instances.size() > tasks);
                active += own;
            }
            stable = settled && active == previous ? stable + 1 : 0;
            previous = active;
        }
        if (stable < 4) {
            throw new Unmeasurable("the instances did not settle within 60 s (running: "
                    + instances.stream().map(i -> String.valueOf(i.running())).toList() + ", active tasks: "
                    + instances.stream().map(i -> String.valueOf(i.activeTasks())).toList() + "); nothing was timed");
        }
    }

    void pause() {
        instances.forEach(BenchInstance::pause);
    }

    void resume() {
        instances.forEach(BenchInstance::resume);
    }

    /** The exactly-once commits of every instance so far. */
    CommitTimes commitTimes() {
        return CommitTimes.sum(instances.stream().map(i -> CommitTimes.read(i.metrics())).toList());
    }

    void close() {
        instances.forEach(BenchInstance::close);
    }
}
