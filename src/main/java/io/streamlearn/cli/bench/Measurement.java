package io.streamlearn.cli.bench;

/**
 * One measurement of one application in one layout: records/s reading the backlog, the CPU seconds
 * of this process meanwhile, latency percentiles (-1 without a latency record), the commits of the
 * latency run ({@link CommitTimes#describe}) and what its state cost.
 */
public record Measurement(String name, Layout layout, double perSecond, long p50Millis, long p99Millis, long p999Millis,
                   double cpuSeconds, String latencyCommits, String note) {}
