package io.streamlearn.query;

/**
 * The columns of a weight row that a model view shows when the row has more than {@code top}
 * columns: the {@code top} nonzero weights of largest |w|, largest first, a tie going to the lower
 * column. A bounded min-heap over the row, O(width + nonzero · log top), so a 2^24-column row costs
 * one pass and no sort of the whole row.
 */
final class TopColumns {

    private TopColumns() {}

    /** The columns, in the order shown. */
    static int[] of(double[] w, int top) {
        int[] heap = new int[Math.min(top, w.length)];
        int size = 0;
        for (int c = 0; c < w.length; c++) {
            if (w[c] == 0.0) {
                continue;
            }
            if (size < heap.length) {
                heap[size] = c;
                up(heap, size++, w);
            } else if (size > 0 && before(c, heap[0], w)) {
                heap[0] = c;
                down(heap, size, w);
            }
        }
        // the heap's root is the last shown: take roots off from the back
        int[] out = new int[size];
        for (int k = size - 1; k >= 0; k--) {
            out[k] = heap[0];
            heap[0] = heap[--size];
            down(heap, size, w);
        }
        return out;
    }

    /** Whether column a is shown before column b: larger |w|, or equal and lower column. */
    private static boolean before(int a, int b, double[] w) {
        double x = Math.abs(w[a]);
        double y = Math.abs(w[b]);
        return x > y || x == y && a < b;
    }

    /** Restores the heap (root: the column shown last) upwards from i. */
    private static void up(int[] heap, int i, double[] w) {
        while (i > 0) {
            int parent = (i - 1) / 2;
            if (!before(heap[parent], heap[i], w)) {
                return;
            }
            swap(heap, i, parent);
            i = parent;
        }
    }

    private static void down(int[] heap, int size, double[] w) {
        int i = 0;
        while (true) {
            int l = 2 * i + 1;
            int r = l + 1;
            int last = i;
            if (l < size && before(heap[last], heap[l], w)) {
                last = l;
            }
            if (r < size && before(heap[last], heap[r], w)) {
                last = r;
            }
            if (last == i) {
                return;
            }
            swap(heap, i, last);
            i = last;
        }
    }

    private static void swap(int[] heap, int i, int j) {
        int t = heap[i];
        heap[i] = heap[j];
        heap[j] = t;
    }
}
