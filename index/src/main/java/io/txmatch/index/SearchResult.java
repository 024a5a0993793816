package io.txmatch.index;

import java.util.List;

/**
 * Hits of one query, ordered by distance then id, with diagnostics.
 *
 * @param neighbors  the hits
 * @param route      which search route answered ({@link Route#wireName()} gives its wire text)
 * @param candidates how many stored codes had their full distance computed
 */
public record SearchResult(List<Neighbor> neighbors, Route route, int candidates) {
    /** Copies {@code neighbors}; {@code route} must not be null. */
    public SearchResult {
        neighbors = List.copyOf(neighbors);
        if (route == null) {
            throw new IllegalArgumentException("route is null");
        }
    }
}
