package io.streamlearn.encode;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The hashed-name dictionary: per hashed column, the first {@link #PER_COLUMN} distinct features
 * (their full text, {@code merchant_id=m-77}) that fell in it, so that a hashed model can be read
 * (Vowpal Wabbit's {@code --invert_hash}, kept online). Open addressing from column to entry; a
 * feature already noted costs a lookup and at most 8 byte comparisons, no allocation.
 */
final class HashedNames {

    static final int PER_COLUMN = 8;

    private int[] columns = new int[64];
    private byte[][][] names = new byte[64][][];
    private int[] counts = new int[64];
    private int size;

    int size() {
        return size;
    }

    /** Notes that the feature {@code b[from, from + length)} fell in {@code column}. */
    void note(int column, byte[] b, int from, int length) {
        int s = slot(column);
        if (names[s] == null) {
            insert(s, column);
            s = slot(column);
        }
        byte[][] list = names[s];
        int n = counts[s];
        if (n == PER_COLUMN) {
            return;
        }
        for (int i = 0; i < n; i++) {
            if (Arrays.equals(list[i], 0, list[i].length, b, from, from + length)) {
                return;
            }
        }
        list[n] = Arrays.copyOfRange(b, from, from + length);
        counts[s] = n + 1;
    }

    /** The features seen in {@code column}, in the order first seen; empty when none. */
    List<String> namesIn(int column) {
        int s = slot(column);
        List<String> out = new ArrayList<>();
        for (int i = 0; names[s] != null && i < counts[s]; i++) {
            out.add(new String(names[s][i], StandardCharsets.UTF_8));
        }
        return out;
    }

    /** Every column with names, increasing (the stored order). */
    int[] sortedColumns() {
        int[] out = new int[size];
        int k = 0;
        for (int s = 0; s < names.length; s++) {
            if (names[s] != null) {
                out[k++] = columns[s];
            }
        }
        Arrays.sort(out);
        return out;
    }

    /** The raw names of a column (for the codec): count then the arrays. */
    byte[][] raw(int column) {
        int s = slot(column);
        return Arrays.copyOf(names[s], counts[s]);
    }

    private int slot(int column) {
        int mask = names.length - 1;
        int s = mix(column) & mask;
        while (names[s] != null && columns[s] != column) {
            s = (s + 1) & mask;
        }
        return s;
    }

    private void insert(int s, int column) {
        if (2 * (size + 1) > names.length) {
            int[] oldColumns = columns;
            byte[][][] oldNames = names;
            int[] oldCounts = counts;
            columns = new int[2 * oldColumns.length];
            names = new byte[2 * oldNames.length][][];
            counts = new int[2 * oldCounts.length];
            for (int i = 0; i < oldNames.length; i++) {
                if (oldNames[i] != null) {
                    int t = slot(oldColumns[i]);
                    columns[t] = oldColumns[i];
                    names[t] = oldNames[i];
                    counts[t] = oldCounts[i];
                }
            }
            s = slot(column);
        }
        columns[s] = column;
        names[s] = new byte[PER_COLUMN][];
        counts[s] = 0;
        size++;
    }

    private static int mix(int c) {
        int h = c * 0x9e3779b9;
        return h ^ (h >>> 16);
    }
}
