package io.txmatch.dedup;

/**
 * Settings of a dedup run. {@link #defaults()} holds the calibrated values (README, "Batch dedup").
 *
 * @param threshold       least embedding cosine for two texts to be linked, and least mean cosine over all
 *                        member pairs of two clusters for them to merge (average linkage; 0..1)
 * @param radius          blocking radius in Hamming bits: only texts whose codes lie this close are compared
 * @param maxCandidates   at most this many nearest codes (by Hamming distance, then id) are compared per text
 * @param sameAmount      transaction-level: linked records must have equal amounts (a missing amount equals
 *                        only a missing amount)
 * @param maxDateGapDays  transaction-level: every two records of a cluster lie at most this many days apart;
 *                        negative = no date constraint
 * @param sameKeys        transaction-level: linked records must have equal extra keys
 * @param probeRadius     0 or more ({@value #DEFAULT_PROBE_RADIUS} by default): bands of about log2(n) bits are probed
 *                        only this many bits around the text's own, a fixed cost per text that finds every code within
 *                        {@code m (probeRadius + 1) - 1} bits and farther ones up to {@code radius} in part
 *                        ({@link io.txmatch.index.Query#probing}); negative: exact, every code within
 *                        {@code radius} is a candidate (cost grows faster than linearly with the text count)
 */
public record DedupOptions(double threshold, int radius, int maxCandidates, boolean sameAmount, int maxDateGapDays,
                           boolean sameKeys, int probeRadius) implements java.io.Serializable {
    /** With the default probe radius. */
    public DedupOptions(double threshold, int radius, int maxCandidates, boolean sameAmount, int maxDateGapDays,
                        boolean sameKeys) {
        this(threshold, radius, maxCandidates, sameAmount, maxDateGapDays, sameKeys, DEFAULT_PROBE_RADIUS);
    }

    /** Similarity threshold: best pairwise F1 on validation merchants for models/default.txmb ({@code ./txmatch bench dedup-quality}; README). */
    public static final double DEFAULT_THRESHOLD = 0.70;
    /** Calibrated blocking radius for 64-bit codes (see README). */
    public static final int DEFAULT_RADIUS = 15;
    /** Calibrated candidates per text. */
    public static final int DEFAULT_MAX_CANDIDATES = 20;
    /**
     * Default probe radius: bands probed 2 bits around each code. At 1M distinct texts it blocked 5x faster than
     * exact search at the same quality (README, "Scale"); up to about 19,000 texts it is exact to radius 14.
     */
    public static final int DEFAULT_PROBE_RADIUS = 2;
    /** Most candidates per text a caller may ask for. */
    public static final int MAX_CANDIDATES_LIMIT = 1000;

    public DedupOptions {
        if (!(threshold >= 0 && threshold <= 1)) {
            throw new IllegalArgumentException("threshold must be 0..1, got " + threshold);
        }
        if (radius < 0 || radius > 256) {
            throw new IllegalArgumentException("radius must be 0..256 bits, got " + radius);
        }
        if (maxCandidates < 1 || maxCandidates > MAX_CANDIDATES_LIMIT) {
            throw new IllegalArgumentException("maxCandidates must be 1.." + MAX_CANDIDATES_LIMIT + ", got " + maxCandidates);
        }
    }

    /** Entity-level dedup with the calibrated settings and no transaction constraints. */
    public static DedupOptions defaults() {
        return new DedupOptions(DEFAULT_THRESHOLD, DEFAULT_RADIUS, DEFAULT_MAX_CANDIDATES, false, -1, false, DEFAULT_PROBE_RADIUS);
    }

    /** The same settings with another threshold. */
    public DedupOptions withThreshold(double t) {
        return new DedupOptions(t, radius, maxCandidates, sameAmount, maxDateGapDays, sameKeys, probeRadius);
    }

    /** The same settings with another blocking radius and candidate count. */
    public DedupOptions withBlocking(int r, int candidates) {
        return new DedupOptions(threshold, r, candidates, sameAmount, maxDateGapDays, sameKeys, probeRadius);
    }

    /** The same settings with transaction-level constraints. */
    public DedupOptions withConstraints(boolean amount, int dateGapDays, boolean keys) {
        return new DedupOptions(threshold, radius, maxCandidates, amount, dateGapDays, keys, probeRadius);
    }

    /** The same settings with probed (approximate, fixed-cost) blocking; a negative radius means exact. */
    public DedupOptions withProbeRadius(int probe) {
        return new DedupOptions(threshold, radius, maxCandidates, sameAmount, maxDateGapDays, sameKeys, probe);
    }

    /** Whether records carry a date the clustering must respect. */
    public boolean datesMatter() {
        return maxDateGapDays >= 0;
    }
}
