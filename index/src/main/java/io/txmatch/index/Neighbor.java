package io.txmatch.index;

/** One search hit: an id and its Hamming distance to the query. Ordered by distance, then id. */
public record Neighbor(int id, int distance) implements Comparable<Neighbor> {
    @Override
    public int compareTo(Neighbor o) {
        int c = Integer.compare(distance, o.distance);
        return c != 0 ? c : Integer.compare(id, o.id);
    }
}
