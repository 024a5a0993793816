package io.txmatch.index;

/**
 * How Multi-Index Hashing cuts a code into {@code m} disjoint substrings (Norouzi, Punjani and Fleet, 2012):
 * substring {@code t} is bits {@code [start(t), start(t) + length(t))}, lengths differ by at most one. By
 * pigeonhole, a code within distance {@code r} of the query has some substring within {@code floor(r / m)}
 * of the query's. Immutable.
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

    /**
     * The default number of substrings: the fewest that keep substrings at most {@link #MAX_LENGTH} bits,
     * {@code ceil(bits / 32)}. Norouzi et al. suggest {@code bits / log2(n)} for hash-table postings; with
     * directory-sorted postings ({@link SealedSegment}) a longer substring costs no more to probe and finds
     * fewer false candidates, and radii up to {@code 2m - 1} still probe at most 33 values per table.
     * Measured on 1M clustered 64-bit codes: 2 substrings against 3 were 2x faster at r = 1 and 3, 4.5x
     * slower at r = 6 (bench/results/index.md); larger radii want more substrings, set explicitly.
     */
    static int defaultCount(int bits) {
        return (bits + MAX_LENGTH - 1) / MAX_LENGTH;
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
