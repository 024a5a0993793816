package io.txmatch.dedup;

import io.txmatch.model.Encoder;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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
        return DedupResult.of(records, nodes, a, linked.candidates(), linked.edges().size(), millis);
    }
}
