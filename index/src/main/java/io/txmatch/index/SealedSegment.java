package io.txmatch.index;

import org.roaringbitmap.RoaringBitmap;

/**
 * The immutable bulk of a {@link CodeIndex}: codes, ids and Multi-Index Hashing tables in flat arrays.
 *
 * <p>Each table is a counting sort of the slots by the top {@code dirBits} bits of that table's substring:
 * {@code dir[b] .. dir[b + 1]} are the positions in {@code order} of the slots in bucket {@code b}. Slots
 * are themselves laid out in table 0's order, so table 0 needs no {@code order} array; tables 1..m-1 keep
 * one slot per code, in 3 bytes while slots fit in 24 bits (up to 16,777,216 codes), else in an {@code int}. A bucket holds about four codes ({@code dirBits = floor(log2 n) - 2}, capped
 * at the substring length), and a lookup checks each one's substring against the value. Unless the bucket is
 * the whole substring ({@code dirBits} = its length: every entry matches), a table keeps the substring's
 * lowest 8 bits in a {@code byte} beside each entry: with 8 or fewer bits below the bucket the byte settles
 * a match; with more it rejects a code that does not match without a random read of it, but for one in 256,
 * and the code settles the rest. For {@code m} tables the cost is at most {@code 3(m - 1) + m} bytes per
 * code plus {@code m} bytes of directory, beside the code and its id ({@code 4(m - 1) + m} beyond 2^24 codes).
 */
final class SealedSegment extends Segment {
    /** Most codes whose slots fit in 3 bytes. */
    static final int PACKED_LIMIT = 1 << 24;

    private final Substrings layout;
    private final int words;
    private final int size;
    private final long[] codes;
    private final int[] ids;
    private final RoaringBitmap idSet;
    /** Slots of tables 1..m-1 in bucket order, 3 bytes each, little-endian (null when {@link #order} is used). */
    private final byte[][] order3;
    /** The same as {@code int}s, for segments of more than {@link #PACKED_LIMIT} codes. */
    private final int[][] order;
    private final byte[][] residual;
    private final int[][] dir;
    private final int[] shift;

    private SealedSegment(Substrings layout, long[] codes, int[] ids, int size, RoaringBitmap idSet, byte[][] order3, int[][] order,
                          byte[][] residual, int[][] dir, int[] shift) {
        this.layout = layout;
        this.words = Codes.words(layout.bits);
        this.size = size;
        this.codes = codes;
        this.ids = ids;
        this.idSet = idSet;
        this.order3 = order3;
        this.order = order;
        this.residual = residual;
        this.dir = dir;
        this.shift = shift;
    }

    /** An empty segment. */
    static SealedSegment empty(Substrings layout) {
        return build(layout, new int[0], new long[0], 0);
    }

    /**
     * Builds a segment over the first {@code n} (id, code) pairs of the arrays (codes flat, {@code words}
     * longs each). Ids must be distinct. The arrays are only read.
     */
    static SealedSegment build(Substrings layout, int[] ids, long[] codes, int n) {
        return build(layout, ids, codes, n, PACKED_LIMIT);
    }

    /** As {@link #build(Substrings, int[], long[], int)}, packing slots in 3 bytes only up to {@code packedLimit} codes. */
    static SealedSegment build(Substrings layout, int[] ids, long[] codes, int n, int packedLimit) {
        int words = Codes.words(layout.bits);
        int m = layout.m;
        RoaringBitmap idSet = new RoaringBitmap();
        for (int i = 0; i < n; i++) {
            if (!idSet.checkedAdd(ids[i])) {
                throw new IllegalArgumentException("id " + ids[i] + " appears twice");
            }
        }
        int[] shift = new int[m];
        int[][] dir = new int[m][];
        int logN = n <= 1 ? 0 : 31 - Integer.numberOfLeadingZeros(n);
        for (int t = 0; t < m; t++) {
            int dirBits = Math.min(layout.length(t), Math.max(0, logN - 2));
            shift[t] = layout.length(t) - dirBits;
            dir[t] = new int[(1 << dirBits) + 1];
        }
        // Table 0 orders the slots themselves.
        int[] byTable0 = countingSort(layout, codes, words, n, 0, shift[0], dir[0]);
        long[] laidCodes = new long[n * words];
        int[] laidIds = new int[n];
        for (int s = 0; s < n; s++) {
            int from = byTable0[s];
            laidIds[s] = ids[from];
            System.arraycopy(codes, from * words, laidCodes, s * words, words);
        }
        int[][] order = new int[m][];
        byte[][] residual = new byte[m][];
        for (int t = 0; t < m; t++) {
            if (t > 0) {
                order[t] = countingSort(layout, laidCodes, words, n, t, shift[t], dir[t]);
            }
            if (shift[t] > 0) {
                // The lowest substring bits below the bucket, beside each entry: a lookup rejects most entries
                // of its bucket without a random read of their codes.
                residual[t] = new byte[n];
                for (int i = 0; i < n; i++) {
                    residual[t][i] = (byte) layout.value(laidCodes, (t == 0 ? i : order[t][i]) * words, t);
                }
            }
        }
        byte[][] order3 = null;
        if (n <= Math.min(packedLimit, PACKED_LIMIT)) {
            order3 = new byte[m][];
            for (int t = 1; t < m; t++) {
                order3[t] = new byte[3 * n];
                for (int i = 0; i < n; i++) {
                    int s = order[t][i];
                    order3[t][3 * i] = (byte) s;
                    order3[t][3 * i + 1] = (byte) (s >>> 8);
                    order3[t][3 * i + 2] = (byte) (s >>> 16);
                }
            }
            order = new int[m][];
        }
        idSet.runOptimize();
        return new SealedSegment(layout, laidCodes, laidIds, n, idSet, order3, order, residual, dir, shift);
    }

    /** Stable counting sort of slots {@code 0..n-1} by bucket of substring {@code t}; fills {@code dir}. */
    private static int[] countingSort(Substrings layout, long[] codes, int words, int n, int t, int shift, int[] dir) {
        int[] bucket = new int[n];
        for (int s = 0; s < n; s++) {
            int b = (int) (layout.value(codes, s * words, t) >>> shift);
            bucket[s] = b;
            dir[b + 1]++;
        }
        for (int b = 1; b < dir.length; b++) {
            dir[b] += dir[b - 1];
        }
        int[] next = java.util.Arrays.copyOf(dir, dir.length - 1);
        int[] out = new int[n];
        for (int s = 0; s < n; s++) {
            out[next[bucket[s]]++] = s;
        }
        return out;
    }

    int bits() {
        return layout.bits;
    }

    @Override
    long[] codes() {
        return codes;
    }

    @Override
    int[] ids() {
        return ids;
    }

    @Override
    int size() {
        return size;
    }

    /** Whether the segment holds {@code id} (deleted or not: deletes are the index's tombstones). */
    boolean contains(int id) {
        return idSet.contains(id);
    }

    /** Every id held, as a bitmap; do not modify. */
    RoaringBitmap idSet() {
        return idSet;
    }

    /**
     * The batched lookup, in passes so that the cache misses of different values overlap instead of
     * following one another: the directory entries of every value and the first residual byte of every
     * bucket (reads independent of each other, with no branch on what they read); then the entries whose
     * residual matches; their slots (table 0's entries are its slots) and the first word of their codes
     * (again independent reads). The visitor then finds the codes in cache.
     */
    @Override
    void lookup(int table, long[] values, int count, Scratch sc, SlotVisitor visitor) {
        if (size == 0) {
            return;
        }
        int sh = shift[table];
        int[] d = dir[table];
        int[] ord = order[table];
        byte[] ord3 = order3 == null ? null : order3[table];
        byte[] res = residual[table];
        boolean settled = sh == 0 || (res != null && sh <= 8);
        sc.fit(count);
        int[] start = sc.start;
        int[] end = sc.end;
        for (int i = 0; i < count; i++) {
            int b = (int) (values[i] >>> sh);
            start[i] = d[b];
            end[i] = d[b + 1];
        }
        int last = size - 1;
        long touched = 0;
        if (res != null) {
            for (int i = 0; i < count; i++) {
                touched += res[Math.min(start[i], last)];
            }
        }
        int found = 0;
        for (int i = 0; i < count; i++) {
            byte low = (byte) values[i];
            for (int p = start[i], e = end[i]; p < e; p++) {
                if (res == null || res[p] == low) {
                    if (found == sc.pos.length) {
                        sc.grow();
                    }
                    sc.pos[found] = p;
                    sc.which[found] = i;
                    found++;
                }
            }
        }
        int[] pos = sc.pos;
        int[] which = sc.which;
        if (ord3 != null) {
            for (int f = 0; f < found; f++) {
                int q = 3 * pos[f];
                pos[f] = (ord3[q] & 0xFF) | (ord3[q + 1] & 0xFF) << 8 | (ord3[q + 2] & 0xFF) << 16;
            }
        } else if (ord != null) {
            for (int f = 0; f < found; f++) {
                pos[f] = ord[pos[f]];
            }
        }
        for (int f = 0; f < found; f++) {
            touched += codes[pos[f] * words];
        }
        sc.touched += touched;
        for (int f = 0; f < found; f++) {
            int slot = pos[f];
            if (settled || layout.value(codes, slot * words, table) == values[which[f]]) {
                visitor.visit(this, slot, table);
            }
        }
    }

    /** Bytes held by the arrays and the id bitmap. */
    long bytes() {
        long b = 8L * codes.length + 4L * ids.length + idSet.getLongSizeInBytes();
        for (int t = 0; t < dir.length; t++) {
            b += 4L * dir[t].length + (order[t] == null ? 0 : 4L * order[t].length)
                    + (order3 == null || order3[t] == null ? 0 : order3[t].length)
                    + (residual[t] == null ? 0 : residual[t].length);
        }
        return b;
    }
}
