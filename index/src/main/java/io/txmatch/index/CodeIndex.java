package io.txmatch.index;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.roaringbitmap.RoaringBitmap;

/**
 * An in-memory index of fixed-width binary codes that answers exact Hamming-radius and k-NN queries.
 *
 * <pre>{@code
 * CodeIndex index = new CodeIndex(64);
 * index.put(7, code);
 * SearchResult hits = index.radius(query, 3, null);
 * }</pre>
 *
 * <p>Codes live in one flat {@code long[]}. A query takes one of two exact paths: a linear scan through
 * {@link Hamming}, or Multi-Index Hashing ({@link MultiIndex}: substring tables of RoaringBitmap posting
 * lists, candidates by pigeonhole, verification by full distance). With {@link SearchPath#AUTO} a cost
 * model picks the cheaper; the result says which ran. k-NN grows the radius until k hits are certain.
 * Many readers may search while one writer puts and removes; a search sees each write either wholly or
 * not at all, and a write is visible to every search that starts after it returns.
 */
public final class CodeIndex {
    private final int bits;
    private final int words;
    private final ReadWriteLock lock = new ReentrantReadWriteLock();
    private final Map<Integer, Integer> slotOf = new HashMap<>();
    private final MultiIndex mih;
    private long[] codes;
    private int[] ids;
    private int size;

    /** An empty index for codes of {@code bits} bits (30..256), with substrings sized for about a million codes. */
    public CodeIndex(int bits) {
        this(bits, MultiIndex.defaultSubstrings(Codes.checkBits(bits), 1 << 20));
    }

    /** An empty index for codes of {@code bits} bits cut into {@code substrings} MIH substrings of at most 32 bits. */
    public CodeIndex(int bits, int substrings) {
        this.bits = Codes.checkBits(bits);
        this.words = Codes.words(bits);
        this.codes = new long[16 * words];
        this.ids = new int[16];
        this.mih = new MultiIndex(bits, substrings);
    }

    /** Number of MIH substrings (tables). */
    public int substrings() {
        return mih.substrings();
    }

    /** Code width in bits. */
    public int bits() {
        return bits;
    }

    /** Number of codes stored. */
    public int size() {
        lock.readLock().lock();
        try {
            return size;
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Stores {@code code} under {@code id}, replacing any code the id had. */
    public void put(int id, long[] code) {
        Codes.check(code, bits);
        lock.writeLock().lock();
        try {
            Integer slot = slotOf.get(id);
            if (slot == null) {
                if (size == ids.length) {
                    ids = Arrays.copyOf(ids, size * 2);
                    codes = Arrays.copyOf(codes, size * 2 * words);
                }
                slot = size++;
                slotOf.put(id, slot);
                ids[slot] = id;
            } else {
                mih.remove(slot, codes, slot * words);
            }
            System.arraycopy(code, 0, codes, slot * words, words);
            mih.add(slot, codes, slot * words);
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** Removes the code of {@code id}; returns whether there was one. */
    public boolean remove(int id) {
        lock.writeLock().lock();
        try {
            Integer slot = slotOf.remove(id);
            if (slot == null) {
                return false;
            }
            mih.remove(slot, codes, slot * words);
            int last = --size;
            if (slot != last) {
                mih.remove(last, codes, last * words);
                ids[slot] = ids[last];
                System.arraycopy(codes, last * words, codes, slot * words, words);
                slotOf.put(ids[slot], slot);
                mih.add(slot, codes, slot * words);
            }
            return true;
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** Every id within distance {@code radius} of {@code query}, limited to {@code allowed} when it is not null. */
    public SearchResult radius(long[] query, int radius, RoaringBitmap allowed) {
        return radius(query, radius, allowed, SearchPath.AUTO);
    }

    /** As {@link #radius(long[], int, RoaringBitmap)}, on the given path. */
    public SearchResult radius(long[] query, int radius, RoaringBitmap allowed, SearchPath path) {
        Codes.check(query, bits);
        if (radius < 0 || radius > bits) {
            throw new IllegalArgumentException("radius must be 0.." + bits + ", got " + radius);
        }
        lock.readLock().lock();
        try {
            List<Neighbor> hits = new ArrayList<>();
            Visitor keep = (id, d) -> {
                if (d <= radius) {
                    hits.add(new Neighbor(id, d));
                }
            };
            int sub = radius / mih.substrings();
            boolean useMih = path == SearchPath.MIH || (path == SearchPath.AUTO && mihCheaper(sub));
            int verified;
            if (useMih) {
                RoaringBitmap candidates = new RoaringBitmap();
                mih.candidates(query, sub, candidates);
                verified = verify(query, candidates, allowed, keep);
            } else {
                verified = scanWithin(query, radius, allowed, hits);
            }
            Collections.sort(hits);
            return new SearchResult(hits, useMih ? "mih" : "scan", verified);
        } finally {
            lock.readLock().unlock();
        }
    }

    /**
     * Cost model: MIH probes every value in {@code m} balls of radius {@code sub} and verifies the slots found
     * (estimated as if substrings were uniform); the scan computes {@code size} distances, each a few times
     * cheaper than a random verification. Clustered codes make MIH's real cost higher than this estimate.
     */
    private boolean mihCheaper(int sub) {
        long probes = mih.probes(sub);
        double expected = probes * (double) size / Math.pow(2, (double) bits / mih.substrings());
        return 2.0 * probes + 4.0 * expected < size;
    }

    /** The {@code k} nearest ids to {@code query} (ties by id), limited to {@code allowed} when it is not null. */
    public SearchResult knn(long[] query, int k, RoaringBitmap allowed) {
        return knn(query, k, allowed, SearchPath.AUTO);
    }

    /**
     * As {@link #knn(long[], int, RoaringBitmap)}, on the given path. MIH grows the substring radius
     * {@code t} = 0, 1, ...: after probing radius {@code t}, every code within {@code m(t + 1) - 1} has been
     * verified, so once {@code k} hits lie within that distance they are the exact answer. When the next
     * balls would cost more than a scan of the rest, the rest is scanned (path {@code "mih+scan"}).
     */
    public SearchResult knn(long[] query, int k, RoaringBitmap allowed, SearchPath path) {
        Codes.check(query, bits);
        if (k < 1) {
            throw new IllegalArgumentException("k must be at least 1, got " + k);
        }
        lock.readLock().lock();
        try {
            if (path == SearchPath.MIH || (path == SearchPath.AUTO && mihCheaper(0))) {
                return knnMih(query, k, allowed);
            }
            // Max-heap of the best k so far: its head is the worst kept neighbour.
            PriorityQueue<Neighbor> best = new PriorityQueue<>(k + 1, Collections.reverseOrder());
            long[] c = codes;
            int[] id = ids;
            int n = size;
            int w = words;
            int verified = 0;
            int worstD = Integer.MAX_VALUE; // distance of the heap's head once it holds k
            for (int s = 0; s < n; s++) {
                if (allowed != null && !allowed.contains(id[s])) {
                    continue;
                }
                verified++;
                int d = Hamming.distance(query, c, s * w, w);
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
            List<Neighbor> hits = new ArrayList<>(best);
            Collections.sort(hits);
            return new SearchResult(hits, "scan", verified);
        } finally {
            lock.readLock().unlock();
        }
    }

    private SearchResult knnMih(long[] query, int k, RoaringBitmap allowed) {
        int m = mih.substrings();
        RoaringBitmap visited = new RoaringBitmap();
        List<Neighbor> found = new ArrayList<>();
        Visitor keep = (id, d) -> found.add(new Neighbor(id, d));
        int verified = 0;
        for (int sub = 0; ; sub++) {
            int certain = m * (sub + 1) - 1;
            if (mih.probes(sub) > 4L * size + 4096) {
                // Balls this large cost more than scanning what is left: finish exactly by scan.
                RoaringBitmap rest = new RoaringBitmap();
                rest.add(0L, (long) size);
                rest.andNot(visited);
                verified += verify(query, rest, allowed, keep);
                return top(found, k, "mih+scan", verified);
            }
            RoaringBitmap candidates = new RoaringBitmap();
            mih.candidates(query, sub, candidates);
            candidates.andNot(visited);
            verified += verify(query, candidates, allowed, keep);
            visited.or(candidates);
            long sure = found.stream().filter(n -> n.distance() <= certain).count();
            if (sure >= k || certain >= bits || visited.getCardinality() >= size) {
                return top(found, k, "mih", verified);
            }
        }
    }

    private static SearchResult top(List<Neighbor> found, int k, String path, int verified) {
        Collections.sort(found);
        return new SearchResult(found.subList(0, Math.min(k, found.size())), path, verified);
    }

    /** Verifies the candidate slots that {@code allowed} admits, under the caller's read lock; returns how many. */
    private int verify(long[] query, RoaringBitmap slots, RoaringBitmap allowed, Visitor visitor) {
        int verified = 0;
        for (org.roaringbitmap.IntIterator it = slots.getIntIterator(); it.hasNext(); ) {
            int s = it.next();
            if (allowed != null && !allowed.contains(ids[s])) {
                continue;
            }
            verified++;
            visitor.visit(ids[s], Hamming.distance(query, codes, s * words, words));
        }
        return verified;
    }

    private interface Visitor {
        void visit(int id, int distance);
    }

    /**
     * The linear scan of a radius query: a tight loop with no call through an interface, because this is
     * the baseline MIH is measured against (a visitor lambda here cost about 9x). Under the caller's read lock.
     */
    private int scanWithin(long[] query, int radius, RoaringBitmap allowed, List<Neighbor> hits) {
        long[] c = codes;
        int[] id = ids;
        int n = size;
        int w = words;
        if (allowed == null) {
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
            if (allowed.contains(id[s])) {
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
