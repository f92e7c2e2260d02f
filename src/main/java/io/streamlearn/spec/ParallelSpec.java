package io.streamlearn.spec;

/**
 * Data-parallel training of a {@code scope: global} pipeline ({@code parallel: {every: N}}): every
 * input partition's task trains a replica of the model set and publishes it every {@code every}
 * training records; the replicas' records-weighted average is merged back into each
 * (docs/DESIGN.md "Data-parallel training").
 *
 * @param every training records a replica trains between publications; 0: off (one task trains the
 *     pipeline, the default)
 */
public record ParallelSpec(int every) {

    public static final ParallelSpec OFF = new ParallelSpec(0);
    public static final int MAX_EVERY = 100_000_000;

    public ParallelSpec {
        if (every < 0) {
            throw new IllegalArgumentException("every must be >= 0: " + every);
        }
    }

    public boolean enabled() {
        return every > 0;
    }
}
