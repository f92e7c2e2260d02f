/**
 * The harness of {@code bench}: end-to-end throughput and latency on a real broker, side by side,
 * of (a) a pass-through topology with the same serdes and (b) streamlearn (and, data-parallel, (c)),
 * all exactly-once. {@link io.streamlearn.cli.bench.BenchHarness} runs the plan, {@link
 * io.streamlearn.cli.bench.ApplicationTimer} times one application, {@link
 * io.streamlearn.cli.bench.BenchReport} writes the results file. Used by {@code cli}'s
 * {@code BenchCommand} only; imports the layers below {@code cli}, never {@code cli} itself
 * (docs/DESIGN.md, "Layers").
 */
package io.streamlearn.cli.bench;
