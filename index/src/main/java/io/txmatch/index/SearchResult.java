package io.txmatch.index;

import java.util.List;

/**
 * Hits of one query, ordered by distance then id, with diagnostics.
 *
 * @param neighbors  the hits
 * @param path       which search path answered (for example {@code "scan"})
 * @param candidates how many stored codes had their full distance computed
 */
public record SearchResult(List<Neighbor> neighbors, String path, int candidates) {
    public SearchResult {
        neighbors = List.copyOf(neighbors);
    }
}
