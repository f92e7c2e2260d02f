package io.streamlearn.encode;

/**
 * MurmurHash3 x86 32-bit (Austin Appleby, public domain), and the hashed column of a feature as
 * scikit-learn's {@code FeatureHasher(input_type='string', alternate_sign=False)} computes it:
 * {@code abs(murmurhash3_32(utf8(s), seed=0)) % n} on the signed 32-bit hash.
 */
public final class MurmurHash3 {

    private static final int C1 = 0xcc9e2d51;
    private static final int C2 = 0x1b873593;

    private MurmurHash3() {}

    /** The signed 32-bit hash of {@code data[offset, offset + length)}. */
    public static int hash32(byte[] data, int offset, int length, int seed) {
        int h = seed;
        int blocks = length >>> 2;
        for (int i = 0; i < blocks; i++) {
            int p = offset + 4 * i;
            int k = (data[p] & 0xff) | (data[p + 1] & 0xff) << 8 | (data[p + 2] & 0xff) << 16 | data[p + 3] << 24;
            h ^= mixK(k);
            h = Integer.rotateLeft(h, 13) * 5 + 0xe6546b64;
        }
        int tail = offset + 4 * blocks;
        int k = 0;
        switch (length & 3) {
            case 3:
                k ^= (data[tail + 2] & 0xff) << 16;
                // fall through
            case 2:
                k ^= (data[tail + 1] & 0xff) << 8;
                // fall through
            case 1:
                k ^= data[tail] & 0xff;
                h ^= mixK(k);
                break;
            default:
                break;
        }
        h ^= length;
        return fmix(h);
    }

    /**
     * The column of a hash among {@code n}: |h| mod n, with |−2^31| = 2^31 (scikit-learn's Cython
     * special-cases that hash to {@code (2^31 − 1 − (n − 1)) % n}, which is 2^31 mod n), so it is
     * taken in 64 bits.
     */
    public static int column(int hash, int n) {
        return (int) (Math.abs((long) hash) % n);
    }

    private static int mixK(int k) {
        k *= C1;
        k = Integer.rotateLeft(k, 15);
        return k * C2;
    }

    private static int fmix(int h) {
        h ^= h >>> 16;
        h *= 0x85ebca6b;
        h ^= h >>> 13;
        h *= 0xc2b2ae35;
        return h ^ (h >>> 16);
    }
}
