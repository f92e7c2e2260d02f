package io.streamlearn.record;

import java.math.BigInteger;

/**
 * The shortest decimal text of a finite double, written into a caller's {@code char[]} without
 * allocating: for {@code JsonGenerator.writeNumber(char[], int, int)}, since
 * {@code JsonGenerator.writeNumber(double)} allocates a String (and a formatter object and a
 * byte[]) for every number, and prediction JSON is to be written with no allocation per record.
 *
 * <p>The text is exactly that of Jackson 2.20's {@code schubfach.DoubleToDecimal.toString(double)},
 * which is that of JDK 19+'s {@code Double.toString}: the decimal with the fewest significant digits
 * that rounds back to the same double, the one closest to it among those (ties to an even last
 * digit), except that the two smallest subnormals are rendered with one more digit of precision
 * (4.9E-324, not 5.0E-324). It is written as {@code 123.456} / {@code 0.001} / {@code 9999999.0}
 * when 10^-3 &lt;= |v| &lt; 10^7 and as {@code 1.0E-4} / {@code 1.0E7} / {@code 4.9E-324}
 * otherwise; zeros are {@code 0.0} and {@code -0.0}.
 *
 * <p>The algorithm is Raffaello Giulietti's Schubfach ("The Schubfach way to render doubles",
 * 2020). For v = c·2^q, the doubles next to v bound its rounding interval R = [vl, vr], where
 * vl and vr lie halfway to its neighbours. Choose k with 10^k about 2^q, so that v·10^-k has 16 or 17
 * digits; then s = floor(v·10^-k) or s + 1, or the multiples of ten next to s, is the decimal
 * wanted, depending on which of them lie in R·10^-k. The three products (v, vl and vr times 10^-k)
 * are computed once, with a 126-bit approximation of 10^-k, rounded to odd so that the comparisons
 * against the candidates are exact (the paper proves it).
 */
public final class DoubleText {

    /** Longest text written: "-", 17 digits, ".", "E-324". */
    public static final int MAX_CHARS = 24;

    // binary64: v = c·2^q with c < 2^53 (the leading bit is implicit for normal values)
    private static final int P = 53;
    private static final int Q_MIN = -1074;
    private static final long C_MIN = 1L << (P - 1);
    private static final long T_MASK = C_MIN - 1;
    private static final int BQ_MASK = 0x7FF;
    /** Subnormals with c below this get c·10 (and one more digit) so their text has two digits. */
    private static final long C_TINY = 3;

    /** The range of k = floor(log10(2^q)) (or log10(3/4·2^q)) for the q of doubles. */
    private static final int K_MIN = -324;
    private static final int K_MAX = 292;

    /**
     * For each k in K_MIN..K_MAX, at 2(k - K_MIN) and the next index, the 126-bit integer
     * g = floor(10^-k · 2^(125 - floor(log2(10^-k)))) + 1, so 2^125 &lt;= g &lt; 2^126: g's top 63
     * bits, then its low 63 bits. Computed here with BigInteger rather than typed in.
     */
    private static final long[] G = powersOfTen();

    /** 10^0 .. 10^17. */
    private static final long[] POW10 = new long[18];

    static {
        POW10[0] = 1;
        for (int i = 1; i < POW10.length; i++) {
            POW10[i] = 10 * POW10[i - 1];
        }
    }

    private static final long MASK_63 = Long.MAX_VALUE;

    private DoubleText() {
    }

    /**
     * Writes finite {@code v} at {@code into[at..]} (at most {@link #MAX_CHARS} chars) and returns
     * the index after the last char written.
     *
     * @throws IllegalArgumentException for NaN and infinities
     */
    public static int write(double v, char[] into, int at) {
        long bits = Double.doubleToRawLongBits(v);
        int bq = (int) (bits >>> (P - 1)) & BQ_MASK;
        if (bq == BQ_MASK) {
            throw new IllegalArgumentException("not a finite double: " + v);
        }
        int pos = at;
        if (bits < 0) {
            into[pos++] = '-';
        }
        long t = bits & T_MASK;
        if (bq != 0) {
            int q = bq - 1 + Q_MIN;
            long c = C_MIN | t;
            // An integer below 2^53 is its own shortest decimal (its neighbours are at most 1 away).
            if (-P < q && q < 0) {
                long f = c >> -q;
                if (f << -q == c) {
                    return format(f, 0, into, pos);
                }
            }
            return shortest(q, c, 0, into, pos);
        }
        if (t == 0) {
            into[pos] = '0';
            into[pos + 1] = '.';
            into[pos + 2] = '0';
            return pos + 3;
        }
        return t < C_TINY ? shortest(Q_MIN, 10 * t, -1, into, pos) : shortest(Q_MIN, t, 0, into, pos);
    }

    /**
     * Schubfach for v = c·2^q (times 10^dk when the caller scaled c by 10^-dk): finds the decimal
     * f·10^e to write and writes it.
     */
    private static int shortest(int q, long c, int dk, char[] into, int pos) {
        // Work in quarters of 2^q: v = cb/4, and R's bounds are vl = cbl/4 and vr = cbr/4 (times
        // 2^q). They are halfway to the neighbours, except that at a power of two the lower
        // neighbour is twice as close; R includes its bounds when c is even (round half to even).
        long cb = c << 2;
        long cbr = cb + 2;
        long cbl;
        int k;
        if (c != C_MIN || q == Q_MIN) {
            cbl = cb - 2;
            k = floorLog10Pow2(q);
        } else {
            cbl = cb - 1;
            k = floorLog10ThreeQuartersPow2(q);
        }
        int excluded = (int) c & 1; // 1: the bounds are not in R, so comparisons become strict
        // Scale by 10^-k: with g about 10^-k·2^(125 - floor(log2(10^-k))), shifting by h makes
        // g·(x << h)/2^127 equal x·2^q·10^-k; vb, vbl, vbr are four times v, vl, vr so scaled.
        int h = q + floorLog2Pow10(-k) + 2;
        int gi = (k - K_MIN) << 1;
        long g1 = G[gi];
        long g0 = G[gi + 1];
        long vb = scaleRoundToOdd(g1, g0, cb << h);
        long vbl = scaleRoundToOdd(g1, g0, cbl << h);
        long vbr = scaleRoundToOdd(g1, g0, cbr << h);

        long s = vb >> 2; // floor(v·10^-k)
        if (s >= 100) {
            // One digit fewer: the multiples of ten either side of v. If exactly one is in R, it is
            // the shortest (and the only one that short).
            long sp10 = 10 * Math.multiplyHigh(s, 0x1999_9999_9999_99A0L); // 10·floor(s/10)
            long tp10 = sp10 + 10;
            boolean lowerIn = vbl + excluded <= sp10 << 2;
            boolean upperIn = (tp10 << 2) + excluded <= vbr;
            if (lowerIn != upperIn) {
                return format(lowerIn ? sp10 : tp10, k + dk, into, pos);
            }
        }
        // Full length: s or s + 1. If exactly one is in R take it, else (both are) the closer one.
        long t = s + 1;
        boolean lowerIn = vbl + excluded <= s << 2;
        boolean upperIn = (t << 2) + excluded <= vbr;
        if (lowerIn != upperIn) {
            return format(lowerIn ? s : t, k + dk, into, pos);
        }
        long vsMidpoint = vb - ((s + t) << 1); // 4v·10^-k against 4(s + 1/2)
        boolean lower = vsMidpoint < 0 || vsMidpoint == 0 && (s & 1) == 0;
        return format(lower ? s : t, k + dk, into, pos);
    }

    /**
     * g·cp / 2^127, where g = g1·2^63 + g0, rounded to odd: the floor, with its lowest bit set
     * when the dropped fraction is not zero (which keeps the comparisons in {@link #shortest}
     * exact). The bits below g0·cp's top 64 are dropped; the paper shows they cannot matter.
     */
    private static long scaleRoundToOdd(long g1, long g0, long cp) {
        long lowTop = Math.multiplyHigh(g0, cp); // floor(g0·cp / 2^64)
        long highLow = g1 * cp; // g1·cp mod 2^64
        long highTop = Math.multiplyHigh(g1, cp); // floor(g1·cp / 2^64)
        // g·cp / 2^127 = highTop + (highLow/2 + lowTop) / 2^63 + (the dropped bits)
        long z = (highLow >>> 1) + lowTop;
        long floor = highTop + (z >>> 63);
        long sticky = ((z & MASK_63) + MASK_63) >>> 63; // 1 unless z's low 63 bits are all zero
        return floor | sticky;
    }

    // floor(q·log10(2)), floor(q·log10(2) + log10(3/4)) and floor(e·log2(10)) in fixed point
    // (2^41·log10(2), 2^41·log10(3/4), 2^38·log2(10)); exact for the exponents of doubles.

    private static int floorLog10Pow2(int q) {
        return (int) (q * 661_971_961_083L >> 41);
    }

    private static int floorLog10ThreeQuartersPow2(int q) {
        return (int) (q * 661_971_961_083L - 274_743_187_321L >> 41);
    }

    private static int floorLog2Pow10(int e) {
        return (int) (e * 913_124_641_741L >> 38);
    }

    /** Writes f·10^e (f &gt; 0) in Double.toString's format at into[pos..]; returns the end. */
    private static int format(long f, int e, char[] into, int pos) {
        while (f % 10 == 0) {
            f /= 10;
            e++;
        }
        int n = digitCount(f);
        int point = n + e; // v = 0.d1d2...dn · 10^point
        if (0 < point && point <= 7) {
            return plainAtLeastOne(f, n, point, into, pos);
        }
        if (-3 < point && point <= 0) {
            return plainBelowOne(f, n, point, into, pos);
        }
        return scientific(f, n, point - 1, into, pos);
    }

    /** 1 &lt;= v &lt; 10^7: "123.45", or "1200.0" when f·10^e is an integer. */
    private static int plainAtLeastOne(long f, int n, int point, char[] into, int pos) {
        if (n <= point) {
            digits(f, n, into, pos);
            pos += n;
            for (int i = n; i < point; i++) {
                into[pos++] = '0';
            }
            into[pos] = '.';
            into[pos + 1] = '0';
            return pos + 2;
        }
        // all digits one place right, then the integer part back left over the point's place
        // (cheaper than dividing f by 10^(n - point), a division by a variable)
        digits(f, n, into, pos + 1);
        for (int i = pos; i < pos + point; i++) {
            into[i] = into[i + 1];
        }
        into[pos + point] = '.';
        return pos + n + 1;
    }

    /** 10^-3 &lt;= v &lt; 1: "0.0012". */
    private static int plainBelowOne(long f, int n, int point, char[] into, int pos) {
        into[pos++] = '0';
        into[pos++] = '.';
        for (int i = point; i < 0; i++) {
            into[pos++] = '0';
        }
        digits(f, n, into, pos);
        return pos + n;
    }

    /** "1.2345E-10", "1.0E7": one digit before the point, at least one after. */
    private static int scientific(long f, int n, int exponent, char[] into, int pos) {
        digits(f, n, into, pos + 1); // as in plainAtLeastOne: the first digit goes left of the point
        into[pos] = into[pos + 1];
        into[pos + 1] = '.';
        if (n == 1) {
            into[pos + 2] = '0';
            pos += 3;
        } else {
            pos += n + 1;
        }
        into[pos++] = 'E';
        if (exponent < 0) {
            into[pos++] = '-';
            exponent = -exponent;
        }
        int width = exponent < 10 ? 1 : exponent < 100 ? 2 : 3;
        digits(exponent, width, into, pos);
        return pos + width;
    }

    /** The number of decimal digits of f &gt; 0. */
    private static int digitCount(long f) {
        // 2^(bits-1) <= f < 2^bits, so the count is floor(log10(2^bits)) or one more
        int n = floorLog10Pow2(Long.SIZE - Long.numberOfLeadingZeros(f));
        return f >= POW10[n] ? n + 1 : n;
    }

    /** Writes x's lowest {@code count} decimal digits, zero-padded, at into[at..at+count). */
    private static void digits(long x, int count, char[] into, int at) {
        int end = at + count;
        // eight digits at a time in int arithmetic, which is cheaper than long division
        while (end - at > 8) {
            long high = x / 100_000_000;
            digits8((int) (x - high * 100_000_000), into, end - 8, end);
            x = high;
            end -= 8;
        }
        digits8((int) x, into, at, end);
    }

    /** Writes the lowest end - at (at most 8) digits of x at into[at..end), two at a time. */
    private static void digits8(int x, char[] into, int at, int end) {
        int i = end;
        while (i - at >= 2) {
            int quotient = x / 100;
            int pair = (x - 100 * quotient) << 1;
            into[--i] = DIGIT_PAIRS[pair + 1];
            into[--i] = DIGIT_PAIRS[pair];
            x = quotient;
        }
        if (i > at) {
            into[at] = (char) ('0' + x % 10);
        }
    }

    /** "00", "01", ..., "99" back to back. */
    private static final char[] DIGIT_PAIRS = new char[200];

    static {
        for (int i = 0; i < 100; i++) {
            DIGIT_PAIRS[2 * i] = (char) ('0' + i / 10);
            DIGIT_PAIRS[2 * i + 1] = (char) ('0' + i % 10);
        }
    }

    /** The table G: see there. */
    private static long[] powersOfTen() {
        long[] g = new long[(K_MAX - K_MIN + 1) << 1];
        BigInteger mask63 = BigInteger.ONE.shiftLeft(63).subtract(BigInteger.ONE);
        for (int k = K_MIN; k <= K_MAX; k++) {
            int e = -k;
            int shift = 125 - floorLog2Pow10(e); // g = floor(10^e·2^shift) + 1
            BigInteger value;
            if (e >= 0) {
                BigInteger p = BigInteger.TEN.pow(e);
                value = shift >= 0 ? p.shiftLeft(shift) : p.shiftRight(-shift);
            } else {
                value = BigInteger.ONE.shiftLeft(shift).divide(BigInteger.TEN.pow(-e));
            }
            value = value.add(BigInteger.ONE);
            int i = (k - K_MIN) << 1;
            g[i] = value.shiftRight(63).longValueExact();
            g[i + 1] = value.and(mask63).longValue();
        }
        return g;
    }
}
