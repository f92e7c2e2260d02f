package io.streamlearn.record;

/** Opens the package-private {@link DoubleText} to io.streamlearn.bench.DoubleTextBenchmark. */
public final class DoubleTextForBench {

    public static final int MAX_CHARS = DoubleText.MAX_CHARS;

    private DoubleTextForBench() {
    }

    public static int write(double v, char[] into, int at) {
        return DoubleText.write(v, into, at);
    }
}
