package io.streamlearn.pipeline;

/**
 * Assigns a labeled record to {@link Split#TRAIN} or {@link Split#HOLDOUT} by a stable hash of its
 * id, so the same id lands in the same split on every run and machine.
 *
 * <p>Hash: 64-bit FNV-1a (Fowler, Noll, Vo) over the id's UTF-8 bytes, then MurmurHash3's fmix64
 * finalizer, because FNV-1a alone mixes its last bytes poorly into the high bits that decide the
 * split (ids like {@code r-1}, {@code r-2} differ in one byte). The top 53 bits give u in [0, 1);
 * the record is held out when u &lt; fraction. The UTF-8 bytes are produced on the fly from the
 * string's code points, so no array is allocated per record. Stateless.
 */
public final class HoldoutSplitter {

    private static final long FNV_OFFSET_BASIS = 0xcbf29ce484222325L;
    private static final long FNV_PRIME = 0x100000001b3L;
    private static final double DOUBLE_UNIT = 0x1.0p-53;

    private final double fraction;

    public HoldoutSplitter(double fraction) {
        if (!(fraction >= 0 && fraction < 1)) {
            throw new IllegalArgumentException("holdout fraction must be in [0, 1): " + fraction);
        }
        this.fraction = fraction;
    }

    public double fraction() {
        return fraction;
    }

    /** The split of a record: {@link Split#UNLABELED} when it has no label, else by the hash of its id. */
    public Split split(CharSequence id, boolean labeled) {
        if (!labeled) {
            return Split.UNLABELED;
        }
        return unitHash(id) < fraction ? Split.HOLDOUT : Split.TRAIN;
    }

    /** The id's hash mapped to [0, 1). */
    static double unitHash(CharSequence id) {
        return (hash64(id) >>> 11) * DOUBLE_UNIT;
    }

    /** fmix64(FNV-1a-64(UTF-8 bytes of id)). An unpaired surrogate is encoded as '?', as String.getBytes does. */
    static long hash64(CharSequence id) {
        long h = FNV_OFFSET_BASIS;
        int i = 0;
        int n = id.length();
        while (i < n) {
            int c = id.charAt(i++);
            if (c < 0x80) {
                h = mix(h, c);
            } else if (c < 0x800) {
                h = mix(h, 0xc0 | (c >> 6));
                h = mix(h, 0x80 | (c & 0x3f));
            } else if (Character.isSurrogate((char) c)) {
                if (Character.isHighSurrogate((char) c) && i < n && Character.isLowSurrogate(id.charAt(i))) {
                    int cp = Character.toCodePoint((char) c, id.charAt(i++));
                    h = mix(h, 0xf0 | (cp >> 18));
                    h = mix(h, 0x80 | ((cp >> 12) & 0x3f));
                    h = mix(h, 0x80 | ((cp >> 6) & 0x3f));
                    h = mix(h, 0x80 | (cp & 0x3f));
                } else {
                    h = mix(h, '?');
                }
            } else {
                h = mix(h, 0xe0 | (c >> 12));
                h = mix(h, 0x80 | ((c >> 6) & 0x3f));
                h = mix(h, 0x80 | (c & 0x3f));
            }
        }
        return fmix64(h);
    }

    /** One FNV-1a step: h = (h xor byte) * prime. */
    private static long mix(long h, int b) {
        return (h ^ (b & 0xff)) * FNV_PRIME;
    }

    /** MurmurHash3's 64-bit finalizer (Appleby): every input bit affects every output bit. */
    private static long fmix64(long k) {
        k ^= k >>> 33;
        k *= 0xff51afd7ed558ccdL;
        k ^= k >>> 33;
        k *= 0xc4ceb9fe1a85ec53L;
        k ^= k >>> 33;
        return k;
    }
}
