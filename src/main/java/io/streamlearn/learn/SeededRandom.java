package io.streamlearn.learn;

/**
 * A small, seedable random generator whose whole state is one {@code long}, so that it is saved
 * with a model and a restored model draws the same numbers: SplitMix64 (Steele, Lea and Flood,
 * "Fast splittable pseudorandom number generators", OOPSLA 2014). The JDK's generators hide their
 * state, which is why this one is written here.
 */
public final class SeededRandom {

    private static final long GOLDEN_GAMMA = 0x9e3779b97f4a7c15L;
    private static final double DOUBLE_UNIT = 0x1.0p-53;

    private long state;

    public SeededRandom(long seed) {
        this.state = seed;
    }

    /** The whole state; {@code new SeededRandom(r.state())} continues the same sequence. */
    public long state() {
        return state;
    }

    public long nextLong() {
        long z = (state += GOLDEN_GAMMA);
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    /** Uniform on [0, 1), 53 random bits. */
    public double nextDouble() {
        return (nextLong() >>> 11) * DOUBLE_UNIT;
    }

    /** Uniform on [lo, hi). */
    public double nextDouble(double lo, double hi) {
        return lo + (hi - lo) * nextDouble();
    }

    /**
     * Standard normal by the Box–Muller transform; draws two uniforms per call and keeps no spare,
     * so the state stays one long.
     */
    public double nextGaussian() {
        double u1 = 1.0 - nextDouble(); // (0, 1]: log is finite
        double u2 = nextDouble();
        return Math.sqrt(-2.0 * Math.log(u1)) * Math.cos(2.0 * Math.PI * u2);
    }
}
