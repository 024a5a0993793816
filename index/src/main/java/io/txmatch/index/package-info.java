/**
 * Exact Hamming search over binary codes: radius and k-NN queries by Multi-Index Hashing over RoaringBitmap
 * posting lists, with deletes. Knows neither DL4J nor Javalin.
 *
 * <ul>
 *   <li>{@link io.txmatch.index.CodeIndex}: segments ({@code SealedSegment}, {@code DeltaSegment}), writes,
 *       deletes, compaction, {@link io.txmatch.index.CodeIndex.Frozen} snapshots; one entry point
 *       {@link io.txmatch.index.CodeIndex#search(Query)}.</li>
 *   <li>{@link io.txmatch.index.Query}: one search (radius or k-NN, cap, probe, filter, the route asked for as a
 *       {@link io.txmatch.index.SearchPath}); {@link io.txmatch.index.SearchResult} says which
 *       {@link io.txmatch.index.Route} ran.</li>
 *   <li>{@code MihSearch} and {@code ScanSearch}: the two routes; {@link io.txmatch.index.CostModel}: every
 *       substring count (served k-NN and the dedup bands included) and the choice between MIH and the scan.</li>
 *   <li>{@link io.txmatch.index.Hamming}: the one distance kernel; {@link io.txmatch.index.Codes}: code
 *       helpers.</li>
 * </ul>
 *
 * <p>Durable storage (a checksummed record log and snapshots) lives in {@link io.txmatch.index.store}.
 */
package io.txmatch.index;
