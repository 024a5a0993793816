package io.txmatch.index;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.PriorityQueue;
import org.roaringbitmap.RoaringBitmap;

/**
 * The exact linear scan over an index's segments, the baseline Multi-Index Hashing is measured against:
 * every live code the filter admits has its distance computed by {@link Hamming}. One instance serves one
 * query, under the index's read lock; the segments and tombstones it is given must not change meanwhile.
 */
final class ScanSearch {
    private final SealedSegment sealed;
    private final RoaringBitmap dead;
    private final DeltaSegment delta;
    private final int words;

    /** A scan of {@code sealed} less the ids in {@code dead}, and of {@code delta}. */
    ScanSearch(SealedSegment sealed, RoaringBitmap dead, DeltaSegment delta) {
        this.sealed = sealed;
        this.dead = dead;
        this.delta = delta;
        this.words = Codes.words(sealed.bits());
    }

    /** Adds to {@code hits} every admitted code within {@code radius} (unsorted); returns the codes verified. */
    int within(long[] query, int radius, RoaringBitmap allowed, List<Neighbor> hits) {
        return within(sealed, query, radius, allowed, hits) + within(delta, query, radius, allowed, hits);
    }

    /**
     * The {@code k} nearest admitted codes, ties by id, reported as {@code route}; {@code verifiedBefore}
     * codes verified by an earlier route (MIH that handed over) are added to the candidates.
     */
    SearchResult nearest(long[] query, int k, RoaringBitmap allowed, Route route, int verifiedBefore) {
        // Max-heap of the best k so far: its head is the worst kept neighbour.
        PriorityQueue<Neighbor> best = new PriorityQueue<>(k + 1, Collections.reverseOrder());
        int verified = verifiedBefore;
        for (Segment seg : new Segment[] {sealed, delta}) {
            long[] c = seg.codes();
            int[] id = seg.ids();
            int n = seg.size();
            RoaringBitmap skip = seg == sealed && !dead.isEmpty() ? dead : null;
            int worstD = best.size() == k ? best.peek().distance() : Integer.MAX_VALUE;
            for (int s = 0; s < n; s++) {
                if ((skip != null && skip.contains(id[s])) || (allowed != null && !allowed.contains(id[s]))) {
                    continue;
                }
                verified++;
                int d = Hamming.distance(query, c, s * words, words);
                if (best.size() < k) {
                    best.add(new Neighbor(id[s], d));
                    worstD = best.size() == k ? best.peek().distance() : Integer.MAX_VALUE;
                } else if (d <= worstD) {
                    Neighbor worst = best.peek();
                    if (d < worst.distance() || id[s] < worst.id()) {
                        best.poll();
                        best.add(new Neighbor(id[s], d));
                        worstD = best.peek().distance();
                    }
                }
            }
        }
        List<Neighbor> hits = new ArrayList<>(best);
        Collections.sort(hits);
        return new SearchResult(hits, route, verified);
    }

    /**
     * The linear scan of a radius query over one segment: a tight loop with no call through an interface,
     * because this is the baseline MIH is measured against (a visitor lambda here cost about 9x).
     */
    private int within(Segment seg, long[] query, int radius, RoaringBitmap allowed, List<Neighbor> hits) {
        long[] c = seg.codes();
        int[] id = seg.ids();
        int n = seg.size();
        int w = words;
        RoaringBitmap skip = seg == sealed && !dead.isEmpty() ? dead : null;
        if (allowed == null && skip == null) {
            for (int s = 0; s < n; s++) {
                int d = Hamming.distance(query, c, s * w, w);
                if (d <= radius) {
                    hits.add(new Neighbor(id[s], d));
                }
            }
            return n;
        }
        int verified = 0;
        for (int s = 0; s < n; s++) {
            if ((skip == null || !skip.contains(id[s])) && (allowed == null || allowed.contains(id[s]))) {
                verified++;
                int d = Hamming.distance(query, c, s * w, w);
                if (d <= radius) {
                    hits.add(new Neighbor(id[s], d));
                }
            }
        }
        return verified;
    }
}
