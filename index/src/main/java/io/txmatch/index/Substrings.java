package io.txmatch.index;

/**
 * How Multi-Index Hashing cuts a code into {@code m} disjoint substrings (Norouzi, Punjani and Fleet, 2012):
 * substring {@code t} is bits {@code [start(t), start(t) + length(t))}, lengths differ by at most one. By
 * pigeonhole, a code within distance {@code r} of the query has some substring within {@code floor(r / m)}
 * of the query's. How many substrings a use wants is the {@link CostModel}'s choice. Immutable.
 */
final class Substrings {
    /** Longest substring; balls in longer substrings are too large to enumerate. */
    static final int MAX_LENGTH = 32;

    final int bits;
    final int m;
    private final int[] start;
    private final int[] length;

    Substrings(int bits, int m) {
        if (m < 1 || m > bits || (bits + m - 1) / m > MAX_LENGTH) {
            throw new IllegalArgumentException("substrings must be 1.." + bits + " and at most " + MAX_LENGTH
                    + " bits long; got " + m + " for " + bits + " bits");
        }
        this.bits = bits;
        this.m = m;
        this.start = new int[m];
        this.length = new int[m];
        int pos = 0;
        for (int t = 0; t < m; t++) {
            length[t] = bits / m + (t < bits % m ? 1 : 0);
            start[t] = pos;
            pos += length[t];
        }
    }

    int length(int t) {
        return length[t];
    }

    /** Substring {@code t} of the code at {@code offset} in {@code codes}, as the low bits of a long. */
    long value(long[] codes, int offset, int t) {
        return extract(codes, offset, start[t], length[t]);
    }

    /** Every substring of {@code query}, in table order. */
    long[] values(long[] query) {
        long[] v = new long[m];
        for (int t = 0; t < m; t++) {
            v[t] = value(query, 0, t);
        }
        return v;
    }

    /** Bits {@code [from, from + len)} of the code at {@code offset} in {@code codes}, as the low bits of a long. */
    static long extract(long[] codes, int offset, int from, int len) {
        int word = from >>> 6;
        int shift = from & 63;
        long v = codes[offset + word] >>> shift;
        if (shift + len > 64) {
            v |= codes[offset + word + 1] << (64 - shift);
        }
        return len == 64 ? v : v & ((1L << len) - 1);
    }

    /** Values probed over all tables for substring radius {@code sub}: the Hamming balls' sizes, capped. */
    long probes(int sub) {
        long total = 0;
        for (int t = 0; t < m; t++) {
            total += ball(length[t], sub);
            if (total > Long.MAX_VALUE / 4) {
                return Long.MAX_VALUE / 4;
            }
        }
        return total;
    }

    /** Size of a Hamming ball of radius {@code r} in {@code len} bits, capped at 2^50. */
    static long ball(int len, int r) {
        long sum = 0;
        long c = 1;
        for (int i = 0; i <= Math.min(r, len); i++) {
            sum += c;
            if (sum > (1L << 50)) {
                return 1L << 50;
            }
            c = c * (len - i) / (i + 1);
        }
        return sum;
    }
}
