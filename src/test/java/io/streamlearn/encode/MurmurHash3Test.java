package io.streamlearn.encode;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.streamlearn.testing.ReferenceFiles;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * MurmurHash3 x86 32 and the hashed column against scikit-learn 1.2.1's {@code murmurhash3_32} and
 * {@code FeatureHasher(input_type='string', alternate_sign=False)}: {@code feature_hashing.json},
 * every case exactly.
 */
class MurmurHash3Test {

    @Test
    void everyReferenceCaseHashesAndLandsAsScikitLearns() throws Exception {
        JsonNode cases = new ObjectMapper().readTree(ReferenceFiles.path("feature_hashing.json").toFile()).get("cases");
        assertThat(cases).hasSize(234);
        for (JsonNode c : cases) {
            byte[] utf8 = c.get("string").asText().getBytes(StandardCharsets.UTF_8);
            int h = MurmurHash3.hash32(utf8, 0, utf8.length, 0);
            assertThat(h).as(c.get("string").asText()).isEqualTo(c.get("murmur3_signed").asInt());
            assertThat(Integer.toUnsignedLong(h)).isEqualTo(c.get("murmur3_unsigned").asLong());
            assertThat(MurmurHash3.column(h, c.get("n").asInt())).as(c.get("string").asText())
                    .isEqualTo(c.get("featurehasher_column").asInt());
        }
    }

    @Test
    void hashesAtAnOffsetAsTheCopiedBytes() {
        byte[] padded = "xxcountry=DEyy".getBytes(StandardCharsets.UTF_8);
        byte[] plain = "country=DE".getBytes(StandardCharsets.UTF_8);
        assertThat(MurmurHash3.hash32(padded, 2, plain.length, 0)).isEqualTo(MurmurHash3.hash32(plain, 0, plain.length, 0));
    }

    /**
     * The reference set has no string whose hash is −2^31, where a 32-bit |h| overflows; scikit-learn
     * maps it to 2^31 mod n. The string is found by inverting the hash's last block (the hash is a
     * bijection of it) for ASCII prefixes until the block is printable ASCII.
     */
    @Test
    void theHashMinusTwoToThe31LandsAtTwoToThe31ModN() {
        String s = stringHashingTo(Integer.MIN_VALUE);
        assertThat(s).isEqualTo("xx1yM1*A");
        byte[] b = s.getBytes(StandardCharsets.US_ASCII);
        // scikit-learn 1.2.1 (Debian): murmurhash3_32(b"xx1yM1*A", seed=0) = -2147483648, and
        // FeatureHasher(n_features=n, input_type='string', alternate_sign=False) puts it at column 648
        // for n = 1000, 2 for n = 7, 0 for n = 1024
        assertThat(MurmurHash3.column(MurmurHash3.hash32(b, 0, b.length, 0), 1000)).isEqualTo(648);
        assertThat(MurmurHash3.column(MurmurHash3.hash32(b, 0, b.length, 0), 7)).isEqualTo(2);
        assertThat(MurmurHash3.column(MurmurHash3.hash32(b, 0, b.length, 0), 1024)).isEqualTo(0);
        assertThat(MurmurHash3.hash32(b, 0, b.length, 0)).isEqualTo(Integer.MIN_VALUE);
        for (int n : new int[] {1024, 4096, 1 << 18, 1000, 7}) {
            assertThat(MurmurHash3.column(Integer.MIN_VALUE, n)).as("n = %d", n)
                    .isEqualTo((int) ((1L << 31) % n))
                    .isEqualTo((Integer.MAX_VALUE - (n - 1)) % n); // scikit-learn's _hashing_fast.pyx
        }
    }

    /** An ASCII string of 8 bytes whose hash is {@code target}: a 4-byte prefix and a solved last block. */
    static String stringHashingTo(int target) {
        for (int i = 0; ; i++) {
            String prefix = String.format("%4s", Integer.toString(i, 36)).replace(' ', 'x');
            byte[] p = prefix.getBytes(StandardCharsets.US_ASCII);
            int h = 0;
            int k0 = (p[0] & 0xff) | (p[1] & 0xff) << 8 | (p[2] & 0xff) << 16 | p[3] << 24;
            h ^= Integer.rotateLeft(k0 * 0xcc9e2d51, 15) * 0x1b873593;
            h = Integer.rotateLeft(h, 13) * 5 + 0xe6546b64;
            int beforeLength = unfmix(target) ^ 8;
            int mixed = Integer.rotateRight((beforeLength - 0xe6546b64) * inverse(5), 13) ^ h;
            int k = Integer.rotateRight(mixed * inverse(0x1b873593), 15) * inverse(0xcc9e2d51);
            byte[] block = {(byte) k, (byte) (k >>> 8), (byte) (k >>> 16), (byte) (k >>> 24)};
            boolean printable = true;
            for (byte x : block) {
                printable &= x >= 0x21 && x <= 0x7e;
            }
            if (printable) {
                return prefix + new String(block, StandardCharsets.US_ASCII);
            }
        }
    }

    private static int unfmix(int h) {
        h ^= h >>> 16;
        h *= inverse(0xc2b2ae35);
        h ^= h >>> 13 ^ h >>> 26;
        h *= inverse(0x85ebca6b);
        return h ^ h >>> 16;
    }

    /** The multiplicative inverse of an odd int modulo 2^32. */
    private static int inverse(int odd) {
        return BigInteger.valueOf(Integer.toUnsignedLong(odd)).modInverse(BigInteger.ONE.shiftLeft(32)).intValue();
    }
}
