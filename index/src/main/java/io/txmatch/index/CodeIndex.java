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
 * <p>Codes live in one flat {@code long[]} and are searched by a linear scan through {@link Hamming}.
 * Many readers may search while one writer puts and removes; a search sees each write either wholly or
 * not at all, and a write is visible to every search that starts after it returns.
 */
public final class CodeIndex {
    private final int bits;
    private final int words;
    private final ReadWriteLock lock = new ReentrantReadWriteLock();
    private final Map<Integer, Integer> slotOf = new HashMap<>();
    private long[] codes;
    private int[] ids;
    private int size;

    /** An empty index for codes of {@code bits} bits (30..256). */
    public CodeIndex(int bits) {
        this.bits = Codes.checkBits(bits);
        this.words = Codes.words(bits);
        this.codes = new long[16 * words];
        this.ids = new int[16];
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
            }
            System.arraycopy(code, 0, codes, slot * words, words);
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
            int last = --size;
            if (slot != last) {
                ids[slot] = ids[last];
                System.arraycopy(codes, last * words, codes, slot * words, words);
                slotOf.put(ids[slot], slot);
            }
            return true;
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** Every id within distance {@code radius} of {@code query}, limited to {@code allowed} when it is not null. */
    public SearchResult radius(long[] query, int radius, RoaringBitmap allowed) {
        Codes.check(query, bits);
        if (radius < 0 || radius > bits) {
            throw new IllegalArgumentException("radius must be 0.." + bits + ", got " + radius);
        }
        lock.readLock().lock();
        try {
            List<Neighbor> hits = new ArrayList<>();
            int verified = scan(query, allowed, (id, d) -> {
                if (d <= radius) {
                    hits.add(new Neighbor(id, d));
                }
            });
            Collections.sort(hits);
            return new SearchResult(hits, "scan", verified);
        } finally {
            lock.readLock().unlock();
        }
    }

    /** The {@code k} nearest ids to {@code query} (ties by id), limited to {@code allowed} when it is not null. */
    public SearchResult knn(long[] query, int k, RoaringBitmap allowed) {
        Codes.check(query, bits);
        if (k < 1) {
            throw new IllegalArgumentException("k must be at least 1, got " + k);
        }
        lock.readLock().lock();
        try {
            // Max-heap of the best k so far: its head is the worst kept neighbour.
            PriorityQueue<Neighbor> best = new PriorityQueue<>(k + 1, Collections.reverseOrder());
            int verified = scan(query, allowed, (id, d) -> {
                if (best.size() < k) {
                    best.add(new Neighbor(id, d));
                } else {
                    Neighbor worst = best.peek();
                    if (d < worst.distance() || (d == worst.distance() && id < worst.id())) {
                        best.poll();
                        best.add(new Neighbor(id, d));
                    }
                }
            });
            List<Neighbor> hits = new ArrayList<>(best);
            Collections.sort(hits);
            return new SearchResult(hits, "scan", verified);
        } finally {
            lock.readLock().unlock();
        }
    }

    private interface Visitor {
        void visit(int id, int distance);
    }

    /** Visits every stored code that {@code allowed} admits, under the caller's read lock; returns how many. */
    private int scan(long[] query, RoaringBitmap allowed, Visitor visitor) {
        int verified = 0;
        for (int s = 0; s < size; s++) {
            if (allowed != null && !allowed.contains(ids[s])) {
                continue;
            }
            verified++;
            visitor.visit(ids[s], Hamming.distance(query, codes, s * words, words));
        }
        return verified;
    }
}
