package io.txmatch.match;

import java.util.Set;

/**
 * What one match asks for.
 *
 * @param k              merchants (owners) to return, 1..{@link #MAX_K}
 * @param maxDistance    when not null, the Hamming candidates are every exemplar within this radius (instead of
 *                       the nearest ones) and the lexical channel adds none of its own
 * @param excludeOwners  owners whose exemplars are not candidates (for example "this text is not merchant X",
 *                       or an evaluation that scores a query as if its merchant were not enrolled)
 * @param everyCandidate when true, every owner among the candidates is returned, ranked (the candidate pool is
 *                       still the one of {@code k}): what an evaluation needs to measure candidate recall
 * @param onlyOwners     when not null, only these owners' exemplars are candidates (a filter: the catalogue's
 *                       merchants of some categories or metadata values); empty matches nothing
 */
public record MatchQuery(int k, Integer maxDistance, Set<String> excludeOwners, boolean everyCandidate, Set<String> onlyOwners) {
    /** Most owners one query returns. */
    public static final int MAX_K = 100;

    public MatchQuery {
        if (k < 1 || k > MAX_K) {
            throw new IllegalArgumentException("k must be 1.." + MAX_K + ", got " + k);
        }
        if (maxDistance != null && maxDistance < 0) {
            throw new IllegalArgumentException("maxDistance must be >= 0, got " + maxDistance);
        }
        excludeOwners = excludeOwners == null ? Set.of() : Set.copyOf(excludeOwners);
        onlyOwners = onlyOwners == null ? null : Set.copyOf(onlyOwners);
    }

    /** A query of every owner (no {@code onlyOwners}). */
    public MatchQuery(int k, Integer maxDistance, Set<String> excludeOwners, boolean everyCandidate) {
        this(k, maxDistance, excludeOwners, everyCandidate, null);
    }

    /** This query limited to {@code owners} (null: every owner). */
    public MatchQuery onlyAmong(Set<String> owners) {
        return new MatchQuery(k, maxDistance, excludeOwners, everyCandidate, owners);
    }

    /** The {@code k} best owners, nothing excluded. */
    public static MatchQuery top(int k) {
        return new MatchQuery(k, null, Set.of(), false);
    }

    /** This query returning every candidate owner. */
    public MatchQuery withEveryCandidate() {
        return new MatchQuery(k, maxDistance, excludeOwners, true, onlyOwners);
    }

    /** This query with {@code owner} excluded as well. */
    public MatchQuery excluding(String owner) {
        java.util.Set<String> s = new java.util.HashSet<>(excludeOwners);
        s.add(owner);
        return new MatchQuery(k, maxDistance, s, everyCandidate, onlyOwners);
    }
}
