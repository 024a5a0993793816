package io.txmatch.index;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.roaringbitmap.RoaringBitmap;

/**
 * An in-memory index of fixed-width binary codes that answers exact Hamming-radius and k-NN queries.
 *
 * <pre>{@code
 * CodeIndex index = new CodeIndex(64);          // or CodeIndex.builder(64).add(id, code)...build()
 * index.put(7, code);
 * SearchResult hits = index.radius(query, 3, null);
 * }</pre>
 *
 * <p>A query takes one of two exact paths: a linear scan through {@link Hamming}, or Multi-Index Hashing
 * (Norouzi, Punjani and Fleet: the code cut into {@code m} substrings, one table per substring, candidates
 * by pigeonhole, verification by full distance). With {@link SearchPath#AUTO} a cost model picks the
 * cheaper; the result says which ran. k-NN grows the substring radius until {@code k} hits are certain.
 *
 * <p>Storage is split as in Lucene: the bulk of the codes sits in an immutable {@link SealedSegment} (flat
 * arrays, about {@code 8 + 5m} bytes per 64-bit code with its id, 18-19 for the default m = 2); writes go to a small mutable
 * {@link DeltaSegment}; deletes and updates of sealed codes are tombstones (a bitmap of ids). When the
 * delta outgrows {@code max(8192, n / 32)} codes, the tombstones {@code max(8192, n / 4)}, or on
 * {@link #compact()}, the segments are merged into a new
 * sealed segment, built beside the old one while searches go on and swapped in at once. Bulk loads go
 * through {@link #builder(int)}, which builds the sealed segment once.
 *
 * <p>Many readers may search while one writer puts and removes (writers queue): a search sees each write
 * wholly or not at all, and a write is visible to every search that starts after it returns.
 */
public final class CodeIndex {
    private static final int MIN_DELTA_LIMIT = 8192;

    private final int bits;
    private final int words;
    private final Substrings layout;
    private final ReentrantLock writer = new ReentrantLock();
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private SealedSegment sealed;
    private RoaringBitmap dead = new RoaringBitmap();
    private DeltaSegment delta;

    /** An empty index for codes of {@code bits} bits (30..256), with the {@link #defaultSubstrings default} tables. */
    public CodeIndex(int bits) {
        this(bits, Substrings.defaultCount(Codes.checkBits(bits)));
    }

    /** An empty index for codes of {@code bits} bits cut into {@code substrings} MIH substrings of at most 32 bits. */
    public CodeIndex(int bits, int substrings) {
        this(new Substrings(Codes.checkBits(bits), substrings), null);
    }

    private CodeIndex(Substrings layout, SealedSegment sealed) {
        this.bits = layout.bits;
        this.words = Codes.words(bits);
        this.layout = layout;
        this.sealed = sealed == null ? SealedSegment.empty(layout) : sealed;
        this.delta = new DeltaSegment(layout);
    }

    /** A builder for a bulk load of {@code bits}-bit codes: cheaper in time and memory than one put at a time. */
    public static Builder builder(int bits) {
        return new Builder(Codes.checkBits(bits));
    }

    /**
     * The default number of MIH substrings for {@code bits}-bit codes: {@code ceil(bits / 32)}, the longest
     * substrings, which suit radii up to about {@code bits / 16}; larger radii want more (and cost memory).
     */
    public static int defaultSubstrings(int bits) {
        return Substrings.defaultCount(Codes.checkBits(bits));
    }

    /** Number of MIH substrings (tables). */
    public int substrings() {
        return layout.m;
    }

    /** Code width in bits. */
    public int bits() {
        return bits;
    }

    /** Number of codes stored. */
    public int size() {
        lock.readLock().lock();
        try {
            return liveSize();
        } finally {
            lock.readLock().unlock();
        }
    }

    private int liveSize() {
        return sealed.size() - dead.getCardinality() + delta.size();
    }

    /** Bytes held by the index's arrays, bitmaps and tables (the delta's hash tables estimated). */
    public long bytes() {
        lock.readLock().lock();
        try {
            return sealed.bytes() + dead.getLongSizeInBytes() + 300L * delta.size();
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Stores {@code code} under {@code id}, replacing any code the id had. */
    public void put(int id, long[] code) {
        Codes.check(code, bits);
        writer.lock();
        try {
            lock.writeLock().lock();
            try {
                if (sealed.contains(id)) {
                    dead.add(id);
                }
                delta.put(id, code);
            } finally {
                lock.writeLock().unlock();
            }
            compactIfLarge();
        } finally {
            writer.unlock();
        }
    }

    /** Removes the code of {@code id}; returns whether there was one. */
    public boolean remove(int id) {
        writer.lock();
        try {
            boolean removed;
            lock.writeLock().lock();
            try {
                boolean inDelta = delta.remove(id);
                boolean inSealed = sealed.contains(id) && dead.checkedAdd(id);
                removed = inDelta || inSealed;
            } finally {
                lock.writeLock().unlock();
            }
            compactIfLarge();
            return removed;
        } finally {
            writer.unlock();
        }
    }

    /** Folds the delta and the tombstones into a new sealed segment. Searches go on meanwhile. */
    public void compact() {
        writer.lock();
        try {
            // Only this thread writes, so the state can be read without the read lock while the new segment
            // is built; searches keep using the old one until the swap.
            int n = liveSize();
            int[] ids = new int[n];
            long[] codes = new long[n * words];
            int i = 0;
            for (Segment seg : new Segment[] {sealed, delta}) {
                for (int s = 0; s < seg.size(); s++) {
                    int id = seg.ids()[s];
                    if (seg == sealed && dead.contains(id)) {
                        continue;
                    }
                    ids[i] = id;
                    System.arraycopy(seg.codes(), s * words, codes, i * words, words);
                    i++;
                }
            }
            SealedSegment next = SealedSegment.build(layout, ids, codes, n);
            lock.writeLock().lock();
            try {
                sealed = next;
                dead = new RoaringBitmap();
                delta = new DeltaSegment(layout);
            } finally {
                lock.writeLock().unlock();
            }
        } finally {
            writer.unlock();
        }
    }

    private void compactIfLarge() {
        if (delta.size() > Math.max(MIN_DELTA_LIMIT, sealed.size() / 32)
                || dead.getCardinality() > Math.max(MIN_DELTA_LIMIT, sealed.size() / 4)) {
            compact();
        }
    }

    /**
     * Compacts, then visits every (id, code) in a state no later write can change; writers wait only for
     * the compaction, not for the visit. The code array passed to the visitor is reused between calls.
     * Returns the number visited.
     */
    public int forEach(CodeVisitor visitor) {
        return freeze().forEach(visitor);
    }

    /**
     * Compacts and returns the current contents as an immutable view, which later writes do not change.
     * A caller that stops its own writes around this call gets the state at an exact point.
     */
    public Frozen freeze() {
        writer.lock();
        try {
            compact();
            return new Frozen(sealed);
        } finally {
            writer.unlock();
        }
    }

    /** An immutable view of an index's contents at one point (see {@link #freeze()}). */
    public static final class Frozen {
        private final SealedSegment segment;

        private Frozen(SealedSegment segment) {
            this.segment = segment;
        }

        /** Number of codes. */
        public int size() {
            return segment.size();
        }

        /** Visits every (id, code); the code array is reused between calls. Returns the number visited. */
        public int forEach(CodeVisitor visitor) {
            int words = Codes.words(segment.bits());
            long[] code = new long[words];
            for (int s = 0; s < segment.size(); s++) {
                System.arraycopy(segment.codes(), s * words, code, 0, words);
                visitor.visit(segment.ids()[s], code);
            }
            return segment.size();
        }
    }

    /** Receives the entries of {@link #forEach}. */
    @FunctionalInterface
    public interface CodeVisitor {
        void visit(int id, long[] code);
    }

    /** Every id within distance {@code radius} of {@code query}, limited to {@code allowed} when it is not null. */
    public SearchResult radius(long[] query, int radius, RoaringBitmap allowed) {
        return radius(query, radius, allowed, SearchPath.AUTO);
    }

    /** As {@link #radius(long[], int, RoaringBitmap)}, on the given path. */
    public SearchResult radius(long[] query, int radius, RoaringBitmap allowed, SearchPath path) {
        Codes.check(query, bits);
        checkRadius(radius);
        lock.readLock().lock();
        try {
            int sub = radius / layout.m;
            boolean useMih = path == SearchPath.MIH || (path == SearchPath.AUTO && mihCheaper(sub));
            List<Neighbor> hits = new ArrayList<>();
            int verified;
            String ran = useMih ? "mih" : "scan";
            if (useMih && ballsTooLarge(sub)) {
                // Forced MIH, but the balls cost more than a scan: answer exactly by scan.
                useMih = false;
                ran = "mih+scan";
            }
            if (useMih) {
                Probe probe = new Probe(query, allowed, radius, hits);
                for (int s = 0; s <= sub; s++) {
                    probe.level(s);
                }
                verified = probe.verified;
            } else {
                verified = scanWithin(sealed, query, radius, allowed, hits) + scanWithin(delta, query, radius, allowed, hits);
            }
            Collections.sort(hits);
            return new SearchResult(hits, ran, verified);
        } finally {
            lock.readLock().unlock();
        }
    }

    /**
     * Cost model, in units of one scanned code (about 1.5 ns at 64 bits): MIH enumerates {@code m} balls of
     * radius {@code sub}, each probe a directory read and a bucket (about 20 units), and verifies the codes
     * found (estimated as if substrings were uniform), each a random read (about 70 units: 110 ns measured).
     * Clustered codes make MIH's real cost higher than this estimate.
     */
    private boolean mihCheaper(int sub) {
        int n = liveSize();
        long probes = layout.probes(sub);
        double expected = probes * (double) n / Math.pow(2, (double) bits / layout.m);
        return 20.0 * probes + 70.0 * expected < n;
    }

    /**
     * k-NN cost model: the distance {@code d} within which {@code k} of {@code n} uniformly random codes would
     * lie ({@code n P(Binomial(bits, 1/2) <= d) >= k}), the substring radius that makes {@code d} certain,
     * and {@link #mihCheaper} at that radius; {@code n} counts only the codes a filter admits. Real codes
     * cluster, so their k-th neighbour is nearer and this leans towards the scan; without it, a small index
     * (or a small tenant of a large one) paid for MIH levels before handing over to a scan.
     */
    private boolean knnMihCheaper(int k, RoaringBitmap allowed) {
        // With a filter only its codes count as neighbours: a small filter needs large balls.
        long n = allowed == null ? liveSize() : Math.min(liveSize(), allowed.getLongCardinality());
        if (n <= k) {
            return false;
        }
        double term = Math.pow(0.5, bits); // P(D = 0)
        double cumulative = term;
        int d = 0;
        while (n * cumulative < k && d < bits) {
            term = term * (bits - d) / (d + 1);
            cumulative += term;
            d++;
        }
        int sub = (d + layout.m) / layout.m - 1; // smallest s with m(s + 1) - 1 >= d
        return mihCheaper(sub);
    }

    /** Whether probing balls of substring radius {@code sub} costs more than scanning everything. */
    private boolean ballsTooLarge(int sub) {
        return layout.probes(sub) > 4L * liveSize() + 4096;
    }

    /** The {@code k} nearest ids to {@code query} (ties by id), limited to {@code allowed} when it is not null. */
    public SearchResult knn(long[] query, int k, RoaringBitmap allowed) {
        return knn(query, k, allowed, SearchPath.AUTO);
    }

    /**
     * As {@link #knn(long[], int, RoaringBitmap)}, on the given path. MIH grows the substring radius
     * {@code s} = 0, 1, ...: once every table has been probed to radius {@code s}, every code within
     * {@code m(s + 1) - 1} has been verified, so once {@code k} hits lie within that distance they are the
     * exact answer. When the next balls would cost more than a scan, it scans instead (path {@code "mih+scan"}).
     */
    public SearchResult knn(long[] query, int k, RoaringBitmap allowed, SearchPath path) {
        Codes.check(query, bits);
        checkK(k);
        lock.readLock().lock();
        try {
            if (path == SearchPath.MIH || (path == SearchPath.AUTO && knnMihCheaper(k, allowed))) {
                return knnMih(query, k, allowed);
            }
            return knnScan(query, k, allowed, "scan", 0);
        } finally {
            lock.readLock().unlock();
        }
    }

    /**
     * The {@code k} nearest ids within distance {@code maxRadius} of {@code query} (ties by id; fewer when
     * fewer lie that close), limited to {@code allowed} when it is not null. MIH stops growing its balls at
     * {@code maxRadius}, so the cost is bounded however far the k-th neighbour is: what blocking for batch
     * dedup needs. Path by the cost model, as for {@link #knn(long[], int, RoaringBitmap)}.
     */
    public SearchResult knn(long[] query, int k, int maxRadius, RoaringBitmap allowed) {
        return knn(query, k, maxRadius, allowed, SearchPath.AUTO);
    }

    /** As {@link #knn(long[], int, int, RoaringBitmap)}, on the given path. */
    public SearchResult knn(long[] query, int k, int maxRadius, RoaringBitmap allowed, SearchPath path) {
        Codes.check(query, bits);
        checkK(k);
        checkRadius(maxRadius);
        lock.readLock().lock();
        try {
            if (path == SearchPath.MIH
                    || (path == SearchPath.AUTO && (knnMihCheaper(k, allowed) || mihCheaper(maxRadius / layout.m)))) {
                return knnMih(query, k, maxRadius, allowed);
            }
            // The scan of a radius query (a tight loop, no heap) finds the few codes this close; keep the best k.
            List<Neighbor> hits = new ArrayList<>();
            int verified = scanWithin(sealed, query, maxRadius, allowed, hits) + scanWithin(delta, query, maxRadius, allowed, hits);
            Collections.sort(hits);
            return new SearchResult(hits.subList(0, Math.min(k, hits.size())), "scan", verified);
        } finally {
            lock.readLock().unlock();
        }
    }

    private void checkRadius(int radius) {
        if (radius < 0 || radius > bits) {
            throw new IllegalArgumentException("radius must be 0.." + bits + ", got " + radius);
        }
    }

    private static void checkK(int k) {
        if (k < 1) {
            throw new IllegalArgumentException("k must be at least 1, got " + k);
        }
    }

    private static SearchResult within(SearchResult r, int maxRadius) {
        List<Neighbor> kept = r.neighbors().stream().filter(h -> h.distance() <= maxRadius).toList();
        return kept.size() == r.neighbors().size() ? r : new SearchResult(kept, r.path(), r.candidates());
    }

    private SearchResult knnMih(long[] query, int k, RoaringBitmap allowed) {
        return knnMih(query, k, bits, allowed);
    }

    private SearchResult knnMih(long[] query, int k, int maxRadius, RoaringBitmap allowed) {
        return knnMih(query, k, maxRadius, Integer.MAX_VALUE, allowed);
    }

    /** MIH k-NN within {@code maxRadius}, probing substrings at most {@code maxProbe} bits from the query's. */
    private SearchResult knnMih(long[] query, int k, int maxRadius, int maxProbe, RoaringBitmap allowed) {
        int m = layout.m;
        List<Neighbor> found = new ArrayList<>();
        Probe probe = new Probe(query, allowed, maxRadius, found);
        probe.limit = k;
        for (int s = 0; ; s++) {
            if (ballsTooLarge(s)) {
                // Shells this large cost more than a scan: answer exactly by scan.
                return within(knnScan(query, k, allowed, "mih+scan", probe.verified), maxRadius);
            }
            probe.level(s);
            int certain = m * (s + 1) - 1;
            long sure = found.stream().filter(h -> h.distance() <= certain).count();
            if (sure >= k || certain >= maxRadius || s >= maxProbe) {
                Collections.sort(found);
                return new SearchResult(found.subList(0, Math.min(k, found.size())), s >= maxProbe && certain < maxRadius
                        && sure < k ? "mih-probed" : "mih", probe.verified);
            }
        }
    }

    /**
     * Approximate {@link #knn(long[], int, int, RoaringBitmap)}: Multi-Index Hashing probes each substring only
     * up to {@code maxProbe} bits from the query's, so the cost per query is fixed ({@code m} balls of that
     * radius) however far the neighbours are. Exact for every code within {@code m (maxProbe + 1) - 1} bits
     * (pigeonhole); a code between that and {@code maxRadius} is found only when one of its substrings lies
     * within {@code maxProbe} bits of the query's. The hits are the nearest of those found, by distance then
     * id; path {@code "mih-probed"} when the answer may be incomplete. For batch work (dedup blocking) where a
     * bounded cost matters more than the last far neighbour.
     */
    public SearchResult knnProbed(long[] query, int k, int maxRadius, int maxProbe, RoaringBitmap allowed) {
        Codes.check(query, bits);
        checkK(k);
        checkRadius(maxRadius);
        if (maxProbe < 0) {
            throw new IllegalArgumentException("probe radius must be 0 or more, got " + maxProbe);
        }
        lock.readLock().lock();
        try {
            return knnMih(query, k, maxRadius, maxProbe, allowed);
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Verification of MIH lookups, under the caller's read lock. */
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

    private SearchResult knnScan(long[] query, int k, RoaringBitmap allowed, String path, int verifiedBefore) {
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
        return new SearchResult(hits, path, verified);
    }

    /**
     * The linear scan of a radius query over one segment: a tight loop with no call through an interface,
     * because this is the baseline MIH is measured against (a visitor lambda here cost about 9x).
     */
    private int scanWithin(Segment seg, long[] query, int radius, RoaringBitmap allowed, List<Neighbor> hits) {
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

    /**
     * Collects (id, code) pairs for a bulk load and builds the sealed segment once. Not thread-safe.
     */
    public static final class Builder {
        private final int bits;
        private final int words;
        private int substrings;
        private int[] ids = new int[1024];
        private long[] codes;
        private int size;

        private Builder(int bits) {
            this.bits = bits;
            this.words = Codes.words(bits);
            this.codes = new long[1024 * words];
        }

        /** Sets the number of MIH substrings (default {@link CodeIndex#defaultSubstrings}). */
        public Builder substrings(int m) {
            this.substrings = m;
            return this;
        }

        /** Adds a code; ids must be distinct (checked by {@link #build()}). */
        public Builder add(int id, long[] code) {
            Codes.check(code, bits);
            if (size == ids.length) {
                int cap = size + (size >> 1);
                ids = Arrays.copyOf(ids, cap);
                codes = Arrays.copyOf(codes, cap * words);
            }
            ids[size] = id;
            System.arraycopy(code, 0, codes, size * words, words);
            size++;
            return this;
        }

        /** Builds the index; the builder can be dropped afterwards. */
        public CodeIndex build() {
            int m = substrings > 0 ? substrings : Substrings.defaultCount(bits);
            Substrings layout = new Substrings(bits, m);
            SealedSegment sealed = SealedSegment.build(layout, ids, codes, size);
            ids = null;
            codes = null;
            return new CodeIndex(layout, sealed);
        }
    }
}
