package io.txmatch.index;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.roaringbitmap.RoaringBitmap;

/**
 * Exact (and, probed, bounded-cost) search by Multi-Index Hashing (Norouzi, Punjani and Fleet): the code cut
 * into {@code m} substrings ({@link Substrings}), one table per substring in every segment, candidates by
 * pigeonhole, verification by full distance. A code within {@code r} of the query has some substring within
 * {@code floor(r / m)} of the query's, so probing every table to substring radius {@code s} finds every code
 * within {@code m(s + 1) - 1}.
 *
 * <p>One instance serves one query, under the index's read lock; the segments and tombstones it is given
 * must not change meanwhile. When the balls would cost more than a scan ({@link CostModel#ballsTooLarge}),
 * k-NN hands over to the {@link ScanSearch} and reports {@link Route#MIH_THEN_SCAN}.
 */
final class MihSearch {
    private final Substrings layout;
    private final CostModel costs;
    private final SealedSegment sealed;
    private final RoaringBitmap dead;
    private final DeltaSegment delta;
    private final ScanSearch scan;
    private final int words;
    private final int live;

    /** MIH in the layout of {@code costs} over {@code sealed} less the ids in {@code dead}, and {@code delta}: {@code live} codes in all. */
    MihSearch(CostModel costs, SealedSegment sealed, RoaringBitmap dead, DeltaSegment delta, ScanSearch scan, int live) {
        this.layout = costs.layout();
        this.costs = costs;
        this.sealed = sealed;
        this.dead = dead;
        this.delta = delta;
        this.scan = scan;
        this.words = Codes.words(layout.bits);
        this.live = live;
    }

    /** Adds to {@code hits} every admitted code within {@code radius} (unsorted); returns the codes verified. */
    int within(long[] query, int radius, RoaringBitmap allowed, List<Neighbor> hits) {
        Probe probe = new Probe(query, allowed, radius, hits);
        for (int s = 0; s <= radius / layout.m; s++) {
            probe.level(s);
        }
        return probe.verified;
    }

    /**
     * MIH k-NN within {@code maxRadius}, probing substrings at most {@code maxProbe} bits from the query's
     * ({@link Integer#MAX_VALUE}: exact). Grows the substring radius {@code s} = 0, 1, ... until {@code k}
     * hits lie within the certain distance {@code m(s + 1) - 1}, that distance reaches {@code maxRadius}, or
     * {@code s} reaches {@code maxProbe} (then {@link Route#MIH_PROBED} when the answer may be incomplete).
     */
    SearchResult nearest(long[] query, int k, int maxRadius, int maxProbe, RoaringBitmap allowed) {
        int m = layout.m;
        List<Neighbor> found = new ArrayList<>();
        Probe probe = new Probe(query, allowed, maxRadius, found);
        probe.limit = k;
        for (int s = 0; ; s++) {
            if (costs.ballsTooLarge(live, s)) {
                // Shells this large cost more than a scan: answer exactly by scan.
                return within(scan.nearest(query, k, allowed, Route.MIH_THEN_SCAN, probe.verified), maxRadius);
            }
            probe.level(s);
            int certain = m * (s + 1) - 1;
            long sure = found.stream().filter(h -> h.distance() <= certain).count();
            if (sure >= k || certain >= maxRadius || s >= maxProbe) {
                Collections.sort(found);
                Route route = s >= maxProbe && certain < maxRadius && sure < k ? Route.MIH_PROBED : Route.MIH;
                return new SearchResult(found.subList(0, Math.min(k, found.size())), route, probe.verified);
            }
        }
    }

    private static SearchResult within(SearchResult r, int maxRadius) {
        List<Neighbor> kept = r.neighbors().stream().filter(h -> h.distance() <= maxRadius).toList();
        return kept.size() == r.neighbors().size() ? r : new SearchResult(kept, r.route(), r.candidates());
    }

    /** Verification of MIH lookups. */
    private final class Probe implements Segment.SlotVisitor {
        private final long[] query;
        private final long[] qsub;
        private final RoaringBitmap allowed;
        private int keepWithin;
        private final List<Neighbor> hits;
        /** For k-NN: k; hits beyond the best k are pruned as they pile up, and the bound tightens. 0 keeps all. */
        int limit;
        private final boolean anyDead = !dead.isEmpty();
        private int level;
        int verified;
        private final Segment.Scratch scratch = Segment.Scratch.get();
        private final long[] batch = scratch.batch;
        private int batched;

        Probe(long[] query, RoaringBitmap allowed, int keepWithin, List<Neighbor> hits) {
            this.query = query;
            this.qsub = layout.values(query);
            this.allowed = allowed;
            this.keepWithin = keepWithin;
            this.hits = hits;
        }

        /**
         * Looks up, in every segment and table, the values at exactly distance {@code s} from the query's,
         * up to 64 values per call ({@link Segment.Scratch#batch}) so that a segment can overlap their cache misses.
         */
        void level(int s) {
            level = s;
            for (Segment seg : new Segment[] {sealed, delta}) {
                if (seg.size() == 0) {
                    continue;
                }
                for (int t = 0; t < layout.m; t++) {
                    shell(seg, t, qsub[t], s, 0);
                    flush(seg, t);
                }
            }
        }

        private void shell(Segment seg, int t, long value, int flips, int from) {
            if (flips == 0) {
                batch[batched++] = value;
                if (batched == batch.length) {
                    flush(seg, t);
                }
                return;
            }
            for (int i = from; i <= layout.length(t) - flips; i++) {
                shell(seg, t, value ^ (1L << i), flips - 1, i + 1);
            }
        }

        private void flush(Segment seg, int t) {
            if (batched > 0) {
                seg.lookup(t, batch, batched, scratch, this);
                batched = 0;
            }
        }

        /**
         * A slot found in table {@code t} at substring distance {@code level}. Each code is verified once:
         * at the first (level, table) that finds it, so it is skipped when a lower table is as close or any
         * table is closer.
         */
        @Override
        public void visit(Segment seg, int slot, int t) {
            if (allowed != null) {
                // Count only codes the filter admits: "candidates" must not tell one tenant about another's.
                int id = seg.ids()[slot];
                if (!allowed.contains(id)) {
                    return;
                }
            }
            long[] c = seg.codes();
            int off = slot * words;
            for (int u = 0; u < layout.m; u++) {
                if (u != t) {
                    int du = Long.bitCount(layout.value(c, off, u) ^ qsub[u]);
                    if (u < t ? du <= level : du < level) {
                        return;
                    }
                }
            }
            // The id (another random read) only for codes close enough to keep.
            verified++;
            int d = Hamming.distance(query, c, off, words);
            if (d > keepWithin) {
                return;
            }
            int id = seg.ids()[slot];
            if ((anyDead && seg == sealed && dead.contains(id)) || (allowed != null && !allowed.contains(id))) {
                return;
            }
            hits.add(new Neighbor(id, d));
            if (limit > 0 && hits.size() >= Math.max(64, 4 * limit)) {
                // Only the best k can be answered: keep them (ties at the k-th distance are settled by id at the end,
                // and a later hit at that distance is still kept), and verify nothing farther from now on.
                Collections.sort(hits);
                hits.subList(limit, hits.size()).clear();
                keepWithin = hits.get(limit - 1).distance();
            }
        }
    }
}
