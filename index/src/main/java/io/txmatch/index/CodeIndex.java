package io.txmatch.index;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.roaringbitmap.RoaringBitmap;

/**
 * An in-memory index of fixed-width binary codes that answers exact Hamming-radius and k-NN queries.
 *
 * <pre>{@code
 * CodeIndex index = new CodeIndex(64);          // or CodeIndex.builder(64).add(id, code)...build()
 * index.put(7, code);
 * SearchResult hits = index.search(Query.radius(query, 3));
 * SearchResult nearest = index.search(Query.knn(query, 10).among(allowedIds));
 * }</pre>
 *
 * <p>This class keeps the segments, the writes and compaction; every search goes through
 * {@link #search(Query)}. A query takes one of two exact routes: the linear scan ({@link ScanSearch},
 * through {@link Hamming}), or Multi-Index Hashing ({@link MihSearch}: Norouzi, Punjani and Fleet, the code
 * cut into {@code m} substrings, one table per substring, candidates by pigeonhole, verification by full
 * distance). With {@link SearchPath#AUTO} the {@link CostModel} picks the cheaper; the result's
 * {@link Route} says which ran. k-NN grows the substring radius until {@code k} hits are certain.
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
    /** The MIH layout's costs; {@link CostModel#layout()} is the layout every segment is cut by. */
    private final CostModel costs;
    private final ReentrantLock writer = new ReentrantLock();
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private SealedSegment sealed;
    private RoaringBitmap dead = new RoaringBitmap();
    private DeltaSegment delta;

    /** An empty index for codes of {@code bits} bits (30..256), with the {@link CostModel#defaultSubstrings default} tables. */
    public CodeIndex(int bits) {
        this(bits, CostModel.defaultSubstrings(bits));
    }

    /** An empty index for codes of {@code bits} bits cut into {@code substrings} MIH substrings of at most 32 bits. */
    public CodeIndex(int bits, int substrings) {
        this(new Substrings(Codes.checkBits(bits), substrings), null);
    }

    private CodeIndex(Substrings layout, SealedSegment sealed) {
        this.bits = layout.bits;
        this.words = Codes.words(bits);
        this.costs = new CostModel(layout);
        this.sealed = sealed == null ? SealedSegment.empty(layout) : sealed;
        this.delta = new DeltaSegment(layout);
    }

    /** A builder for a bulk load of {@code bits}-bit codes: cheaper in time and memory than one put at a time. */
    public static Builder builder(int bits) {
        return new Builder(Codes.checkBits(bits));
    }

    /** Number of MIH substrings (tables). */
    public int substrings() {
        return costs.layout().m;
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
            SealedSegment next = SealedSegment.build(costs.layout(), ids, codes, n);
            lock.writeLock().lock();
            try {
                sealed = next;
                dead = new RoaringBitmap();
                delta = new DeltaSegment(costs.layout());
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
            return new Frozen(sealed, costs);
        } finally {
            writer.unlock();
        }
    }

    /** An immutable view of an index's contents at one point (see {@link #freeze()}). */
    public static final class Frozen {
        private final SealedSegment segment;
        private final CostModel costs;
        private final RoaringBitmap noneDead = new RoaringBitmap();
        private final DeltaSegment noDelta;

        private Frozen(SealedSegment segment, CostModel costs) {
            this.segment = segment;
            this.costs = costs;
            this.noDelta = new DeltaSegment(costs.layout());
        }

        /** Answers {@code query} over these contents, as {@link CodeIndex#search(Query)} would have at the freeze. */
        public SearchResult search(Query query) {
            check(query, segment.bits());
            return CodeIndex.search(query, costs, segment, noneDead, noDelta, segment.size());
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

    /**
     * Answers {@code query}: a radius query or k-NN, capped, probed, filtered and on the path it names
     * (see {@link Query}). With {@link SearchPath#AUTO} the {@link CostModel} picks MIH or the scan; the
     * result's {@link SearchResult#route() route} says which ran.
     *
     * @throws IllegalArgumentException when the code is not of this index's width or a radius exceeds it
     */
    public SearchResult search(Query query) {
        check(query, bits);
        lock.readLock().lock();
        try {
            return search(query, costs, sealed, dead, delta, liveSize());
        } finally {
            lock.readLock().unlock();
        }
    }

    /** The checks that need the code width: the code's and the radius' (a k-NN cap included). */
    private static void check(Query query, int bits) {
        Codes.check(query.code(), bits);
        int radius = query.radius();
        if ((!query.isKnn() || radius != Query.UNBOUNDED) && (radius < 0 || radius > bits)) {
            throw new IllegalArgumentException("radius must be 0.." + bits + ", got " + radius);
        }
    }

    /**
     * The route choice and the search itself over {@code sealed} less {@code dead}, and {@code delta}, which
     * hold {@code live} codes; the caller keeps them from changing until this returns.
     */
    private static SearchResult search(Query query, CostModel costs, SealedSegment sealed, RoaringBitmap dead,
                                       DeltaSegment delta, int live) {
        ScanSearch scan = new ScanSearch(sealed, dead, delta);
        MihSearch mih = new MihSearch(costs, sealed, dead, delta, scan, live);
        long[] code = query.code();
        RoaringBitmap allowed = query.allowed();
        if (!query.isKnn()) {
            List<Neighbor> hits = new ArrayList<>();
            Route route = costs.radiusRoute(query.path(), live, query.radius());
            int verified = route == Route.MIH
                    ? mih.within(code, query.radius(), allowed, hits)
                    : scan.within(code, query.radius(), allowed, hits);
            Collections.sort(hits);
            return new SearchResult(hits, route, verified);
        }
        int k = query.k();
        boolean capped = query.radius() != Query.UNBOUNDED;
        int cap = capped ? query.radius() : costs.layout().bits;
        if (query.maxProbe() != Query.UNBOUNDED) {
            return mih.nearest(code, k, cap, query.maxProbe(), allowed);
        }
        if (costs.knnByMih(query.path(), live, k, query.radius(), allowed)) {
            return mih.nearest(code, k, cap, Integer.MAX_VALUE, allowed);
        }
        if (!capped) {
            return scan.nearest(code, k, allowed, Route.SCAN, 0);
        }
        // The scan of a radius query (a tight loop, no heap) finds the few codes this close; keep the best k.
        List<Neighbor> hits = new ArrayList<>();
        int verified = scan.within(code, cap, allowed, hits);
        Collections.sort(hits);
        return new SearchResult(hits.subList(0, Math.min(k, hits.size())), Route.SCAN, verified);
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

        /** Sets the number of MIH substrings (default {@link CostModel#defaultSubstrings}). */
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
            int m = substrings > 0 ? substrings : CostModel.defaultSubstrings(bits);
            Substrings layout = new Substrings(bits, m);
            SealedSegment sealed = SealedSegment.build(layout, ids, codes, size);
            ids = null;
            codes = null;
            return new CodeIndex(layout, sealed);
        }
    }
}
