package io.txmatch.index;

import java.util.HashMap;
import java.util.Map;
import org.roaringbitmap.RoaringBitmap;

/**
 * Multi-Index Hashing tables (Norouzi, Punjani and Fleet, 2012): the code is cut into {@code m} disjoint
 * substrings and table {@code t} maps each value of substring {@code t} to the posting list of slots
 * holding it. By pigeonhole, a code within distance {@code r} of the query has some substring within
 * {@code floor(r / m)} of the query's, so probing every value in those small balls finds all candidates.
 * Not thread-safe: {@link CodeIndex} guards it.
 */
final class MultiIndex {
    /** Longest substring; balls in longer substrings are too large to enumerate. */
    static final int MAX_SUBSTRING = 32;

    private final int m;
    private final int[] start;
    private final int[] length;
    private final Map<Long, RoaringBitmap>[] tables;

    @SuppressWarnings("unchecked")
    MultiIndex(int bits, int m) {
        if (m < 1 || m > bits || (bits + m - 1) / m > MAX_SUBSTRING) {
            throw new IllegalArgumentException("substrings must be 1.." + bits + " and at most " + MAX_SUBSTRING
                    + " bits long; got " + m + " for " + bits + " bits");
        }
        this.m = m;
        this.start = new int[m];
        this.length = new int[m];
        this.tables = new Map[m];
        int pos = 0;
        for (int t = 0; t < m; t++) {
            length[t] = bits / m + (t < bits % m ? 1 : 0);
            start[t] = pos;
            pos += length[t];
            tables[t] = new HashMap<>();
        }
    }

    /** The default number of substrings: substrings near {@code log2(expected)} bits, at most {@link #MAX_SUBSTRING}. */
    static int defaultSubstrings(int bits, long expectedSize) {
        int target = (int) Math.max(16, Math.min(MAX_SUBSTRING, Math.round(Math.log(Math.max(2, expectedSize)) / Math.log(2))));
        return Math.max((bits + MAX_SUBSTRING - 1) / MAX_SUBSTRING, Math.max(1, Math.round(bits / (float) target)));
    }

    int substrings() {
        return m;
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

    void add(int slot, long[] codes, int offset) {
        for (int t = 0; t < m; t++) {
            tables[t].computeIfAbsent(extract(codes, offset, start[t], length[t]), k -> new RoaringBitmap()).add(slot);
        }
    }

    void remove(int slot, long[] codes, int offset) {
        for (int t = 0; t < m; t++) {
            long key = extract(codes, offset, start[t], length[t]);
            RoaringBitmap b = tables[t].get(key);
            if (b != null) {
                b.remove(slot);
                if (b.isEmpty()) {
                    tables[t].remove(key);
                }
            }
        }
    }

    /** Values probed per table for a substring radius {@code sub}: the size of the Hamming ball, capped. */
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

    /** Adds to {@code out} every slot whose substring {@code t} is within {@code sub} of the query's, for every t. */
    void candidates(long[] query, int sub, RoaringBitmap out) {
        for (int t = 0; t < m; t++) {
            long q = extract(query, 0, start[t], length[t]);
            probe(tables[t], q, length[t], sub, 0, out);
        }
    }

    private static void probe(Map<Long, RoaringBitmap> table, long value, int len, int flips, int from, RoaringBitmap out) {
        RoaringBitmap b = table.get(value);
        if (b != null) {
            out.or(b);
        }
        if (flips == 0) {
            return;
        }
        for (int i = from; i < len; i++) {
            probe(table, value ^ (1L << i), len, flips - 1, i + 1, out);
        }
    }
}
