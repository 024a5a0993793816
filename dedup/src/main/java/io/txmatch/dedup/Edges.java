package io.txmatch.dedup;

import java.util.Arrays;

/**
 * Verified links between nodes: pairs {@code a < b} with their cosine. Appended in any order and from
 * several sources, then {@link #sorted} into the one order clustering consumes: cosine descending, then
 * {@code a}, then {@code b}, each pair once. That order makes clustering deterministic whoever found the edges.
 */
public final class Edges {
    private long[] pairs = new long[1024];
    private float[] weights = new float[1024];
    private int size;

    /** Adds the link {@code a}–{@code b} (either order; {@code a != b}). */
    public void add(int a, int b, float cosine) {
        if (a == b) {
            throw new IllegalArgumentException("an edge needs two nodes");
        }
        if (size == pairs.length) {
            pairs = Arrays.copyOf(pairs, size * 2);
            weights = Arrays.copyOf(weights, size * 2);
        }
        pairs[size] = pack(Math.min(a, b), Math.max(a, b));
        weights[size] = cosine;
        size++;
    }

    /** Appends every edge of {@code other}. */
    public void addAll(Edges other) {
        for (int i = 0; i < other.size; i++) {
            add(a(other.pairs[i]), b(other.pairs[i]), other.weights[i]);
        }
    }

    public int size() {
        return size;
    }

    /** Node {@code a} of edge {@code i} (the smaller). */
    public int a(int i) {
        return a(pairs[i]);
    }

    /** Node {@code b} of edge {@code i} (the larger). */
    public int b(int i) {
        return b(pairs[i]);
    }

    /** Cosine of edge {@code i}. */
    public float weight(int i) {
        return weights[i];
    }

    /** These edges, each pair once, cosine descending, then by {@code a}, then {@code b}. */
    public Edges sorted() {
        Integer[] order = new Integer[size];
        for (int i = 0; i < size; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (x, y) -> {
            int c = Float.compare(weights[y], weights[x]);
            return c != 0 ? c : Long.compare(pairs[x], pairs[y]);
        });
        Edges out = new Edges();
        long last = -1;
        for (int i : order) {
            if (pairs[i] != last) {
                out.add(a(pairs[i]), b(pairs[i]), weights[i]);
                last = pairs[i];
            }
        }
        return out;
    }

    private static long pack(int a, int b) {
        return ((long) a << 32) | (b & 0xFFFFFFFFL);
    }

    private static int a(long p) {
        return (int) (p >>> 32);
    }

    private static int b(long p) {
        return (int) p;
    }
}
