package io.txmatch.index;

import org.roaringbitmap.RoaringBitmap;

/**
 * One search of a {@link CodeIndex}: a radius query or a k-NN query, optionally capped, probed, filtered
 * and forced onto a path. Built from the two factories and refined with the withers:
 *
 * <pre>{@code
 * index.search(Query.radius(code, 3));                                   // every id within 3 bits
 * index.search(Query.knn(code, 10).among(tenantIds));                    // the 10 nearest of a tenant
 * index.search(Query.knn(code, 51).within(15).probing(1).among(group));  // bounded blocking for dedup
 * index.search(Query.radius(code, 3).on(SearchPath.SCAN));               // the baseline, for benchmarks
 * }</pre>
 *
 * <p>The code array is not copied: the caller must not change it while the search runs. Records compare
 * arrays by identity, so two queries for equal codes in different arrays are not {@code equals}.
 *
 * @param code     the query code, packed as {@link Hamming} describes; checked against the index's width
 * @param k        for k-NN the number of neighbours wanted (at least 1); 0 marks a radius query
 * @param radius   for a radius query the radius (0 or more); for k-NN the largest distance kept (the
 *                 {@code maxRadius} cap, which also bounds how far MIH grows its balls), or {@link #UNBOUNDED}
 * @param maxProbe for k-NN, the largest substring distance MIH probes ({@link #probing}), or
 *                 {@link #UNBOUNDED}; a probed query always runs MIH
 * @param allowed  the ids that may be answered, or null for all
 * @param path     the path asked for; {@link SearchPath#AUTO} lets the {@link CostModel} choose
 */
public record Query(long[] code, int k, int radius, int maxProbe, RoaringBitmap allowed, SearchPath path) {
    /** No cap ({@link #radius()} of a k-NN query) or no probe limit ({@link #maxProbe()}). */
    public static final int UNBOUNDED = -1;

    /** Checks the fields that need no index to check; the index checks the code's width and the radius' range. */
    public Query {
        if (code == null) {
            throw new IllegalArgumentException("code is null");
        }
        if (path == null) {
            throw new IllegalArgumentException("path is null");
        }
        if (k < 0) {
            throw new IllegalArgumentException("k must be at least 1, got " + k);
        }
        if (k == 0 && (radius < 0 || maxProbe != UNBOUNDED)) {
            throw new IllegalArgumentException("a radius query needs a radius of 0 or more and no probe limit");
        }
        if (radius < UNBOUNDED) {
            throw new IllegalArgumentException("radius must be 0 or more, got " + radius);
        }
        if (maxProbe < UNBOUNDED) {
            throw new IllegalArgumentException("probe radius must be 0 or more, got " + maxProbe);
        }
        if (maxProbe != UNBOUNDED && path == SearchPath.SCAN) {
            throw new IllegalArgumentException("a probed query runs Multi-Index Hashing, not the scan");
        }
    }

    /** Every id within distance {@code radius} of {@code code}, ordered by distance then id. */
    public static Query radius(long[] code, int radius) {
        if (radius < 0) {
            throw new IllegalArgumentException("radius must be 0 or more, got " + radius);
        }
        return new Query(code, 0, radius, UNBOUNDED, null, SearchPath.AUTO);
    }

    /**
     * The {@code k} nearest ids to {@code code}, ties by id. Exact: MIH grows the substring radius
     * {@code s} = 0, 1, ... until {@code k} hits lie within {@code m(s + 1) - 1}, the distance every table
     * probed to {@code s} makes certain, or hands over to the scan when the next balls would cost more.
     */
    public static Query knn(long[] code, int k) {
        if (k < 1) {
            throw new IllegalArgumentException("k must be at least 1, got " + k);
        }
        return new Query(code, k, UNBOUNDED, UNBOUNDED, null, SearchPath.AUTO);
    }

    /**
     * This k-NN query, keeping only hits within {@code maxRadius} (fewer than {@code k} when fewer lie that
     * close). MIH stops growing its balls at {@code maxRadius}, so the cost is bounded however far the k-th
     * neighbour is: what blocking for batch dedup needs.
     */
    public Query within(int maxRadius) {
        requireKnn("within");
        if (maxRadius < 0) {
            throw new IllegalArgumentException("radius must be 0 or more, got " + maxRadius);
        }
        return new Query(code, k, maxRadius, maxProbe, allowed, path);
    }

    /**
     * This k-NN query made approximate: MIH probes each substring only up to {@code maxProbe} bits from the
     * query's, so the cost per query is fixed ({@code m} balls of that radius) however far the neighbours
     * are. Exact for every code within {@code m (maxProbe + 1) - 1} bits (pigeonhole); a code between that
     * and the cap is found only when one of its substrings lies within {@code maxProbe} bits of the query's.
     * The route is {@link Route#MIH_PROBED} when the answer may be incomplete. For batch work (dedup
     * blocking) where a bounded cost matters more than the last far neighbour.
     */
    public Query probing(int maxProbe) {
        requireKnn("probing");
        if (maxProbe < 0) {
            throw new IllegalArgumentException("probe radius must be 0 or more, got " + maxProbe);
        }
        return new Query(code, k, radius, maxProbe, allowed, path);
    }

    /** This query limited to the ids in {@code allowed} (null: every id). The bitmap is read, not copied. */
    public Query among(RoaringBitmap allowed) {
        return new Query(code, k, radius, maxProbe, allowed, path);
    }

    /** This query on {@code path} (for tests and benchmarks; the default is {@link SearchPath#AUTO}). */
    public Query on(SearchPath path) {
        return new Query(code, k, radius, maxProbe, allowed, path);
    }

    /** Whether this is a k-NN query (else a radius query). */
    public boolean isKnn() {
        return k > 0;
    }

    private void requireKnn(String what) {
        if (!isKnn()) {
            throw new IllegalStateException(what + " applies to a k-NN query, not to a radius query");
        }
    }
}
