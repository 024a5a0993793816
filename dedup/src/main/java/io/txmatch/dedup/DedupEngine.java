package io.txmatch.dedup;

import io.txmatch.model.Encoder;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The embedded dedup engine: groups records into {@link DedupNodes nodes} (distinct normalised texts),
 * encodes each node once ({@link NodeVectors}), blocks by Hamming neighbourhoods of the codes and verifies
 * by embedding cosine ({@link Linker}), and clusters by average linkage, which resists chaining
 * ({@link Clustering}).
 *
 * <pre>{@code
 * DedupEngine engine = new DedupEngine(Encoder.load(Path.of("models/default.txmb")));
 * DedupResult r = engine.run(records, DedupOptions.defaults(), DedupProgress.NONE);
 * }</pre>
 *
 * <p>Thread-safe; a run uses the common fork-join pool for its parallel stages.
 */
public final class DedupEngine {
    private final Encoder encoder;

    public DedupEngine(Encoder encoder) {
        this.encoder = encoder;
    }

    /** Throws unless the blocking radius fits the model's code width. */
    public static void checkRadius(DedupOptions options, int bits) {
        if (options.radius() > bits) {
            throw new IllegalArgumentException("the blocking radius must be 0.." + bits + " bits for this model's "
                    + bits + "-bit codes, got " + options.radius());
        }
    }

    public Encoder encoder() {
        return encoder;
    }

    /**
     * Deduplicates {@code records}. Throws {@link InvalidRecord} for input the options cannot work with
     * (repeated ids, missing dates under a date constraint; {@link DedupNodes.Checker}) and
     * {@link java.util.concurrent.CancellationException} when {@code progress} asks to stop.
     */
    public DedupResult run(List<DedupRecord> records, DedupOptions options, DedupProgress progress) {
        return run(records, options, progress, null);
    }

    /**
     * {@link #run(List, DedupOptions, DedupProgress)}, and hands every {@link ClusterPair} that made a cluster to
     * {@code pairs} (unless null): first each verified edge inside a cluster (cosine descending), then each
     * record that repeats an earlier record's text, paired with that record (input order).
     */
    public DedupResult run(List<DedupRecord> records, DedupOptions options, DedupProgress progress,
                           Consumer<ClusterPair> pairs) {
        checkRadius(options, encoder.bits());
        Map<String, Long> millis = new LinkedHashMap<>();
        long t0 = System.nanoTime();
        DedupNodes nodes = DedupNodes.of(records, options, encoder.normaliser());
        long t1 = System.nanoTime();
        millis.put("nodes", (t1 - t0) / 1_000_000);
        NodeVectors vectors = NodeVectors.encode(encoder, nodes, progress);
        long t2 = System.nanoTime();
        millis.put("encode", (t2 - t1) / 1_000_000);
        int[] day = nodes.epochDays();
        Linker.Result linked = new Linker(vectors, nodes.groupPerNode(), day, options).linkAll(progress);
        long t3 = System.nanoTime();
        millis.put("block", (t3 - t2) / 1_000_000);
        Clustering.Assignment a = Clustering.cluster(vectors, day, options, linked.edges(), progress);
        millis.put("cluster", (System.nanoTime() - t3) / 1_000_000);
        DedupResult result = DedupResult.of(records, nodes, a, linked.candidates(), linked.edges().size(), millis);
        if (pairs != null) {
            pairs(records, nodes, a, linked.edges(), result, pairs);
        }
        return result;
    }

    private static void pairs(List<DedupRecord> records, DedupNodes nodes, Clustering.Assignment a, Edges edges,
                              DedupResult result, Consumer<ClusterPair> sink) {
        for (int i = 0; i < edges.size(); i++) {
            int x = edges.a(i);
            int y = edges.b(i);
            if (a.representative()[x] == a.representative()[y]) {
                int rx = nodes.firstRecord(x);
                int ry = nodes.firstRecord(y);
                sink.accept(new ClusterPair(records.get(Math.min(rx, ry)).id(), records.get(Math.max(rx, ry)).id(),
                        edges.weight(i), result.clusterId().get(rx)));
            }
        }
        for (int r = 0; r < records.size(); r++) {
            int first = nodes.firstRecord(nodes.nodeOf(r));
            if (first != r) {
                sink.accept(new ClusterPair(records.get(first).id(), records.get(r).id(), 1f, result.clusterId().get(r)));
            }
        }
    }
}
