package io.txmatch.dedup;

/**
 * One scored pair of records inside a cluster, as the engine linked it: a verified edge between two distinct
 * texts (each text stood for by its first record), or a record whose normalised text equals an earlier
 * record's (score 1: one text, encoded once). The pairs of a cluster are what average linkage merged it from.
 *
 * @param idA       the earlier record's id
 * @param idB       the later record's id
 * @param score     the cosine of their texts
 * @param clusterId the cluster both are in
 */
public record ClusterPair(String idA, String idB, float score, String clusterId) {
}
