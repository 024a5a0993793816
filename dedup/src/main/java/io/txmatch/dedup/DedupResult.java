package io.txmatch.dedup;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The outcome of a dedup run, per input record (input order): its cluster id and its score to the
 * cluster's representative. A cluster's id is the id of its representative record (the first record of
 * the representative node), so ids are stable, readable and unique.
 *
 * @param ids       record ids, input order
 * @param clusterId cluster id per record
 * @param score     cosine of the record's text to its cluster's representative, 0..1 (1 for the representative)
 * @param stats     what the run did
 */
public record DedupResult(List<String> ids, List<String> clusterId, float[] score, Stats stats) {
    /**
     * Counts and stage times of a run.
     *
     * @param records    input records
     * @param nodes      distinct texts (with constraints: distinct text, amount, keys and date)
     * @param candidates candidate pairs compared after blocking (a pair found from both ends counts twice)
     * @param edges      verified links
     * @param clusters   clusters in the output
     * @param largest    records in the largest cluster
     * @param millis     milliseconds per stage: nodes, encode, block, cluster
     */
    public record Stats(int records, int nodes, long candidates, int edges, int clusters, int largest,
                        Map<String, Long> millis) {
    }

    /** One cluster: its id, its member record ids (input order) and the representative record id. */
    public record Cluster(String id, List<String> members, String representative) {
    }

    /** Builds the per-record result from the node clustering. */
    static DedupResult of(List<DedupRecord> records, DedupNodes nodes, Clustering.Assignment a, long candidates, int edges,
                          Map<String, Long> millis) {
        return of(records.stream().map(DedupRecord::id).toList(), nodes.nodeOfRecord(), nodes.firstRecords(), a, candidates,
                edges, millis);
    }

    /**
     * Builds the per-record result from the node clustering, given per record its node and per node its first
     * record (what {@link DedupNodes} computes; the Spark job gets the same from {@link DedupNodes.Numbering}).
     */
    public static DedupResult of(List<String> ids, int[] nodeOfRecord, int[] firstRecordOfNode, Clustering.Assignment a,
                                 long candidates, int edges, Map<String, Long> millis) {
        int n = ids.size();
        List<String> cluster = new ArrayList<>(n);
        float[] score = new float[n];
        Map<String, Integer> sizes = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            int node = nodeOfRecord[i];
            String c = ids.get(firstRecordOfNode[a.representative()[node]]);
            cluster.add(c);
            score[i] = a.score()[node];
            sizes.merge(c, 1, Integer::sum);
        }
        int largest = sizes.values().stream().mapToInt(Integer::intValue).max().orElse(0);
        return new DedupResult(List.copyOf(ids), List.copyOf(cluster), score,
                new Stats(n, firstRecordOfNode.length, candidates, edges, sizes.size(), largest, Map.copyOf(millis)));
    }

    /** The clusters, in order of their first member. */
    public List<Cluster> clusters() {
        Map<String, List<String>> members = new LinkedHashMap<>();
        for (int i = 0; i < ids.size(); i++) {
            members.computeIfAbsent(clusterId.get(i), k -> new ArrayList<>()).add(ids.get(i));
        }
        List<Cluster> out = new ArrayList<>(members.size());
        members.forEach((id, m) -> out.add(new Cluster(id, List.copyOf(m), id)));
        return out;
    }
}
